import { Type, type Static } from 'typebox';
import { ServingPlan } from './serving-plan.js';

/** `POST /api/v1/endpoints/{name}/deploy`: switch the endpoint to this version at once. */
export const DeployRequest = Type.Object(
  {
    model: Type.String({ minLength: 1, description: 'model URI, e.g. models:/fraud@champion' }),
    force: Type.Optional(Type.Boolean({ description: 'deploy to a production endpoint although the latest validation failed (audited)' })),
  },
  { additionalProperties: false },
);
export type DeployRequest = Static<typeof DeployRequest>;

/** What the data plane is doing for one version of an endpoint right now. */
export const ServedStatus = Type.Object({ version: Type.Integer(), model: Type.String(), inflight: Type.Integer() });

/** An endpoint: its persisted plan and, when served here, its live state. */
export const EndpointView = Type.Object({
  name: Type.String(),
  plan: ServingPlan,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  state: Type.Union([Type.Literal('serving'), Type.Literal('loading'), Type.Literal('not-loaded')]),
  served: Type.Array(ServedStatus),
});
export type EndpointView = Static<typeof EndpointView>;
