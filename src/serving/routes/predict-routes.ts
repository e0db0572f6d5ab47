import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mpError } from '../../core/index.js';
import { rowsToFeeds } from '../feeds.js';
import { countAnswer, infer, resolveServed, type ServingDeps } from '../infer.js';
import { toPredictions } from '../predictions.js';
import { markServed } from './errors.js';

type Req = FastifyRequest<{ Params: { endpoint: string } }>;

/** The gateway routes: `POST /api/v1/models/{endpoint}/predict` and `GET …/health`. */
export function predictRoutes(app: FastifyInstance, deps: ServingDeps): void {
  app.post('/api/v1/models/:endpoint/predict', async (request: Req, reply) => {
    const routed = resolveServed(deps, request.params.endpoint, undefined, request.headers);
    const { served } = routed;
    void reply.header('x-request-id', request.id).header('x-modelpilot-version', String(served.entry.version));
    markServed(request, served);
    const result = await infer(deps, routed, request.id, (layout) => rowsToFeeds(layout, instancesOf(request.body), deps.nonFinite, deps.maxRows));
    countAnswer(deps, served, 'predict', 200);
    const p = toPredictions(result.outputs, served.layout, result.rows);
    return {
      predictions: p.values ?? p.labels ?? [],
      ...(p.probabilities ? { probabilities: p.probabilities } : {}),
      model_version: served.entry.version,
      request_id: request.id,
    };
  });
  app.get('/api/v1/models/:endpoint/health', async (request: Req, reply) => {
    const { served } = resolveServed(deps, request.params.endpoint, undefined, request.headers);
    void reply.header('x-modelpilot-version', String(served.entry.version));
    return { status: 'healthy', endpoint: request.params.endpoint, model: served.entry.model, model_version: served.entry.version };
  });
}

function instancesOf(body: unknown): unknown[] {
  const instances = (body as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) throw mpError('MP_SERVING_INPUT_INVALID', "the body has no 'instances' list", 'send {"instances": [[…], …]} or records by feature name');
  return instances;
}
