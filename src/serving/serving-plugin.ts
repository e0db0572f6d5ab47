import type { FastifyInstance } from 'fastify';
import type { ServingDeps } from './infer.js';
import { installErrorHandling, sendError } from './routes/errors.js';
import { mpError } from '../core/index.js';
import { mlflowRoutes } from './routes/mlflow-routes.js';
import { oipRoutes } from './routes/oip-routes.js';
import { predictRoutes } from './routes/predict-routes.js';

export interface ServingPluginOptions extends ServingDeps {
  readonly serverVersion: string;
}

/**
 * The data plane's metadata, health and readiness routes and /metrics, as a Fastify plugin. It receives
 * everything through options and reads no database. Inference requests never reach it: the server's
 * inference listener (http/infer-listener) answers them ahead of Fastify.
 * @example await app.register(servingPlugin, { host, metrics, sampler, clock, random, … })
 */
export async function servingPlugin(app: FastifyInstance, options: ServingPluginOptions): Promise<void> {
  installErrorHandling(app, options.metrics, options.clock);
  // While draining, requests that still arrive on open connections get a catalog 503 with Retry-After.
  app.addHook('onRequest', async (request, reply) => {
    if (options.readiness() === 'draining') return sendError(reply, request, mpError('MP_SERVING_UNAVAILABLE'));
  });
  oipRoutes(app, options, options.serverVersion);
  mlflowRoutes(app, options);
  predictRoutes(app, options);
  app.get('/metrics', async (_request, reply) => {
    const served = options.host.endpoints().flatMap((s) => [...s.versions.values()]);
    options.metrics.loadedVersions.set(served.length);
    options.metrics.inflight.set(served.reduce((n, v) => n + v.inflight, 0));
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
}
