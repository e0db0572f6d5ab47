import type { FastifyInstance } from 'fastify';
import type { ServingDeps } from './infer.js';
import { installBodyParsers } from './routes/body-parsers.js';
import { installErrorHandling, sendError } from './routes/errors.js';
import { mpError } from '../core/index.js';
import { mlflowRoutes } from './routes/mlflow-routes.js';
import { oipRoutes } from './routes/oip-routes.js';
import { predictRoutes } from './routes/predict-routes.js';

export interface ServingPluginOptions extends ServingDeps {
  readonly bodyLimit: number;
  readonly serverVersion: string;
}

/**
 * The data plane as a Fastify plugin: OIP v2, MLflow scoring, the gateway's /predict, and /metrics.
 * It receives everything through options and reads no database.
 * @example await app.register(servingPlugin, { host, metrics, sampler, clock, random, … })
 */
export async function servingPlugin(app: FastifyInstance, options: ServingPluginOptions): Promise<void> {
  installBodyParsers(app, options.bodyLimit);
  installErrorHandling(app, options.metrics, options.clock, options.bodyLimit);
  // While draining, requests that still arrive on open connections get a catalog 503 with Retry-After.
  app.addHook('onRequest', async (request, reply) => {
    if (options.readiness() === 'draining') return sendError(reply, request, mpError('MP_SERVING_UNAVAILABLE'));
  });
  oipRoutes(app, options, options.serverVersion);
  mlflowRoutes(app, options);
  predictRoutes(app, options);
  app.get('/metrics', async (_request, reply) => {
    options.metrics.loadedVersions.set(options.host.endpoints().reduce((n, s) => n + s.versions.size, 0));
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
}
