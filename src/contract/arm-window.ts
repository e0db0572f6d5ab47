/**
 * What one version did over a time window, as raw observations: the analysis judge compares two of these.
 * Plain typed arrays (not a schema'd payload): they never leave the process.
 */
export interface ArmWindow {
  readonly endpoint: string;
  readonly version: number;
  /** Requests answered 2xx. */
  readonly ok: number;
  /** Requests that failed inside the server (5xx). */
  readonly errors: number;
  /** Requests refused by input validation (4xx). */
  readonly invalid: number;
  /** Request latency of answered requests, ms. */
  readonly latencyMs: Float64Array;
  /** The version's own inference time (its batch run) per answered request, ms. */
  readonly inferenceMs: Float64Array;
  /** Per predicted row: positive-class probability (binary), top-class probability (multiclass) or value (regression). */
  readonly scores: Float64Array;
  /** Per predicted row: the label, or -1 for regressors. */
  readonly classes: Int32Array;
  /** Mirrored requests this version answered as a shadow, compared with the primary answer. */
  readonly shadow: ShadowDiff | null;
  /** From production monitoring since the same time (absent when monitoring has no window of the version). */
  readonly monitored?: MonitoredArm;
}

/** What production monitoring saw of a version: its inputs against its own reference profile, and joined labels. */
export interface MonitoredArm {
  readonly rows: number;
  /** Null when the version has no reference profile or too few sampled rows. */
  readonly drift: { readonly share: number; readonly drifted: number; readonly tested: number; readonly names: readonly string[] } | null;
  /** Classifier rows with a joined label, and how many of them the version predicted right. */
  readonly labelled: number;
  readonly correct: number;
}

/** How a shadow's answers compared with the primary's on mirrored requests. */
export interface ShadowDiff {
  readonly mirrored: number;
  readonly errors: number;
  /** Rows where the shadow's label equals the primary's, over rows compared. */
  readonly agreement: number;
  readonly rows: number;
  readonly meanAbsScoreDiff: number;
  readonly maxAbsScoreDiff: number;
  /** Median of shadow run time / primary run time. */
  readonly latencyRatio: number;
}
