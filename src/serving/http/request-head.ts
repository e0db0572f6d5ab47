import type { IncomingHttpHeaders } from 'node:http';

/** A request head the fast lane takes: its target, its headers (names in lower case) and its body's length. */
export interface RequestHead {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly contentLength: number;
}

/** Most header lines the lane reads; node:http takes requests with more. */
const MAX_HEADERS = 64;
/** A header field name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Anything but printable ASCII, tab and CRLF line ends: a head with a bare CR or LF, obs-text or a control
 * character is node:http's to judge.
 */
const UNUSUAL = /[^\t\r\n\x20-\x7e]|\r(?!\n)|(?<!\r)\n/;
const DIGITS = /^\d{1,15}$/;
/** Headers whose presence leaves the request to node:http (framing, protocol switches, interim answers). */
const NOT_PLAIN = ['transfer-encoding', 'expect', 'upgrade', 'http2-settings'];

/**
 * Parses the head of a plain HTTP/1.1 POST (the text before the blank line, as latin1): the request line, then
 * one `name: value` line per header, each name once, a Host, a Content-Length, and a Connection that is absent
 * or `keep-alive`. Anything else is undefined, for node:http to parse and answer as it does.
 * @example parseHead('POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 2').contentLength // 2
 */
export function parseHead(text: string): RequestHead | undefined {
  if (UNUSUAL.test(text)) return undefined;
  let at = text.indexOf('\r\n');
  const url = requestTarget(at < 0 ? text : text.slice(0, at));
  if (url === undefined) return undefined;
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let count = 1; at >= 0; count++) {
    const start = at + 2;
    at = text.indexOf('\r\n', start);
    const end = at < 0 ? text.length : at;
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end || count > MAX_HEADERS) return undefined;
    const name = text.slice(start, colon);
    if (!TOKEN.test(name)) return undefined;
    const key = name.toLowerCase();
    if (headers[key] !== undefined) return undefined;
    headers[key] = text.slice(colon + 1, end).trim();
  }
  return plain(headers) ? { url, headers, contentLength: Number(headers['content-length']) } : undefined;
}

/** The target of `POST <target> HTTP/1.1`, else undefined. */
function requestTarget(line: string): string | undefined {
  if (!line.startsWith('POST /') || !line.endsWith(' HTTP/1.1')) return undefined;
  const url = line.slice(5, -9);
  return url.includes(' ') ? undefined : url;
}

function plain(headers: Record<string, string>): boolean {
  if (!headers.host || !DIGITS.test(headers['content-length'] ?? '')) return false;
  const connection = headers.connection;
  if (connection !== undefined && connection.toLowerCase() !== 'keep-alive') return false;
  return NOT_PLAIN.every((name) => headers[name] === undefined);
}
