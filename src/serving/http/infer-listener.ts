import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { mpError } from '../../core/index.js';
import { catalogError, countFailure, errorJson, RETRY_AFTER_SECONDS } from '../failures.js';
import { countAnswer, resolveServed, type Routed, type ServingDeps } from '../infer.js';
import type { ServedVersion } from '../served-version.js';
import { matchRoute } from './match-route.js';
import type { BinaryAnswer } from '../protocols/oip.js';
import { INFER_ROUTES, type Answer, type InferRequest, type InferRoute } from './infer-routes.js';
import { bodyKind, JSON_LENGTH_HEADER, parseBody, readBody } from './request-body.js';

export interface InferListenerOptions extends ServingDeps {
  readonly bodyLimit: number;
  /** The request's id: the client's `x-request-id`, else a new one. */
  readonly requestId: (given: string | undefined) => string;
  /** A request failed for a reason that is a bug (MP_INTERNAL); it was answered 500. */
  readonly onInternalError: (e: unknown) => void;
}

/** Answers a request when it is an inference request (true); anything else is left to the caller (false). */
export type InferListener = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Where an exchange writes its one answer: node:http's response, or a connection a transport reads itself. */
export interface Reply {
  /** False once an answer was written or the client went away. */
  readonly open: boolean;
  send(status: number, headers: Readonly<Record<string, string | number>>, body: string | Buffer): void;
}

/**
 * Starts answering a request whose head a transport parsed itself, when it is an inference request with a body
 * of `length` bytes within the limit: returns what to call with the whole body. Undefined leaves the request to
 * node:http.
 */
export type InferAccept = (url: string, headers: IncomingHttpHeaders, length: number, reply: Reply) => ((body: Buffer) => void) | undefined;

/** The data plane's inference requests, through node:http (`listener`) or a transport's own parsing (`accept`). */
export interface InferFront {
  readonly listener: InferListener;
  readonly accept: InferAccept;
}

/**
 * The data plane's inference requests ahead of Fastify: the hot path pays for no router, hooks, request and
 * reply objects or per-request logger, only for what it does (read, parse, route, decode, run, encode, write).
 * Its errors are the catalog's, exactly as the Fastify routes answer them.
 * @example createServer((req, res) => front.listener(req, res) || fastifyHandler(req, res))
 */
export function createInferFront(options: InferListenerOptions): InferFront {
  const exchange = (route: InferRoute, headers: IncomingHttpHeaders, reply: Reply): Exchange => {
    const given = headers['x-request-id'];
    return new Exchange(options, route, reply, options.requestId(typeof given === 'string' && given ? given : undefined));
  };
  const listener: InferListener = (req, res) => {
    if (req.method !== 'POST') return false;
    const found = matchRoute(INFER_ROUTES, req.url ?? '');
    if (!found) return false;
    const ex = exchange(found.route, req.headers, nodeReply(res));
    if (options.readiness() === 'draining') ex.fail(mpError('MP_SERVING_UNAVAILABLE'));
    else readBody(req, options.bodyLimit, found.route.protocol === 'oip', (error, body, binary) => (error ? ex.fail(error) : ex.run({ params: found.params, headers: req.headers, body, binary, id: ex.id })));
    return true;
  };
  const accept: InferAccept = (url, headers, length, reply) => {
    const found = length <= options.bodyLimit ? matchRoute(INFER_ROUTES, url) : undefined;
    if (!found) return undefined;
    const ex = exchange(found.route, headers, reply);
    return (bytes) => {
      if (options.readiness() === 'draining') return ex.fail(mpError('MP_SERVING_UNAVAILABLE'));
      const kind = bodyKind(headers, found.route.protocol === 'oip');
      if (typeof kind !== 'string') return ex.fail(kind);
      parseBody(kind, bytes, headers, (error, body, binary) => (error ? ex.fail(error) : ex.run({ params: found.params, headers, body, binary, id: ex.id })));
    };
  };
  return { listener, accept };
}

function nodeReply(res: ServerResponse): Reply {
  return {
    get open() {
      return !res.headersSent && !res.destroyed;
    },
    send: (status, headers, body) => void res.writeHead(status, headers).end(body),
  };
}

/** One request's way through: routed, answered or failed, written once. */
class Exchange {
  private served: ServedVersion | undefined;

  constructor(
    private readonly options: InferListenerOptions,
    private readonly route: InferRoute,
    private readonly reply: Reply,
    readonly id: string,
  ) {}

  run(request: InferRequest): void {
    let routed: Routed;
    try {
      const target = this.route.target(this.options, request);
      routed = resolveServed(this.options, target.endpoint, target.pinned, request.headers);
    } catch (e) {
      return this.fail(e);
    }
    this.served = routed.served;
    this.route.answer(this.options, routed, request).then(
      (body) => {
        countAnswer(this.options, routed.served, this.route.protocol, 200);
        this.write(200, body);
      },
      (e: unknown) => this.fail(e),
    );
  }

  fail(error: unknown): void {
    const e = catalogError(error);
    countFailure(this.options.metrics, this.options.clock, this.served, this.route.protocol, e);
    if (e.code === 'MP_INTERNAL') this.options.onInternalError(error);
    this.write(e.status, errorJson(e));
  }

  /** Writes the answer once; 503s carry Retry-After. */
  private write(status: number, answer: Answer): void {
    if (!this.reply.open) return;
    const json = typeof answer === 'string' ? undefined : Buffer.from(answer.json);
    const body = json ? Buffer.concat([json, ...(answer as BinaryAnswer).tail]) : (answer as string);
    const headers: Record<string, string | number> = {
      'content-type': json ? 'application/octet-stream' : 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-request-id': this.id,
    };
    if (json) headers[JSON_LENGTH_HEADER] = json.length;
    if (this.served) headers['x-modelpilot-version'] = String(this.served.entry.version);
    if (status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
    // While draining, every answer closes its connection, so keep-alive clients move on and the server can stop.
    if (this.options.readiness() === 'draining') headers.connection = 'close';
    this.reply.send(status, headers, body);
  }
}
