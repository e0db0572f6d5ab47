import type { FastifyInstance, RouteOptions } from 'fastify';

interface Operation {
  readonly method: string;
  readonly url: string;
  readonly schema: RouteOptions['schema'];
}

/**
 * Serves `/api/v1/openapi.json`, built from the schemas the control-plane routes validate with, so the
 * document cannot drift from what the server accepts. Call before the routes are added.
 */
export function installOpenApi(app: FastifyInstance, version: string): void {
  const operations: Operation[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.method === 'HEAD') return;
    for (const method of [route.method].flat()) operations.push({ method: method.toLowerCase(), url: route.url, schema: route.schema });
  });
  app.get('/api/v1/openapi.json', async () => document(operations, version));
}

function document(operations: readonly Operation[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.url.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[op.method] = operation(op);
  }
  return { openapi: '3.1.0', info: { title: 'modelpilot control plane', version }, paths };
}

function operation(op: Operation): Record<string, unknown> {
  const schema = (op.schema ?? {}) as { body?: unknown; response?: Record<string, unknown> };
  const params = [...op.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const responses = Object.fromEntries(
    Object.entries(schema.response ?? { 200: {} }).map(([code, body]) => [code, { description: code, content: { 'application/json': { schema: body } } }]),
  );
  responses['4XX'] = { description: 'error', content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } };
  return {
    ...(params.length ? { parameters: params } : {}),
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
    responses,
  };
}
