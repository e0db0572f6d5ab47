import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeployRequest, EndpointView } from '../../contract/index.js';
import type { EndpointRecord } from '../../rollout/index.js';
import type { ApiDeps } from '../api-deps.js';

type Named = FastifyRequest<{ Params: { name: string } }>;

/** `/api/v1/endpoints…`: list, show, deploy at once, delete. */
export function endpointRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const view = (r: EndpointRecord): EndpointView => ({ ...r, ...deps.liveStatus(r.name) });
  app.get('/api/v1/endpoints', { schema: { response: { 200: { type: 'array', items: EndpointView } } } }, async () => (await deps.endpoints.list()).map(view));
  app.get('/api/v1/endpoints/:name', { schema: { response: { 200: EndpointView } } }, async (request: Named) => view(await deps.endpoints.get(request.params.name)));
  app.post(
    '/api/v1/endpoints/:name/deploy',
    { schema: { body: DeployRequest, response: { 200: EndpointView } } },
    async (request: FastifyRequest<{ Params: { name: string }; Body: DeployRequest }>) =>
      view(await deps.endpoints.deploy(request.params.name, request.body.model, deps.actorOf(request), request.body.force === true)),
  );
  app.delete('/api/v1/endpoints/:name', async (request: Named, reply) => {
    await deps.endpoints.remove(request.params.name, deps.actorOf(request));
    return reply.code(204).send();
  });
}
