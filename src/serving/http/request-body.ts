import type { IncomingMessage } from 'node:http';
import { mpError, type ModelpilotError } from '../../core/index.js';

/** How a body is read: parsed JSON, CSV text for MLflow, or none. */
type BodyKind = 'json' | 'csv' | 'none';

const UNSUPPORTED_FIX = ' (or text/csv for MLflow)';

/**
 * Reads and parses an inference request's body, as the data plane accepts it: JSON (plain `JSON.parse`: the
 * data plane never merges bodies into objects, so prototype keys are harmless data), CSV as text, or no body
 * at all when there is neither a content type nor a length. Calls `done` once, with the catalog error
 * (400, 413, 415) or the body; a client that goes away mid-body gets no call.
 */
export function readBody(req: IncomingMessage, limit: number, done: (error: ModelpilotError | undefined, body?: unknown) => void): void {
  const kind = bodyKind(req);
  if (typeof kind !== 'string') return done(kind);
  if (kind === 'none') return done(undefined, undefined);
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return done(mpError('MP_SERVING_BODY_TOO_LARGE', limit));
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received <= limit) return void chunks.push(chunk);
    // Past the limit: answer now and let the rest of the body drain unread.
    req.removeListener('data', onData).removeListener('end', onEnd);
    done(mpError('MP_SERVING_BODY_TOO_LARGE', limit));
  };
  const onEnd = (): void => {
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
    if (kind === 'csv') return done(undefined, text);
    parseJson(text, done);
  };
  req.on('data', onData).on('end', onEnd);
}

function parseJson(text: string, done: (error: ModelpilotError | undefined, body?: unknown) => void): void {
  if (text === '') return done(mpError('MP_SERVING_BODY_INVALID', 'JSON', 'the body is empty'));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return done(mpError('MP_SERVING_BODY_INVALID', 'JSON', (e as Error).message));
  }
  done(undefined, body);
}

/** The body's kind from its content type; a body without a content type, or of another type, is a 415. */
function bodyKind(req: IncomingMessage): BodyKind | ModelpilotError {
  const type = req.headers['content-type'];
  if (type === undefined) {
    const length = req.headers['content-length'];
    const empty = req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    return empty ? 'none' : mpError('MP_SERVING_MEDIA_UNSUPPORTED', 'none', UNSUPPORTED_FIX);
  }
  const media = mediaType(type);
  if (media === 'application/json') return 'json';
  if (media === 'text/csv' || media === 'application/csv') return 'csv';
  return mpError('MP_SERVING_MEDIA_UNSUPPORTED', type.slice(0, 100), UNSUPPORTED_FIX);
}

function mediaType(header: string): string {
  const semi = header.indexOf(';');
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
}
