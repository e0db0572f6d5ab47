import type { RolloutSnapshot, RolloutSpec, Strategy, VersionRef } from '../contract/index.js';
import { stepsOf } from './spec.js';

export interface NewRollout {
  readonly id: string;
  readonly endpoint: string;
  readonly spec: RolloutSpec;
  readonly strategy: Strategy;
  readonly stable: VersionRef | null;
  readonly target: VersionRef;
  /** The endpoint's current plan revision; the rollout's plans follow it. */
  readonly planRevision: number;
  readonly actor: string;
  readonly now: number;
}

/** A rollout about to start: the target loaded as a standby next to stable, no step run yet. */
export function newSnapshot(r: NewRollout): RolloutSnapshot {
  return {
    id: r.id,
    endpoint: r.endpoint,
    strategy: r.strategy,
    spec: r.spec,
    steps: stepsOf(r.spec, r.strategy),
    stable: r.stable,
    target: r.target,
    phase: 'Progressing',
    stepIndex: 0,
    stepStartedAt: r.now,
    weight: 0,
    mirror: 0,
    awaiting: null,
    pauseReason: null,
    pauseKind: null,
    observedSince: null,
    lastReport: null,
    reports: [],
    planRevision: r.planRevision,
    message: 'starting',
    actor: r.actor,
    createdAt: r.now,
    updatedAt: r.now,
    finishedAt: null,
    standbyUntil: null,
  };
}
