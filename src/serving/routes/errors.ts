import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mpError, type Clock, type ModelpilotError } from '../../core/index.js';
import { catalogError, countFailure, errorJson, protocolOf, RETRY_AFTER_SECONDS } from '../failures.js';
import type { ServingMetrics } from '../metrics.js';

/** Every error of the data plane's Fastify routes leaves as JSON `{ error, code }` with an MP_* code. */
export function installErrorHandling(app: FastifyInstance, metrics: ServingMetrics, clock: Clock): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const e = catalogError(error);
    countFailure(metrics, clock, undefined, protocolOf(request.url), e);
    if (e.status >= 500 && e.code === 'MP_INTERNAL') request.log.error({ err: error }, 'request failed');
    void sendError(reply, request, e);
  });
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, request, mpError('MP_USAGE', `no route ${request.method} ${request.url.slice(0, 200)} — see the protocols in the README (OIP v2 under /v2, MLflow /invocations, /api/v1/models/{endpoint}/predict)`), 404);
  });
}

/** Writes the error body; 503s carry Retry-After. */
export function sendError(reply: FastifyReply, request: FastifyRequest, e: ModelpilotError, status = e.status): FastifyReply {
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(status).header('x-request-id', request.id).type('application/json').send(errorJson(e));
}
