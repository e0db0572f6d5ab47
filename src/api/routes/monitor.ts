import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AlertState, FeedbackRequest, FeedbackResult, MonitorView, type FeedbackItem } from '../../contract/index.js';
import type { ApiDeps } from '../api-deps.js';

const WindowsQuery = Type.Object({ windows: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })) }, { additionalProperties: false });

/** Monitoring: an endpoint's windows and alerts, every alert, delayed labels (`feedback`) and the sampling rate. */
export function monitorRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/v1/endpoints/:name/monitor',
    { schema: { querystring: WindowsQuery, response: { 200: MonitorView } } },
    async (request: FastifyRequest<{ Params: { name: string }; Querystring: { windows?: number } }>) => {
      await deps.endpoints.get(request.params.name); // 404 with the fix for an unknown endpoint
      return deps.monitor.view(request.params.name, request.query.windows ?? 20);
    },
  );
  const Sampling = Type.Object({ rate: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false });
  app.get('/api/v1/monitoring/sampling', { schema: { response: { 200: Sampling } } }, () => ({ rate: deps.monitor.sampleRate() }));
  app.put('/api/v1/monitoring/sampling', { schema: { body: Sampling, response: { 200: Sampling } } }, (request: FastifyRequest<{ Body: { rate: number } }>) => ({
    rate: deps.monitor.sampleRate(request.body.rate),
  }));
  app.get('/api/v1/alerts', { schema: { response: { 200: Type.Array(AlertState) } } }, () => deps.monitor.alerts());
  app.post(
    '/api/v1/models/:name/feedback',
    { schema: { body: FeedbackRequest, response: { 200: FeedbackResult } } },
    async (request: FastifyRequest<{ Params: { name: string }; Body: FeedbackRequest }>) => {
      await deps.endpoints.get(request.params.name);
      return deps.monitor.feedback(request.params.name, itemsOf(request.body));
    },
  );
}

function itemsOf(body: FeedbackRequest): readonly FeedbackItem[] {
  if (Array.isArray(body)) return body;
  return 'items' in body ? body.items : [body];
}
