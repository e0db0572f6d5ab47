import { recordAudit, type AuditEntry } from '../audit/index.js';
import { checkValue, RolloutSnapshot } from '../contract/index.js';
import { isLive, isoTime, LIVE_PHASES, mpError } from '../core/index.js';
import type { Db, Store } from '../store/index.js';

/** A snapshot with the row version it was read at (optimistic concurrency). */
export interface StoredRollout {
  readonly snapshot: RolloutSnapshot;
  readonly rowVersion: number;
}


/** Inserts a new rollout, refusing a second live one on the same endpoint, with its audit event. */
export async function insertRollout(store: Store, s: RolloutSnapshot, audit: AuditEntry): Promise<void> {
  await store.transaction(async (trx) => {
    const live = await trx.selectFrom('rollouts').select(['id', 'phase']).where('endpoint', '=', s.endpoint).where('phase', 'in', [...LIVE_PHASES]).executeTakeFirst();
    if (live) throw mpError('MP_ROLLOUT_ACTIVE', s.endpoint, `${live.id}, ${live.phase}`, s.endpoint);
    const at = isoTime(s.createdAt);
    await trx.insertInto('rollouts').values({ id: s.id, endpoint: s.endpoint, phase: s.phase, snapshot: JSON.stringify(s), row_version: 1, created_at: at, updated_at: at }).execute();
    await recordAudit(trx, at, [audit]);
  });
}

/**
 * Saves a new snapshot if nobody saved since `rowVersion` was read, with the audit events of that transition,
 * in one transaction. Returns the new row version.
 */
export async function saveRollout(store: Store, s: RolloutSnapshot, rowVersion: number, audits: readonly AuditEntry[]): Promise<number> {
  return store.transaction(async (trx) => {
    const at = isoTime(s.updatedAt);
    const result = await trx
      .updateTable('rollouts')
      .set({ phase: s.phase, snapshot: JSON.stringify(s), row_version: rowVersion + 1, updated_at: at })
      .where('id', '=', s.id)
      .where('row_version', '=', rowVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw mpError('MP_ROLLOUT_CONFLICT', s.endpoint);
    await recordAudit(trx, at, audits);
    return rowVersion + 1;
  });
}

/** The newest rollout of an endpoint, or undefined. */
export async function latestRollout(db: Db, endpoint: string): Promise<StoredRollout | undefined> {
  const row = await db.selectFrom('rollouts').select(['snapshot', 'row_version']).where('endpoint', '=', endpoint).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row && parse(row);
}

/**
 * What a restart must pick up: each endpoint's latest rollout when it is still Progressing or Paused, or when
 * it succeeded and its standby has yet to be released.
 */
export async function pendingRollouts(db: Db): Promise<StoredRollout[]> {
  const endpoints = await db.selectFrom('rollouts').select('endpoint').distinct().execute();
  const latest = await Promise.all(endpoints.map((e) => latestRollout(db, e.endpoint)));
  return latest.filter((r): r is StoredRollout => r !== undefined && (isLive(r.snapshot.phase) || r.snapshot.standbyUntil !== null));
}

/** Recent rollouts, newest first. */
export async function listRollouts(db: Db, limit = 50): Promise<RolloutSnapshot[]> {
  const rows = await db.selectFrom('rollouts').select(['snapshot', 'row_version']).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => parse(r).snapshot);
}

/** A snapshot read back is checked against its schema: a restart trusts nothing it cannot verify. */
function parse(row: { snapshot: string; row_version: number }): StoredRollout {
  const checked = checkValue(RolloutSnapshot, JSON.parse(row.snapshot));
  if (!checked.ok) throw mpError('MP_INTERNAL', `a stored rollout does not match its schema: ${checked.problems.join('; ')}`);
  return { snapshot: checked.value, rowVersion: row.row_version };
}
