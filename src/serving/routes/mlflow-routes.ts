import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mpError } from '../../core/index.js';
import { countAnswer, infer, resolveServed, type ServingDeps } from '../infer.js';
import { decodeMlflow, encodeMlflow } from '../protocols/mlflow.js';
import { toPredictions } from '../predictions.js';
import { markServed, sendError } from './errors.js';

/** The endpoint header MLflow-style clients use when one server hosts several endpoints. */
export const ENDPOINT_HEADER = 'x-modelpilot-endpoint';

/** MLflow's scoring server: `/invocations`, `/endpoints/{endpoint}/invocations`, `/ping`, `/health`. */
export function mlflowRoutes(app: FastifyInstance, deps: ServingDeps): void {
  app.post('/invocations', (request, reply) => invocations(deps, request, reply, endpointOf(deps, request)));
  app.post('/endpoints/:endpoint/invocations', (request: FastifyRequest<{ Params: { endpoint: string } }>, reply) =>
    invocations(deps, request, reply, request.params.endpoint),
  );
  for (const path of ['/ping', '/health']) {
    app.get(path, async (request, reply) => {
      const problem = deps.readiness();
      return problem ? sendError(reply, request, mpError('MP_SERVER_NOT_READY', problem)) : reply.type('application/json').send('{"status":"ok"}');
    });
  }
}

async function invocations(deps: ServingDeps, request: FastifyRequest, reply: FastifyReply, endpoint: string): Promise<FastifyReply> {
  const routed = resolveServed(deps, endpoint, undefined, request.headers);
  const { served } = routed;
  void reply.header('x-request-id', request.id).header('x-modelpilot-version', String(served.entry.version));
  markServed(request, served);
  const result = await infer(deps, routed, request.id, (layout) => decodeMlflow(request.body, layout, deps.nonFinite, deps.maxRows));
  countAnswer(deps, served, 'mlflow', 200);
  return reply.type('application/json').send(encodeMlflow(toPredictions(result.outputs, served.layout, result.rows)));
}

function endpointOf(deps: ServingDeps, request: FastifyRequest): string {
  const named = request.headers[ENDPOINT_HEADER];
  if (typeof named === 'string' && named) return named;
  const all = deps.host.endpoints();
  if (all.length === 1) return all[0]!.plan.endpoint;
  throw mpError('MP_SERVING_INPUT_INVALID', `this server hosts ${all.length} endpoints`, `name one with the ${ENDPOINT_HEADER} header or POST /endpoints/{endpoint}/invocations`);
}
