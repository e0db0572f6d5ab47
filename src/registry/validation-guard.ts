import { blockingGates, BLOCKING_OUTCOMES, type ModelVersion } from '../contract/index.js';
import { mpError } from '../core/index.js';
import type { Db } from '../store/index.js';
import { latestValidation } from './validation-repo.js';

/** What an overridden refusal adds to the audit event of the move. */
export interface ForcedOverride {
  readonly forced: true;
  readonly validation: { readonly run: number; readonly outcome: string; readonly blockingGates: readonly string[] };
}

/**
 * Refuses to move `version` to production (`what` names the move) when its latest validation run failed or errored,
 * naming the gates; with `force` it lets the move happen and returns what the audit event must record instead.
 * A version never validated is not blocked (validation is opt-in; approvals are the policy's hard requirement).
 * @example const override = await guardValidation(trx, version, 'alias @champion', false) // throws MP_REGISTRY_VALIDATION_FAILED
 */
export async function guardValidation(db: Db, version: ModelVersion, what: string, force: boolean): Promise<ForcedOverride | undefined> {
  const run = await latestValidation(db, { name: version.model, version: version.version });
  if (!run || !BLOCKING_OUTCOMES.includes(run.outcome)) return undefined;
  const gates = blockingGates(run);
  if (!force) {
    throw mpError('MP_REGISTRY_VALIDATION_FAILED', version.uri, run.id, `${run.outcome} in ${gates.join(', ')}`, ` (needed for ${what})`, version.uri);
  }
  return { forced: true, validation: { run: run.id, outcome: run.outcome, blockingGates: gates } };
}
