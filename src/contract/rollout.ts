import { Type, type Static } from 'typebox';
import { AnalysisReport, AnalysisSpec } from './analysis.js';

/** A duration as users write it: `90s`, `2m`, `500ms`, `1h`, or a number of seconds. */
export const Duration = Type.Union([Type.String({ pattern: '^\\d+(\\.\\d+)?(ms|s|m|h)$' }), Type.Number({ minimum: 0 })]);

const Strict = { additionalProperties: false } as const;

/** One step, in Argo Rollouts' single-key form. */
export const StepSpec = Type.Union([
  Type.Object({ setWeight: Type.Number({ minimum: 0, maximum: 100 }) }, Strict),
  Type.Object({ pause: Type.Object({ duration: Type.Optional(Duration) }, Strict) }, Strict),
  Type.Object(
    { analysis: Type.Object({ duration: Type.Optional(Duration), maxDuration: Type.Optional(Duration), minSamples: Type.Optional(Type.Integer({ minimum: 1 })) }, Strict) },
    Strict,
  ),
  Type.Object({ setMirror: Type.Number({ minimum: 0, maximum: 100 }) }, Strict),
  Type.Object({ gate: Type.Union([Type.Literal('smoke'), Type.Object({ check: Type.Literal('smoke') }, Strict)]) }, Strict),
]);
export type StepSpec = Static<typeof StepSpec>;

export { STRATEGIES, type Strategy, ROLLOUT_PHASES, type RolloutPhase } from '../core/index.js';

/** The rollout spec file (YAML or JSON), Argo Rollouts' vocabulary. */
export const RolloutSpec = Type.Object(
  {
    endpoint: Type.Optional(Type.String({ minLength: 1 })),
    model: Type.String({ minLength: 1, description: 'model URI of the version to roll out' }),
    strategy: Type.Optional(Type.Union([Type.Literal('canary'), Type.Literal('blue-green'), Type.Literal('shadow'), Type.Literal('rolling'), Type.Literal('ab')])),
    steps: Type.Optional(Type.Array(StepSpec)),
    analysis: Type.Optional(AnalysisSpec),
    stickyKey: Type.Optional(Type.String({ pattern: '^(header|cookie):[A-Za-z0-9_.-]+$' })),
    onSuccess: Type.Optional(
      Type.Object({ setAlias: Type.Optional(Type.String()), stage: Type.Optional(Type.Union([Type.Literal('Staging'), Type.Literal('Production')])), archivePrevious: Type.Optional(Type.Boolean()) }, Strict),
    ),
    onFailure: Type.Optional(Type.Object({ tag: Type.Optional(Type.Record(Type.String(), Type.String())) }, Strict)),
    notify: Type.Optional(Type.Array(Type.Object({ url: Type.String({ pattern: '^https?://' }), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('slack')])) }, Strict))),
    /** Shadow and A/B: promote automatically when the analyses pass (default: wait for `rollout promote`). */
    autoPromote: Type.Optional(Type.Boolean()),
    /** How long the previous version stays loaded after promotion, for an instant `rollback`. */
    rollbackWindow: Type.Optional(Duration),
    /** Deploy even if the version's latest validation failed (audited). */
    force: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type RolloutSpec = Static<typeof RolloutSpec>;

/** A step as the controller runs it. */
export type Step =
  | { readonly type: 'setWeight'; readonly weight: number }
  | { readonly type: 'setMirror'; readonly percent: number }
  | { readonly type: 'pause'; readonly durationMs: number | null }
  | { readonly type: 'analysis'; readonly durationMs: number; readonly maxDurationMs: number; readonly minSamples: number | null }
  | { readonly type: 'gate'; readonly check: 'smoke' };


export const VersionRef = Type.Object({ model: Type.String(), version: Type.Integer(), digest: Type.String() });
export type VersionRef = Static<typeof VersionRef>;

const StepSchema = Type.Union([
  Type.Object({ type: Type.Literal('setWeight'), weight: Type.Number() }),
  Type.Object({ type: Type.Literal('setMirror'), percent: Type.Number() }),
  Type.Object({ type: Type.Literal('pause'), durationMs: Type.Union([Type.Number(), Type.Null()]) }),
  Type.Object({ type: Type.Literal('analysis'), durationMs: Type.Number(), maxDurationMs: Type.Number(), minSamples: Type.Union([Type.Integer(), Type.Null()]) }),
  Type.Object({ type: Type.Literal('gate'), check: Type.Literal('smoke') }),
]);

/** The persisted state of one rollout: everything a restart needs, checked against this schema on load. */
export const RolloutSnapshot = Type.Object({
  id: Type.String(),
  endpoint: Type.String(),
  strategy: Type.Union([Type.Literal('canary'), Type.Literal('blue-green'), Type.Literal('shadow'), Type.Literal('rolling'), Type.Literal('ab')]),
  spec: RolloutSpec,
  steps: Type.Array(StepSchema),
  stable: Type.Union([VersionRef, Type.Null()]),
  target: VersionRef,
  phase: Type.Union([Type.Literal('Progressing'), Type.Literal('Paused'), Type.Literal('Succeeded'), Type.Literal('RolledBack'), Type.Literal('Aborted'), Type.Literal('Failed')]),
  stepIndex: Type.Integer(),
  stepStartedAt: Type.Number(),
  weight: Type.Number(),
  mirror: Type.Number(),
  /** Waiting for something outside decide(): a smoke test's result. */
  awaiting: Type.Union([Type.Literal('smoke'), Type.Null()]),
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  /** Who paused: a person (resume continues the step) or the step itself (resume completes it). */
  pauseKind: Type.Union([Type.Literal('manual'), Type.Literal('step'), Type.Null()]),
  /** Since when the current traffic split (weight and mirror) has held: where the analyses' window starts. */
  observedSince: Type.Union([Type.Number(), Type.Null()]),
  lastReport: Type.Union([AnalysisReport, Type.Null()]),
  reports: Type.Array(AnalysisReport),
  planRevision: Type.Integer(),
  message: Type.String(),
  actor: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  finishedAt: Type.Union([Type.Number(), Type.Null()]),
  /** Until when the previous stable stays loaded as a standby after promotion. */
  standbyUntil: Type.Union([Type.Number(), Type.Null()]),
});
export type RolloutSnapshot = Static<typeof RolloutSnapshot>;
