import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { mpError, type ModelpilotError } from '../../core/index.js';

/** How a body is read: parsed JSON, CSV text for MLflow, JSON followed by binary tensor data (OIP), or none. */
export type BodyKind = 'json' | 'csv' | 'binary' | 'none';

/** The header of the Open Inference Protocol's binary tensor data extension: the length of the body's JSON part. */
export const JSON_LENGTH_HEADER = 'inference-header-content-length';

/** A read body: the parsed JSON (or CSV text) and, for binary tensor data, the bytes after the JSON. */
export type BodyDone = (error: ModelpilotError | undefined, body?: unknown, binary?: Buffer) => void;

const unsupportedFix = (oip: boolean): string => (oip ? ` (or binary tensor data with the ${JSON_LENGTH_HEADER} header)` : ' (or text/csv for MLflow)');

/**
 * Reads and parses an inference request's body, as the data plane accepts it: JSON (plain `JSON.parse`: the
 * data plane never merges bodies into objects, so prototype keys are harmless data), CSV as text (not on OIP
 * routes), on OIP routes JSON followed by binary tensor data when the client sends the JSON part's length, or no
 * body at all when there is neither a content type nor a length. Calls `done` once, with the catalog error (400,
 * 413, 415) or the body; a client that goes away mid-body gets no call.
 */
export function readBody(req: IncomingMessage, limit: number, oip: boolean, done: BodyDone): void {
  const kind = bodyKind(req.headers, oip);
  if (typeof kind !== 'string') return done(kind);
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
  const onEnd = (): void => parseBody(kind, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received), req.headers, done);
  req.on('data', onData).on('end', onEnd);
}

/** A whole body of a known kind (see `bodyKind`), parsed: JSON, CSV text, or JSON and binary tensor data. */
export function parseBody(kind: BodyKind, bytes: Buffer, headers: IncomingHttpHeaders, done: BodyDone): void {
  if (kind === 'none') return done(undefined, undefined);
  if (kind === 'binary') return splitBinary(bytes, headers[JSON_LENGTH_HEADER] as string, done);
  const text = bytes.toString('utf8');
  if (kind === 'csv') return done(undefined, text);
  parseJson(text, done);
}

/** Splits a binary-tensor body at the declared length of its JSON part. */
function splitBinary(bytes: Buffer, header: string, done: BodyDone): void {
  const length = /^\d{1,10}$/.test(header.trim()) ? Number(header) : NaN;
  if (!(length <= bytes.length)) {
    return done(mpError('MP_SERVING_BODY_INVALID', 'binary tensor data', `the ${JSON_LENGTH_HEADER} header is '${header.slice(0, 20)}' for a body of ${bytes.length} bytes; it must be the length of the JSON part`));
  }
  parseJson(bytes.toString('utf8', 0, length), (error, body) => (error ? done(error) : done(undefined, body, bytes.subarray(length))));
}

function parseJson(text: string, done: BodyDone): void {
  if (text === '') return done(mpError('MP_SERVING_BODY_INVALID', 'JSON', 'the body is empty'));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return done(mpError('MP_SERVING_BODY_INVALID', 'JSON', (e as Error).message));
  }
  done(undefined, body);
}

/**
 * The body's kind from its content type. A body of another type is a 415; so is a body without a content type,
 * except on OIP routes, whose clients (Triton's among them) send JSON without one.
 */
export function bodyKind(headers: IncomingHttpHeaders, oip: boolean): BodyKind | ModelpilotError {
  if (oip && headers[JSON_LENGTH_HEADER] !== undefined) return 'binary';
  const type = headers['content-type'];
  if (type === undefined) {
    const length = headers['content-length'];
    const empty = headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    if (empty) return 'none';
    return oip ? 'json' : mpError('MP_SERVING_MEDIA_UNSUPPORTED', 'none', unsupportedFix(oip));
  }
  const media = mediaType(type);
  if (media === 'application/json') return 'json';
  if (!oip && (media === 'text/csv' || media === 'application/csv')) return 'csv';
  return mpError('MP_SERVING_MEDIA_UNSUPPORTED', type.slice(0, 100), unsupportedFix(oip));
}

function mediaType(header: string): string {
  const semi = header.indexOf(';');
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
}
