import type { FastifyError, FastifyInstance } from 'fastify';
import { isMpError, mpError } from '../core/index.js';

/** Control-plane errors as `{ code, message }` with the catalog's status; schema failures are MP_INPUT_INVALID. */
export function installApiErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const e = isMpError(error)
      ? error
      : error.validation
        ? mpError('MP_INPUT_INVALID', `${error.message} — see /api/v1/openapi.json for the request format`)
        : error.statusCode !== undefined && error.statusCode < 500
          ? mpError('MP_INPUT_INVALID', error.message)
          : mpError('MP_INTERNAL', error.message);
    if (e.code === 'MP_INTERNAL') request.log.error({ err: error }, 'control-plane request failed');
    void reply.code(e.status).send({ code: e.code, message: e.message });
  });
}
