import type { AuditEvent, AuditVerification } from '../contract/index.js';
import type { Db, Trx } from '../store/index.js';
import { GENESIS_HASH } from '../store/index.js';
import { chainHash } from './audit-chain.js';

/** One change to record; `subject` is a model URI or other stable name of what changed. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Appends events inside the caller's transaction, so the change and its record commit together.
 * Writers serialize on the one-row head, which keeps the chain linear under concurrency; call this
 * last in a transaction so that lock is held briefly.
 */
export async function recordAudit(trx: Trx, at: string, entries: readonly AuditEntry[]): Promise<void> {
  for (const entry of entries) {
    const head = await trx
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const fields = { seq: head.seq, at, actor: entry.actor, action: entry.action, subject: entry.subject, details: entry.details ?? {} };
    const hash = chainHash(head.hash, fields);
    await trx.insertInto('audit_events').values({ ...fields, details: JSON.stringify(fields.details), prev_hash: head.hash, hash }).execute();
    await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  }
}

export interface AuditQuery {
  readonly subject?: string;
  readonly action?: string;
  /** Newest events first when listing; at most this many. */
  readonly limit?: number;
}

/** Lists events, oldest first, limited to the newest `limit` of those matching. */
export async function listAudit(db: Db, query: AuditQuery = {}): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (query.subject) q = q.where((eb) => eb.or([eb('subject', '=', query.subject!), eb('subject', 'like', `${query.subject!}/%`)]));
  if (query.action) q = q.where('action', '=', query.action);
  const rows = await q.orderBy('seq', 'desc').limit(query.limit ?? 100).execute();
  return rows.reverse().map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

const PAGE = 2000;

/** Walks the whole chain in order and names the first event whose link or hash does not hold. */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
    for (const r of rows) {
      const broken = brokenReason(r, expectedSeq, prev);
      if (broken) return { ok: false, events: expectedSeq - 1, brokenAt: r.seq, reason: broken };
      prev = r.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.seq !== expectedSeq - 1 || head.hash !== prev) {
    return { ok: false, events: expectedSeq - 1, brokenAt: expectedSeq, reason: `events after #${expectedSeq - 1} were deleted (the head records #${head.seq})` };
  }
  return { ok: true, events: expectedSeq - 1, head: prev };
}

function brokenReason(
  r: { seq: number; at: string; actor: string; action: string; subject: string; details: string; prev_hash: string; hash: string },
  expectedSeq: number,
  prev: string,
): string | undefined {
  if (r.seq !== expectedSeq) return `event #${expectedSeq} is missing`;
  if (r.prev_hash !== prev) return `its previous-hash does not match event #${expectedSeq - 1}`;
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    return 'its details are not valid JSON';
  }
  const hash = chainHash(r.prev_hash, { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details });
  return hash === r.hash ? undefined : 'its content does not match its hash (the row was edited)';
}
