import type { ServingPlan } from '../contract/index.js';
import { isLive, isoTime, mpError, versionUri, type Clock } from '../core/index.js';
import type { Registry } from '../registry/index.js';
import type { Store } from '../store/index.js';
import { deleteEndpoint, getEndpoint, listEndpoints, savePlan, type EndpointRecord } from './endpoint-repo.js';
import type { PlanApplier } from './plan-applier.js';
import { latestRollout } from './rollout-repo.js';
import type { Serializer } from './serializer.js';
import { singleVersionPlan } from './plans.js';
import { guardProductionDeploy } from './production-guard.js';

export interface EndpointServiceDeps {
  readonly store: Store;
  readonly registry: Registry;
  readonly applier: PlanApplier;
  readonly clock: Clock;
  /** Shared with the rollout controller: one change at a time per endpoint. */
  readonly serializer: Serializer;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Endpoints and their plans: deploy a version at once (load, verify, warm up, swap — the data plane keeps
 * serving the old version until the new one is ready), list, remove, and restore everything at start.
 * @example await endpoints.deploy('fraud', 'models:/fraud@champion', 'ana')
 */
export function createEndpointService(deps: EndpointServiceDeps) {
  const serialized = <T>(endpoint: string, fn: () => Promise<T>): Promise<T> => deps.serializer.run(endpoint, fn);
  return {
    deploy: (endpoint: string, uri: string, actor: string, force = false): Promise<EndpointRecord> =>
      serialized(endpoint, () => deploy(deps, endpoint, uri, actor, force)),
    remove: (endpoint: string, actor: string): Promise<void> => serialized(endpoint, () => remove(deps, endpoint, actor)),
    get: async (endpoint: string): Promise<EndpointRecord> => {
      const found = await deps.store.query((db) => getEndpoint(db, endpoint));
      if (!found) throw mpError('MP_ENDPOINT_NOT_FOUND', endpoint);
      return found;
    },
    list: (): Promise<EndpointRecord[]> => deps.store.query(listEndpoints),
    /** Applies every persisted plan (at start); returns the endpoints that failed to come up and why. */
    restore: async (): Promise<{ endpoint: string; error: string }[]> => {
      const failures: { endpoint: string; error: string }[] = [];
      // All at once: each endpoint answers 503 (loading) rather than 404 from the moment its restore begins.
      const all = await deps.store.query(listEndpoints);
      await Promise.all(all.map((e) => deps.applier.applyPlan(e.plan).catch((err: unknown) => failures.push({ endpoint: e.name, error: (err as Error).message }))));
      return failures;
    },
  };
}

export type EndpointService = ReturnType<typeof createEndpointService>;

async function deploy(deps: EndpointServiceDeps, endpoint: string, uri: string, actor: string, force: boolean): Promise<EndpointRecord> {
  if (!NAME.test(endpoint)) throw mpError('MP_ENDPOINT_NAME_INVALID', endpoint);
  const live = await deps.store.query((db) => latestRollout(db, endpoint));
  if (live && isLive(live.snapshot.phase)) {
    throw mpError('MP_ROLLOUT_ACTIVE', endpoint, `${live.snapshot.id}, ${live.snapshot.phase}`, endpoint);
  }
  const version = await deps.registry.getVersion(uri);
  const current = await deps.store.query((db) => getEndpoint(db, endpoint));
  const stable = current?.plan.versions.find((v) => v.role === 'stable') ?? null;
  const override = await guardProductionDeploy(deps.registry, endpoint, stable, version.uri, null, force);
  const plan = singleVersionPlan(endpoint, (current?.plan.revision ?? 0) + 1, { model: version.model, version: version.version, digest: version.digest });
  await deps.applier.applyPlan(plan);
  const at = isoTime(deps.clock.now());
  await savePlan(deps.store, plan, at, {
    actor,
    action: 'endpoint.deploy',
    subject: `endpoints:/${endpoint}`,
    details: { from: current ? served(current.plan) : null, to: versionUri(version.model, version.version), requested: uri, revision: plan.revision, ...override },
  });
  return (await deps.store.query((db) => getEndpoint(db, endpoint)))!;
}

async function remove(deps: EndpointServiceDeps, endpoint: string, actor: string): Promise<void> {
  const current = await deps.store.query((db) => getEndpoint(db, endpoint));
  if (!current) throw mpError('MP_ENDPOINT_NOT_FOUND', endpoint);
  await deleteEndpoint(deps.store, endpoint, isoTime(deps.clock.now()), { actor, action: 'endpoint.delete', subject: `endpoints:/${endpoint}`, details: { was: served(current.plan) } });
  await deps.applier.remove(endpoint);
}

function served(plan: ServingPlan): string[] {
  return plan.versions.map((v) => `${versionUri(v.model, v.version)} (${v.role} ${v.weight}%)`);
}
