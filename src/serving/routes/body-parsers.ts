import type { FastifyInstance } from 'fastify';
import { mpError } from '../../core/index.js';

/**
 * JSON with plain JSON.parse (the data plane never merges bodies into objects, so prototype keys are
 * harmless data) and CSV as text for MLflow. Anything else is refused with 415 by Fastify.
 */
export function installBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      done(mpError('MP_SERVING_BODY_INVALID', 'JSON', (e as Error).message), undefined);
    }
  });
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
}
