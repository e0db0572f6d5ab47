import type { PlanApplier } from '../../rollout/index.js';
import type { ServingHost } from '../../serving/index.js';

/**
 * The embedded runtime: plans take effect in this process's data plane.
 * @example const runtime = createLocalRuntime(host); await runtime.applyPlan(plan);
 */
export function createLocalRuntime(host: ServingHost): PlanApplier {
  return {
    applyPlan: (plan) => host.applyPlan(plan),
    remove: (endpoint) => host.remove(endpoint),
  };
}
