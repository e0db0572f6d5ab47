import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

/** The node:http options Fastify hands its server factory (already defaulted). */
interface ServerTimeouts {
  readonly keepAliveTimeout?: number;
  readonly requestTimeout?: number;
  readonly connectionTimeout?: number;
}

/**
 * A Fastify `serverFactory` whose server offers every request to `first` (the data plane's inference
 * listener) and hands Fastify those it leaves (returns false for), with the timeouts Fastify would have set.
 * @example Fastify({ serverFactory: inferenceFirst((req, res) => listener(req, res)) })
 */
export function inferenceFirst(first: (req: IncomingMessage, res: ServerResponse) => boolean) {
  return (fastify: RequestListener, options: ServerTimeouts): Server => {
    const server = createServer((req, res) => {
      if (!first(req, res)) fastify(req, res);
    });
    if (options.keepAliveTimeout) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout) server.setTimeout(options.connectionTimeout);
    return server;
  };
}
