import { Type, type Static } from 'typebox';

/** An append-only, hash-chained record of one change. */
export const AuditEvent = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof AuditEvent>;

/** The result of walking the chain: intact, or the first broken event and why. */
export const AuditVerification = Type.Union([
  Type.Object({ ok: Type.Literal(true), events: Type.Integer(), head: Type.String() }),
  Type.Object({ ok: Type.Literal(false), events: Type.Integer(), brokenAt: Type.Integer(), reason: Type.String() }),
]);
export type AuditVerification = Static<typeof AuditVerification>;
