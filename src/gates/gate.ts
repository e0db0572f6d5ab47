import type { GateCategory, GateOutcome, GatePolicy, GateResult, ModelVersion, ReferenceProfile } from '../contract/index.js';
import type { Clock } from '../core/index.js';
import type { LoadedModel } from '../engine/index.js';
import type { Holdout } from './data/holdout.js';
import type { Predictions } from './model/predict.js';

/** A running endpoint to test over HTTP (`modelpilot test --service`). */
export interface ServiceTarget {
  readonly url: string;
  readonly endpoint: string;
}

/** Another version's predictions on the same holdout (for no-regression). */
export interface Comparand {
  readonly version: ModelVersion;
  readonly predictions: Predictions;
}

/** What a gate may use. Expensive things (bytes, the loaded model, predictions) are computed once, on first use. */
export interface GateContext {
  /** The effective policy: the defaults with the user's file applied. */
  readonly policy: GatePolicy;
  readonly clock: Clock;
  /** The holdout data, or null when none was given. */
  readonly holdout: Holdout | null;
  /** The version's reference profile, or null when it was registered without one. */
  readonly profile: ReferenceProfile | null;
  readonly service: ServiceTarget | null;
  /** The artifact's bytes (the artifact store checks them against the digest). */
  artifact(): Promise<Uint8Array>;
  /** The version loaded in the inference engine. */
  model(): Promise<LoadedModel>;
  /** The version's predictions on the holdout (MP_GATES_DATA_REQUIRED without one). */
  predictions(): Promise<Predictions>;
  /** `ref` (an alias or a version number) of the same model, run on the holdout; null when the ref does not exist. */
  compareWith(ref: string): Promise<Comparand | null>;
}

/** What a gate decides; the runner adds the gate's name, category and duration. */
export interface GateVerdict {
  readonly outcome: GateOutcome;
  readonly message: string;
  readonly score?: number;
  readonly threshold?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * One pre-deploy check of a version. A failing check is a verdict (data); only a gate that cannot check throws, and
 * the runner turns that into outcome Error with the message.
 * @example const g: Gate = { name: 'metadata', category: 'governance', enabled: (p) => p.requiredTags !== undefined, check: async (v) => pass('ok') };
 */
export interface Gate {
  readonly name: string;
  readonly category: GateCategory;
  /** Whether the effective policy asks for this gate at all. */
  enabled(policy: GatePolicy): boolean;
  check(version: ModelVersion, context: GateContext): Promise<GateVerdict>;
}

/**
 * A verdict with the given outcome (details default to {}).
 * @example return verdict('Fail', 'accuracy 0.93 (needs >= 0.95)', { score: 0.93, threshold: '>= 0.95' });
 */
export function verdict(outcome: GateOutcome, message: string, extra: Omit<GateVerdict, 'outcome' | 'message'> = {}): GateVerdict {
  return { outcome, message, ...extra };
}

/**
 * A stored result from a verdict (non-finite scores are left out).
 * @example toResult(gate, verdict('Pass', 'ok'), 12.5) // { gate: 'metadata', category: 'governance', outcome: 'Pass', … }
 */
export function toResult(gate: Gate, v: GateVerdict, durationMs: number): GateResult {
  return {
    gate: gate.name,
    category: gate.category,
    outcome: v.outcome,
    ...(v.score !== undefined && Number.isFinite(v.score) ? { score: v.score } : {}),
    ...(v.threshold !== undefined ? { threshold: v.threshold } : {}),
    message: v.message,
    details: v.details ?? {},
    durationMs,
  };
}
