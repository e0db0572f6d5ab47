import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';

/**
 * `GET /api/v1/events[?endpoint=e]`: Server-Sent Events, one `rollout` event per saved rollout snapshot
 * (what `rollout watch` and the dashboard follow live).
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const open = new Set<() => void>();
  // Streams never end by themselves: close them before the server waits for its connections to finish.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  app.get('/api/v1/events', (request: FastifyRequest<{ Querystring: { endpoint?: string } }>, reply) => {
    const only = request.query.endpoint;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    reply.raw.write(': connected\n\n');
    const unsubscribe = deps.events.subscribe((s) => {
      if (!only || s.endpoint === only) reply.raw.write(`event: rollout\ndata: ${JSON.stringify(s)}\n\n`);
    });
    const end = (): void => {
      unsubscribe();
      open.delete(end);
      reply.raw.end();
    };
    open.add(end);
    request.raw.on('close', end);
  });
}
