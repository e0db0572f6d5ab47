import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { installApiErrors } from './errors.js';
import { installOpenApi } from './openapi.js';
import { endpointRoutes } from './routes/endpoints.js';
import { eventRoutes } from './routes/events.js';
import { monitorRoutes } from './routes/monitor.js';
import { rolloutRoutes } from './routes/rollouts.js';

/**
 * The control plane as a Fastify plugin: JSON routes under /api/v1 used by the CLI and the dashboard.
 * @example await app.register(apiPlugin, { endpoints, liveStatus, actorOf })
 */
export async function apiPlugin(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  installApiErrors(app);
  installOpenApi(app, deps.serverVersion);
  endpointRoutes(app, deps);
  rolloutRoutes(app, deps);
  eventRoutes(app, deps);
  monitorRoutes(app, deps);
}
