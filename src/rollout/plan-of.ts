import type { PlanVersion, RolloutSnapshot, ServingPlan, VersionRef } from '../contract/index.js';

/** The header a sticky split uses when the spec names none. */
export const DEFAULT_STICKY_KEY = 'header:x-modelpilot-route-key';

/**
 * The serving plan for a rollout's current weights: stable keeps what the target does not take; the target
 * is a canary (or an A/B arm) when it has weight, a shadow when only mirrored, and a loaded standby otherwise.
 */
export function planOf(s: RolloutSnapshot, revision: number): ServingPlan {
  const versions: PlanVersion[] = [];
  if (s.stable) versions.push({ ...s.stable, role: s.strategy === 'ab' ? 'arm' : 'stable', weight: 100 - s.weight });
  const role = s.weight > 0 ? (s.strategy === 'ab' ? 'arm' : 'canary') : s.mirror > 0 ? 'shadow' : 'standby';
  versions.push({ ...s.target, role, weight: s.weight });
  // With weight and mirror both set, stable's requests are also mirrored to the canary (Argo's setMirrorRoute).
  return { endpoint: s.endpoint, revision, versions, mirrorPercent: role === 'shadow' || role === 'canary' ? s.mirror : 0, stickyKey: s.spec.stickyKey ?? DEFAULT_STICKY_KEY };
}

/** After promotion: the target alone takes traffic; the previous stable stays loaded as a standby. */
export function promotedPlan(s: RolloutSnapshot, revision: number, keepStandby: boolean): ServingPlan {
  const versions: PlanVersion[] = [{ ...s.target, role: 'stable', weight: 100 }];
  if (keepStandby && s.stable) versions.push({ ...s.stable, role: 'standby', weight: 0 });
  return { endpoint: s.endpoint, revision, versions, mirrorPercent: 0 };
}

/** After a rollback: stable alone, the target unloaded. */
export function stablePlan(endpoint: string, stable: VersionRef, revision: number): ServingPlan {
  return { endpoint, revision, versions: [{ ...stable, role: 'stable', weight: 100 }], mirrorPercent: 0 };
}
