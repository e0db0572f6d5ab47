import type { AnalysisReport, RolloutSnapshot, RolloutSpec, ServingPlan, VersionRef } from '../contract/index.js';

/** Something that happened to a rollout: time passed (with the current analysis, if any), or a person acted. */
export type RolloutEvent =
  | { readonly type: 'start' }
  | { readonly type: 'tick'; readonly report?: AnalysisReport }
  | { readonly type: 'pause' | 'resume' | 'promote' | 'abort' | 'rollback'; readonly actor: string }
  | { readonly type: 'smoke'; readonly ok: boolean; readonly message: string }
  | { readonly type: 'applyFailed'; readonly message: string };

/** Kinds of notification a rollout sends. */
export type NotifyKind = 'start' | 'step' | 'paused' | 'promotion' | 'rollback' | 'failure' | 'abort';

/** What the controller must do; plain data, executed through the interfaces after decide() returns. */
export type RolloutEffect =
  | { readonly type: 'applyPlan'; readonly plan: ServingPlan }
  | { readonly type: 'smokeTest'; readonly endpoint: string; readonly version: VersionRef }
  | { readonly type: 'promoteInRegistry'; readonly version: VersionRef; readonly previous: VersionRef | null; readonly onSuccess: NonNullable<RolloutSpec['onSuccess']> }
  | { readonly type: 'tagVersion'; readonly version: VersionRef; readonly tags: Readonly<Record<string, string>> }
  | { readonly type: 'audit'; readonly action: string; readonly details: Readonly<Record<string, unknown>> }
  | { readonly type: 'notify'; readonly kind: NotifyKind; readonly message: string };

/** The new snapshot, what to do, and when to look again (null: only an outside event moves it). */
export interface Decision {
  readonly snapshot: RolloutSnapshot;
  readonly effects: readonly RolloutEffect[];
  readonly requeueAfterMs: number | null;
}
