import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMpError, mpError, type Clock, type ModelpilotError } from '../../core/index.js';
import type { ServingMetrics } from '../metrics.js';
import type { ServedVersion } from '../served-version.js';
import { RETRY_AFTER_SECONDS } from '../infer.js';

/** Every error leaves as JSON `{ error, code }` with an MP_* code; the process never crashes on a request. */
export function installErrorHandling(app: FastifyInstance, metrics: ServingMetrics, clock: Clock, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const e = toCatalogError(error, request, bodyLimit);
    // Only routed requests get their endpoint's label: clients must not be able to mint metric series.
    const served = servedOf(request);
    const endpoint = served?.endpoint ?? '';
    if (e.status === 400 || e.status === 413) metrics.invalidInputs.labels(endpoint, e.code).inc();
    served?.recorder.failed(clock.now(), e.status >= 500 ? 'error' : 'invalid');
    metrics.requests.labels(endpoint, served ? String(served.entry.version) : '', protocolOf(request.url), String(e.status)).inc();
    if (e.status >= 500 && e.code === 'MP_INTERNAL') request.log.error({ err: error }, 'request failed');
    void sendError(reply, request, e);
  });
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, request, mpError('MP_USAGE', `no route ${request.method} ${request.url.slice(0, 200)} — see the protocols in the README (OIP v2 under /v2, MLflow /invocations, /api/v1/models/{endpoint}/predict)`), 404);
  });
}

function toCatalogError(error: FastifyError, request: FastifyRequest, bodyLimit: number): ModelpilotError {
  if (isMpError(error)) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return mpError('MP_SERVING_BODY_TOO_LARGE', bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return mpError('MP_SERVING_MEDIA_UNSUPPORTED', (request.headers['content-type'] ?? 'none').slice(0, 100), ' (or text/csv for MLflow)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return mpError('MP_SERVING_BODY_INVALID', 'JSON', error.message);
    default:
      if (error.statusCode === 413) return mpError('MP_SERVING_BODY_TOO_LARGE', bodyLimit);
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return mpError('MP_SERVING_BODY_INVALID', 'request', error.message);
      return mpError('MP_INTERNAL', error.message ?? String(error));
  }
}

/** The protocol a URL belongs to, for the requests counter. */
export function protocolOf(url: string): string {
  if (url.startsWith('/v2')) return 'oip';
  if (url.startsWith('/api/v1/models')) return 'predict';
  return 'mlflow';
}

const SERVED = Symbol('served');

/** Remembers which version a request was routed to, so its error can be counted against it. */
export function markServed(request: FastifyRequest, served: ServedVersion): void {
  (request as unknown as Record<symbol, ServedVersion>)[SERVED] = served;
}

function servedOf(request: FastifyRequest): ServedVersion | undefined {
  return (request as unknown as Record<symbol, ServedVersion | undefined>)[SERVED];
}

/** Writes the error body; 503s carry Retry-After. */
export function sendError(reply: FastifyReply, request: FastifyRequest, e: ModelpilotError, status = e.status): FastifyReply {
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(status)
    .header('x-request-id', request.id)
    .type('application/json')
    .send(`{"error":${JSON.stringify(e.message)},"code":"${e.code}"}`);
}
