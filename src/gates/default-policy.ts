import type { GatePolicy } from '../contract/index.js';

/** Largest artifact the integrity gate accepts by default. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 ** 3;
/** Operator domains the safety gate allows by default: ONNX's default domain and the classic-ML operators. */
export const DEFAULT_ALLOWED_DOMAINS: readonly string[] = ['', 'ai.onnx', 'ai.onnx.ml'];
/** Default-domain opsets the safety gate accepts by default: what onnxruntime runs (7) up to the newest it knows. */
export const DEFAULT_OPSET_RANGE = { min: 7, max: 23 } as const;
/** Nodes (over all subgraphs and functions) the safety gate accepts by default. */
export const DEFAULT_MAX_NODES = 100_000;
/** A generous in-process latency ceiling: it catches a pathological model, not a slow machine. */
export const DEFAULT_LATENCY = { p99Ms: 100, batch: 1 } as const;
/** Evidently's drift defaults: p < 0.05 for tests, distance ≥ 0.1, dataset drift at half the features. */
export const DEFAULT_DRIFT = { maxShare: 0.5, pValue: 0.05, distance: 0.1 } as const;
/** Compare with @champion; a drop of more than one point of the metric is a regression. */
export const DEFAULT_NO_REGRESSION = { against: 'champion', tolerance: 0.01 } as const;
/** Probe the model as the data plane serves it (NaN/Inf refused before the model) with a 10,000-row batch. */
export const DEFAULT_ROBUSTNESS = { nonFinite: 'reject', hugeBatch: 10_000 } as const;

/** What the defaults can build on. */
export interface Availability {
  /** Holdout data was given (policy `data` or `--data`). */
  readonly data: boolean;
  /** The version has a reference profile. */
  readonly profile: boolean;
}

type Section = keyof GatePolicy;

/**
 * The policy the gates run with: a sensible default set, changed by the user's policy section by section (an object
 * section is merged over the default one, `false` turns it off). Without data only the checks of the artifact and
 * the model run; with data also evaluation and no-regression; with data and a profile also drift.
 * @example effectivePolicy(undefined, { data: false, profile: false }).latency // { p99Ms: 100, batch: 1 }
 */
export function effectivePolicy(user: GatePolicy | undefined, available: Availability): GatePolicy {
  const defaults: GatePolicy = {
    integrity: { maxBytes: DEFAULT_MAX_ARTIFACT_BYTES },
    safety: { allowedDomains: [...DEFAULT_ALLOWED_DOMAINS], opsetRange: { ...DEFAULT_OPSET_RANGE }, maxNodes: DEFAULT_MAX_NODES },
    signature: true,
    unit: true,
    robustness: { ...DEFAULT_ROBUSTNESS },
    latency: { ...DEFAULT_LATENCY },
    ...(available.data ? { evaluate: {}, noRegression: { ...DEFAULT_NO_REGRESSION } } : {}),
    ...(available.data && available.profile ? { drift: { ...DEFAULT_DRIFT } } : {}),
  };
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user ?? {})) {
    const base = defaults[key as Section];
    merged[key] = isObject(base) && isObject(value) && !Array.isArray(value) ? { ...base, ...value } : value;
  }
  return merged as GatePolicy;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A section's settings when it is on (an object), else undefined. */
export function section<K extends Section>(policy: GatePolicy, key: K): Exclude<GatePolicy[K], false | true | undefined> | undefined {
  const v = policy[key];
  return isObject(v) ? (v as Exclude<GatePolicy[K], false | true | undefined>) : undefined;
}
