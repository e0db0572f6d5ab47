import type { FastifyInstance } from 'fastify';
import { mpError } from '../../core/index.js';
import type { ServingDeps } from '../infer.js';
import { sendError } from './errors.js';

/**
 * MLflow's scoring server health routes, `/ping` and `/health`. Its `/invocations` routes are among the data
 * plane's own (http/infer-routes).
 */
export function mlflowRoutes(app: FastifyInstance, deps: ServingDeps): void {
  for (const path of ['/ping', '/health']) {
    app.get(path, async (request, reply) => {
      const problem = deps.readiness();
      return problem ? sendError(reply, request, mpError('MP_SERVER_NOT_READY', problem)) : reply.type('application/json').send('{"status":"ok"}');
    });
  }
}
