export type { PlanApplier } from './plan-applier.js';
export { createEndpointService, type EndpointService, type EndpointServiceDeps } from './endpoint-service.js';
export type { EndpointRecord } from './endpoint-repo.js';
