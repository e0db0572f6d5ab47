import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveServed, type ServingDeps } from '../infer.js';

type Req = FastifyRequest<{ Params: { endpoint: string } }>;

/**
 * The gateway's `GET /api/v1/models/{endpoint}/health`. Its `POST …/predict` is among the data plane's own
 * routes (http/infer-routes).
 */
export function predictRoutes(app: FastifyInstance, deps: ServingDeps): void {
  app.get('/api/v1/models/:endpoint/health', async (request: Req, reply) => {
    const { served } = resolveServed(deps, request.params.endpoint, undefined, request.headers);
    void reply.header('x-modelpilot-version', String(served.entry.version));
    return { status: 'healthy', endpoint: request.params.endpoint, model: served.entry.model, model_version: served.entry.version };
  });
}
