import { Type, type Static } from 'typebox';

/** `POST /api/v1/endpoints/{name}/rollback`: back to the previous version, or to `to`. */
export const RollbackRequest = Type.Object({ to: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export type RollbackRequest = Static<typeof RollbackRequest>;

/** Manual actions on a rollout. */
export const ROLLOUT_ACTIONS = ['pause', 'resume', 'promote', 'abort'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];
