import type { ServingPlan } from '../contract/index.js';

/**
 * Puts serving plans into effect (in-process data plane, or Kubernetes). Throws MP_SERVING_LOAD_FAILED when a
 * version cannot be brought up; the endpoint then keeps its previous plan.
 */
export interface PlanApplier {
  applyPlan(plan: ServingPlan): Promise<void>;
  remove(endpoint: string): Promise<void>;
}
