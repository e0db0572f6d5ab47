import type { RolloutSnapshot, RolloutSpec, Strategy, VersionRef } from '../contract/index.js';
import { mpError, versionUri, type Clock } from '../core/index.js';
import type { Notifier } from '../monitoring/index.js';
import type { Registry } from '../registry/index.js';
import type { Store } from '../store/index.js';
import { executeEffects } from './controller-effects.js';
import { decide } from './decide.js';
import { getEndpoint } from './endpoint-repo.js';
import { measure } from './measure.js';
import { newSnapshot } from './new-snapshot.js';
import type { PlanApplier } from './plan-applier.js';
import type { ArmSource, SmokeTester } from './ports.js';
import { insertRollout, latestRollout, listRollouts, pendingRollouts, saveRollout, type StoredRollout } from './rollout-repo.js';
import type { RolloutEvent } from './rollout-types.js';
import type { Serializer } from './serializer.js';
import { endpointOf } from './spec.js';
import { guardProductionDeploy } from './production-guard.js';
import type { RolloutEvents } from './events.js';

export interface RolloutControllerDeps {
  readonly store: Store;
  readonly registryAs: (actor: string) => Registry;
  readonly applier: PlanApplier;
  readonly arms: ArmSource;
  readonly smoke: SmokeTester;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly serializer: Serializer;
  readonly newId: () => string;
  readonly events: RolloutEvents;
}

/**
 * The loop around decide(): load the snapshot, measure, decide, execute the effects, save, and wake up when
 * the decision says. Every transition of an endpoint runs under its serializer, and a restart needs nothing but
 * the database (`resumeAll`).
 * @example const rollouts = createRolloutController(deps); await rollouts.start({ model: 'fraud/3', strategy: 'canary' }, 'ana');
 */
export function createRolloutController(deps: RolloutControllerDeps) {
  const timers = new Map<string, unknown>();
  let stopped = false;

  const schedule = (s: RolloutSnapshot, ms: number | null): void => {
    deps.clock.clearTimeout(timers.get(s.endpoint));
    timers.delete(s.endpoint);
    if (ms !== null && !stopped) timers.set(s.endpoint, deps.clock.setTimeout(() => void tick(s.endpoint).catch(() => undefined), ms));
  };

  const transition = async (stored: StoredRollout, event: RolloutEvent): Promise<RolloutSnapshot> => {
    const now = deps.clock.now();
    const d = decide(stored.snapshot, event, now);
    const results = await executeEffects({ ...deps, onSmoke: (endpoint, ok, message) => void signal(endpoint, { type: 'smoke', ok, message }).catch(() => undefined) }, d.snapshot, d.effects);
    const rowVersion = d.effects.length || d.snapshot !== stored.snapshot ? await saveRollout(deps.store, d.snapshot, stored.rowVersion, results.audits) : stored.rowVersion;
    schedule(d.snapshot, d.requeueAfterMs);
    if (rowVersion !== stored.rowVersion) deps.events.publish(d.snapshot);
    if (results.applyFailure !== undefined) return transition({ snapshot: d.snapshot, rowVersion }, { type: 'applyFailed', message: results.applyFailure });
    return d.snapshot;
  };

  const withLatest = (endpoint: string, event: (s: RolloutSnapshot) => RolloutEvent): Promise<RolloutSnapshot> =>
    deps.serializer.run(endpoint, async () => {
      const stored = await deps.store.query((db) => latestRollout(db, endpoint));
      if (!stored) throw mpError('MP_ROLLOUT_NOT_FOUND', endpoint, endpoint);
      return transition(stored, event(stored.snapshot));
    });

  const tick = (endpoint: string): Promise<RolloutSnapshot> => withLatest(endpoint, (s) => ({ type: 'tick', ...optional(measure(s, deps.arms, deps.clock.now())) }));
  const signal = (endpoint: string, event: RolloutEvent): Promise<RolloutSnapshot> => withLatest(endpoint, () => event);

  return {
    start: (spec: RolloutSpec, actor: string) => start(deps, spec, actor, transition),
    signal,
    tick,
    get: async (endpoint: string): Promise<RolloutSnapshot> => {
      const stored = await deps.store.query((db) => latestRollout(db, endpoint));
      if (!stored) throw mpError('MP_ROLLOUT_NOT_FOUND', endpoint, endpoint);
      return stored.snapshot;
    },
    list: () => deps.store.query((db) => listRollouts(db)),
    /** Picks every live rollout (and pending standby releases) back up after a restart. */
    resumeAll: async (): Promise<number> => {
      const pending = await deps.store.query(pendingRollouts);
      for (const r of pending) schedule(r.snapshot, 0);
      return pending.length;
    },
    stop: (): void => {
      stopped = true;
      for (const t of timers.values()) deps.clock.clearTimeout(t);
      timers.clear();
    },
  };
}

export type RolloutController = ReturnType<typeof createRolloutController>;

function optional<T>(report: T | undefined): { report?: T } {
  return report === undefined ? {} : { report };
}

async function start(
  deps: RolloutControllerDeps,
  spec: RolloutSpec,
  actor: string,
  transition: (stored: StoredRollout, event: RolloutEvent) => Promise<RolloutSnapshot>,
): Promise<RolloutSnapshot> {
  const endpoint = endpointOf(spec);
  const strategy: Strategy = spec.strategy ?? 'canary';
  const version = await deps.registryAs(actor).getVersion(spec.model);
  const target: VersionRef = { model: version.model, version: version.version, digest: version.digest };
  return deps.serializer.run(endpoint, async () => {
    const current = await deps.store.query((db) => getEndpoint(db, endpoint));
    const stableEntry = current?.plan.versions.filter((v) => v.role === 'stable' || v.role === 'arm').sort((a, b) => b.weight - a.weight)[0];
    const stable: VersionRef | null = stableEntry ? { model: stableEntry.model, version: stableEntry.version, digest: stableEntry.digest } : null;
    if (stable?.version === target.version && stable.model === target.model) {
      throw mpError('MP_ROLLOUT_SPEC_INVALID', `${versionUri(target.model, target.version)} already serves endpoint '${endpoint}'`);
    }
    const override = await guardProductionDeploy(deps.registryAs(actor), endpoint, stable, versionUri(target.model, target.version), spec.onSuccess ?? { setAlias: 'champion' }, spec.force === true);
    const s = newSnapshot({ id: deps.newId(), endpoint, spec, strategy, stable, target, planRevision: current?.plan.revision ?? 0, actor, now: deps.clock.now() });
    const snapshot = stable ? s : { ...s, steps: [] };
    const details = { rollout: s.id, strategy, from: stable && versionUri(stable.model, stable.version), to: versionUri(target.model, target.version), ...override };
    await insertRollout(deps.store, snapshot, { actor, action: 'rollout.start', subject: `endpoints:/${endpoint}`, details });
    return transition({ snapshot, rowVersion: 1 }, { type: 'start' });
  });
}
