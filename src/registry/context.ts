import { recordAudit, type AuditEntry } from '../audit/index.js';
import { isoTime, type Clock } from '../core/index.js';
import type { InferenceEngine } from '../engine/index.js';
import type { ArtifactStore, Store, Trx } from '../store/index.js';

/** What every registry operation needs; built once by the composition root. */
export interface RegistryContext {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly engine: InferenceEngine;
  readonly clock: Clock;
  /** Who is acting (recorded in the audit trail and as creator/approver defaults). */
  readonly actor: string;
}

/** An audit record without its actor: {@link mutate} fills in the context's actor. */
export type Change = Omit<AuditEntry, 'actor'>;

/**
 * Runs one registry change in a transaction and records its audit events in that same transaction,
 * last, so a change is never committed without its record (nor a record without its change).
 */
export async function mutate<T>(
  ctx: RegistryContext,
  fn: (trx: Trx, at: string) => Promise<{ result: T; changes: readonly Change[] }>,
): Promise<T> {
  const at = isoTime(ctx.clock.now());
  return ctx.store.transaction(async (trx) => {
    const { result, changes } = await fn(trx, at);
    await recordAudit(trx, at, changes.map((c) => ({ ...c, actor: ctx.actor })));
    return result;
  });
}
