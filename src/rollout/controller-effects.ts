import type { AuditEntry } from '../audit/index.js';
import type { RolloutSnapshot, ServingPlan } from '../contract/index.js';
import { isoTime, versionUri, type Clock } from '../core/index.js';
import type { Notifier } from '../monitoring/index.js';
import type { Registry } from '../registry/index.js';
import type { Store } from '../store/index.js';
import { getEndpoint, savePlan } from './endpoint-repo.js';
import type { PlanApplier } from './plan-applier.js';
import type { SmokeTester } from './ports.js';
import type { RolloutEffect } from './rollout-types.js';

export interface EffectDeps {
  readonly store: Store;
  readonly applier: PlanApplier;
  readonly registryAs: (actor: string) => Registry;
  readonly smoke: SmokeTester;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** Feeds an outside result (a smoke test's) back into the rollout later. */
  readonly onSmoke: (endpoint: string, ok: boolean, message: string) => void;
}

/** What executing a decision's effects produced: audit events to save with the snapshot, and a failure to apply. */
export interface EffectResults {
  readonly audits: AuditEntry[];
  readonly applyFailure: string | undefined;
}

/**
 * Executes effects in order, each idempotent (re-applying a plan or re-setting an alias changes nothing), so a
 * crash between executing and saving is repaired by doing it again. Registry and notification problems are
 * recorded, never thrown: traffic decisions do not wait on them.
 */
export async function executeEffects(deps: EffectDeps, s: RolloutSnapshot, effects: readonly RolloutEffect[]): Promise<EffectResults> {
  const audits: AuditEntry[] = [];
  const audit = (action: string, details: Record<string, unknown>): void => {
    audits.push({ actor: s.actor, action, subject: `endpoints:/${s.endpoint}`, details: { rollout: s.id, ...details } });
  };
  for (const effect of effects) {
    if (effect.type === 'applyPlan') {
      const failure = await applyPlan(deps, effect.plan);
      if (failure) return { audits, applyFailure: failure };
    } else if (effect.type === 'audit') audit(effect.action, effect.details);
    else if (effect.type === 'notify') deps.notifier.send(s.spec.notify ?? [], { kind: effect.kind, subject: s.endpoint, message: effect.message, at: isoTime(deps.clock.now()), details: { rollout: s.id, phase: s.phase } });
    else if (effect.type === 'smokeTest') void deps.smoke.check(effect.endpoint, effect.version).then((r) => deps.onSmoke(effect.endpoint, r.ok, r.message), (e: unknown) => deps.onSmoke(effect.endpoint, false, (e as Error).message));
    else await registryEffect(deps, s, effect, audit);
  }
  return { audits, applyFailure: undefined };
}

async function applyPlan(deps: EffectDeps, planned: ServingPlan): Promise<string | undefined> {
  try {
    // A crash between saving the endpoint's plan and the rollout's snapshot leaves the snapshot one revision
    // behind; the data plane ignores stale revisions, so a plan always goes out above the endpoint's current one.
    const current = await deps.store.query((db) => getEndpoint(db, planned.endpoint));
    const plan = current && current.plan.revision >= planned.revision ? { ...planned, revision: current.plan.revision + 1 } : planned;
    await deps.applier.applyPlan(plan);
    await savePlan(deps.store, plan, isoTime(deps.clock.now()));
    return undefined;
  } catch (e) {
    return (e as Error).message ?? String(e);
  }
}

async function registryEffect(deps: EffectDeps, s: RolloutSnapshot, effect: Extract<RolloutEffect, { type: 'promoteInRegistry' | 'tagVersion' }>, audit: (action: string, details: Record<string, unknown>) => void): Promise<void> {
  const registry = deps.registryAs(s.actor);
  const uri = versionUri(effect.version.model, effect.version.version);
  const attempt = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      audit('rollout.registry-refused', { what, version: uri, error: (e as Error).message });
    }
  };
  if (effect.type === 'tagVersion') return attempt('tag', () => registry.tagVersion(uri, effect.tags));
  const { setAlias, stage, archivePrevious } = effect.onSuccess;
  if (setAlias) await attempt(`alias @${setAlias}`, () => registry.setAlias(effect.version.model, setAlias, effect.version.version));
  if (stage) await attempt(`stage ${stage}`, () => registry.setStage(uri, stage, { archiveExisting: Boolean(archivePrevious) }));
}
