/** Lifecycle stages of a version, in order (MLflow's workflow; aliases are the primary pointer). */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Roles a version plays in an endpoint's traffic: `stable`, `canary` and `arm` answer clients by weight,
 * `shadow` receives mirrored requests, `standby` stays loaded with no traffic (instant rollback).
 */
export const ROLES = ['stable', 'canary', 'shadow', 'arm', 'standby'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Outcomes of an analysis, in order; the worst wins. Inconclusive waits (more data, or a person) and never
 * rolls back by itself.
 */
export const OUTCOMES = ['Pass', 'Running', 'Inconclusive', 'Error', 'Fail'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The worse of two outcomes. @example worst('Pass', 'Inconclusive') // 'Inconclusive' */
export function worst(a: Outcome, b: Outcome): Outcome {
  return OUTCOMES.indexOf(a) >= OUTCOMES.indexOf(b) ? a : b;
}

/** Rollout strategies. */
export const STRATEGIES = ['canary', 'blue-green', 'shadow', 'rolling', 'ab'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Lifecycle of a rollout: Progressing and Paused are live; the others are final. */
export const ROLLOUT_PHASES = ['Progressing', 'Paused', 'Succeeded', 'RolledBack', 'Aborted', 'Failed'] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];
export const LIVE_PHASES: readonly RolloutPhase[] = ['Progressing', 'Paused'];

/** True while a rollout can still move (it blocks other deploys of its endpoint). @example isLive('Paused') // true */
export function isLive(phase: string): boolean {
  return phase === 'Progressing' || phase === 'Paused';
}
