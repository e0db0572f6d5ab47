import type { PlanVersion, ServingPlan } from '../contract/index.js';

/** A plan that sends all traffic to one version. @example singleVersionPlan('fraud', 1, { model: 'fraud', version: 3, digest }) */
export function singleVersionPlan(endpoint: string, revision: number, v: Omit<PlanVersion, 'role' | 'weight'>): ServingPlan {
  return { endpoint, revision, versions: [{ ...v, role: 'stable', weight: 100 }], mirrorPercent: 0 };
}
