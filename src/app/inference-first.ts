import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../core/index.js';
import { createFastLane, type InferFront } from '../serving/index.js';

/** The node:http options Fastify hands its server factory (already defaulted). */
interface ServerTimeouts {
  readonly keepAliveTimeout?: number;
  readonly requestTimeout?: number;
  readonly connectionTimeout?: number;
}

/**
 * A Fastify `serverFactory` for the data plane's inference requests first. Connections start in the fast lane
 * (serving's fast-lane.ts), which answers plain inference requests itself; a connection's first other request
 * hands it to node:http, whose server offers each request to the inference listener and hands Fastify those it
 * leaves. Closing the server closes the lane's idle connections too. `front` is read per request (the data plane
 * is built after Fastify).
 * @example Fastify({ serverFactory: inferenceFirst(() => front, clock) })
 */
export function inferenceFirst(front: () => InferFront | undefined, clock: Clock) {
  return (fastify: RequestListener, options: ServerTimeouts): Server => {
    const server = createServer((req, res) => {
      if (!front()?.listener(req, res)) fastify(req, res);
    });
    if (options.keepAliveTimeout) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout) server.setTimeout(options.connectionTimeout);
    const nodeConnection = server.listeners('connection') as ((socket: Socket) => void)[];
    const lane = createFastLane({
      accept: (url, headers, length, reply) => front()?.accept(url, headers, length, reply),
      handOver: (socket) => nodeConnection.forEach((listener) => listener.call(server, socket)),
      keepAliveMs: () => server.keepAliveTimeout,
      requestTimeoutMs: () => server.requestTimeout || Infinity,
      date: httpDate(),
      clock,
    });
    server.removeAllListeners('connection').on('connection', (socket: Socket) => lane.connection(socket));
    // Fastify's close (forceCloseConnections: 'idle') and node:http's own close both call this.
    const closeIdle = server.closeIdleConnections.bind(server);
    server.closeIdleConnections = () => (closeIdle(), lane.closeIdle());
    return server;
  };
}

/** The HTTP `Date` header's value, made once a second. */
function httpDate(): () => string {
  let second = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (Math.floor(now / 1000) !== second) [second, text] = [Math.floor(now / 1000), new Date(now).toUTCString()];
    return text;
  };
}
