import type { FastifyRequest } from 'fastify';
import type { AlertState, EndpointView, FeedbackItem, FeedbackResult, MonitorView } from '../contract/index.js';
import type { EndpointService, RollbackResult, RolloutController, RolloutEvents } from '../rollout/index.js';

/** What the control plane's routes need, handed in by the composition root. */
export interface ApiDeps {
  readonly endpoints: EndpointService;
  readonly rollouts: RolloutController;
  readonly events: RolloutEvents;
  readonly rollback: (endpoint: string, to: number | undefined, actor: string) => Promise<RollbackResult>;
  /** The data plane's live view of an endpoint. */
  readonly liveStatus: (endpoint: string) => Pick<EndpointView, 'state' | 'served'>;
  /** Who is acting for a request (the `x-modelpilot-actor` header, else the server's actor). */
  readonly actorOf: (request: FastifyRequest) => string;
  readonly serverVersion: string;
  readonly monitor: MonitorApi;
}

/** Production monitoring as the routes see it. */
export interface MonitorApi {
  /** The newest `windows` closed windows of each version, the open ones, and the endpoint's alerts. */
  view(endpoint: string, windows: number): Promise<MonitorView>;
  alerts(): readonly AlertState[];
  feedback(endpoint: string, items: readonly FeedbackItem[]): Promise<FeedbackResult>;
  /** The fraction of requests sampled; with a value, sets it first. */
  sampleRate(next?: number): number;
}
