import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMpError, mpError, type Clock, type ModelpilotError } from '../../core/index.js';
import { countFailure, errorJson, protocolOf, RETRY_AFTER_SECONDS } from '../failures.js';
import type { ServingMetrics } from '../metrics.js';

/** Every error of the data plane's Fastify routes leaves as JSON `{ error, code }` with an MP_* code. */
export function installErrorHandling(app: FastifyInstance, metrics: ServingMetrics, clock: Clock): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const e = toCatalogError(error);
    countFailure(metrics, clock, undefined, protocolOf(request.url), e);
    if (e.status >= 500 && e.code === 'MP_INTERNAL') request.log.error({ err: error }, 'request failed');
    void sendError(reply, request, e);
  });
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, request, mpError('MP_USAGE', `no route ${request.method} ${request.url.slice(0, 200)} — see the protocols in the README (OIP v2 under /v2, MLflow /invocations, /api/v1/models/{endpoint}/predict)`), 404);
  });
}

function toCatalogError(error: FastifyError): ModelpilotError {
  if (isMpError(error)) return error;
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return mpError('MP_USAGE', error.message);
  return mpError('MP_INTERNAL', error.message ?? String(error));
}

/** Writes the error body; 503s carry Retry-After. */
export function sendError(reply: FastifyReply, request: FastifyRequest, e: ModelpilotError, status = e.status): FastifyReply {
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(status).header('x-request-id', request.id).type('application/json').send(errorJson(e));
}
