import { isMpError, mpError, type Clock, type ModelpilotError } from '../core/index.js';
import type { ServingMetrics } from './metrics.js';
import type { ServedVersion } from './served-version.js';

/** Seconds a client should wait before retrying an endpoint that is still loading. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Counts a refused or failed request: invalid inputs by code, the routed version's judge observations, and
 * the requests counter. Only routed requests get their endpoint's label: clients must not mint metric series.
 */
export function countFailure(metrics: ServingMetrics, clock: Clock, served: ServedVersion | undefined, protocol: string, e: ModelpilotError): void {
  const endpoint = served?.endpoint ?? '';
  if (e.status === 400 || e.status === 413) metrics.invalidInputs.labels(endpoint, e.code).inc();
  served?.recorder.failed(clock.now(), e.status >= 500 ? 'error' : 'invalid');
  metrics.requests.labels(endpoint, served ? String(served.entry.version) : '', protocol, String(e.status)).inc();
}

/**
 * Any error as the catalog's: MP_* errors as they are, another 4xx (a framework's) as MP_USAGE, anything else
 * as MP_INTERNAL (a bug, answered 500).
 */
export function catalogError(error: unknown): ModelpilotError {
  if (isMpError(error)) return error;
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return mpError('MP_USAGE', (error as Error).message);
  return mpError('MP_INTERNAL', (error as Error | undefined)?.message ?? String(error));
}

/** The JSON body of every data-plane error: `{ error, code }`. */
export function errorJson(e: ModelpilotError): string {
  return `{"error":${JSON.stringify(e.message)},"code":"${e.code}"}`;
}

/** The protocol a URL belongs to, for the requests counter. */
export function protocolOf(url: string): string {
  if (url.startsWith('/v2')) return 'oip';
  if (url.startsWith('/api/v1/models')) return 'predict';
  return 'mlflow';
}
