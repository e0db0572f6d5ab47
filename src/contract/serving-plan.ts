import { Type, type Static } from 'typebox';

export { ROLES, type Role } from '../core/index.js';

/** One version serving an endpoint. `weight` is its share (0–100) of primary traffic. */
export const PlanVersion = Type.Object({
  model: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  digest: Type.String(),
  role: Type.Union([Type.Literal('stable'), Type.Literal('canary'), Type.Literal('shadow'), Type.Literal('arm'), Type.Literal('standby')]),
  weight: Type.Number({ minimum: 0, maximum: 100 }),
});
export type PlanVersion = Static<typeof PlanVersion>;

/**
 * An immutable value that tells the data plane everything about one endpoint's traffic.
 * The data plane never reads the database: it learns endpoints only through plans.
 */
export const ServingPlan = Type.Object({
  endpoint: Type.String(),
  /** Increases with every change, so a stale plan is never applied over a newer one. */
  revision: Type.Integer({ minimum: 1 }),
  versions: Type.Array(PlanVersion, { minItems: 1 }),
  /** Percent of requests mirrored to the shadow version. */
  mirrorPercent: Type.Number({ minimum: 0, maximum: 100 }),
  /** Sticky routing key, e.g. `header:x-user-id`. */
  stickyKey: Type.Optional(Type.String()),
});
export type ServingPlan = Static<typeof ServingPlan>;
