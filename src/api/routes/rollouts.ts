import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLLOUT_ACTIONS, RollbackRequest, RolloutSnapshot, RolloutSpec, type RolloutAction } from '../../contract/index.js';
import { isLive, mpError } from '../../core/index.js';
import type { ApiDeps } from '../api-deps.js';

type Named = FastifyRequest<{ Params: { endpoint: string } }>;

/** `/api/v1/rollouts…` and `/api/v1/endpoints/{name}/rollback`. */
export function rolloutRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/api/v1/rollouts', { schema: { body: RolloutSpec, response: { 201: RolloutSnapshot } } }, async (request: FastifyRequest<{ Body: RolloutSpec }>, reply) =>
    reply.code(201).send(await deps.rollouts.start(request.body, deps.actorOf(request))),
  );
  app.get('/api/v1/rollouts', { schema: { response: { 200: { type: 'array', items: RolloutSnapshot } } } }, () => deps.rollouts.list());
  app.get('/api/v1/rollouts/:endpoint', { schema: { response: { 200: RolloutSnapshot } } }, (request: Named) => deps.rollouts.get(request.params.endpoint));
  for (const action of ROLLOUT_ACTIONS) {
    app.post(`/api/v1/rollouts/:endpoint/${action}`, { schema: { response: { 200: RolloutSnapshot } } }, async (request: Named) => {
      const current = await deps.rollouts.get(request.params.endpoint);
      if (!isLive(current.phase)) throw mpError('MP_ROLLOUT_NOT_ACTIVE', request.params.endpoint, current.phase, action);
      return deps.rollouts.signal(request.params.endpoint, { type: action as RolloutAction, actor: deps.actorOf(request) });
    });
  }
  app.post(
    '/api/v1/endpoints/:endpoint/rollback',
    { schema: { body: RollbackRequest } },
    async (request: FastifyRequest<{ Params: { endpoint: string }; Body: RollbackRequest | undefined }>) =>
      deps.rollback(request.params.endpoint, request.body?.to, deps.actorOf(request)),
  );
}
