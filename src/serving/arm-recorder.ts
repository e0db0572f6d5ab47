import type { ArmWindow, ShadowDiff } from '../contract/index.js';
import { createRing } from './ring.js';

const OK = 0;
const ERROR = 1;
const INVALID = 2;

/** One mirrored run's comparison (the requests the primary answered in it), as the shadow saw it. */
export interface MirrorObservation {
  readonly error: boolean;
  readonly requests: number;
  readonly rows: number;
  readonly agreeingRows: number;
  readonly sumAbsScoreDiff: number;
  readonly maxAbsScoreDiff: number;
  readonly latencyRatio: number;
}

/**
 * Raw per-request observations of one served version, in bounded rings, for the rollout judge:
 * latency, own inference time, status, per-row scores and classes, and shadow comparisons.
 */
export interface ArmRecorder {
  answered(at: number, latencyMs: number, inferenceMs: number): void;
  failed(at: number, kind: 'error' | 'invalid'): void;
  predicted(at: number, score: number, label: number): void;
  mirrored(at: number, o: MirrorObservation): void;
  window(since: number): Omit<ArmWindow, 'endpoint' | 'version'>;
}

/** @example const rec = createArmRecorder(65_536); rec.answered(now, 1.2, 0.4); rec.window(now - 60_000) */
export function createArmRecorder(capacity: number): ArmRecorder {
  const requests = createRing(capacity, 3);
  const predictions = createRing(capacity, 2);
  const mirrors = createRing(capacity, 7);
  return {
    answered: (at, latencyMs, inferenceMs) => requests.push(at, OK, latencyMs, inferenceMs),
    failed: (at, kind) => requests.push(at, kind === 'error' ? ERROR : INVALID, 0, 0),
    predicted: (at, score, label) => predictions.push(at, score, label),
    mirrored: (at, o) => mirrors.push(at, o.error ? 1 : 0, o.requests, o.rows, o.agreeingRows, o.sumAbsScoreDiff, o.maxAbsScoreDiff, o.latencyRatio),
    window(since) {
      const [status, latency, inference] = requests.since(since) as [Float64Array, Float64Array, Float64Array];
      const [scores, classes] = predictions.since(since) as [Float64Array, Float64Array];
      const answered = status.map((s) => (s === OK ? 1 : 0)).reduce((a, b) => a + b, 0);
      return {
        ok: answered,
        errors: count(status, ERROR),
        invalid: count(status, INVALID),
        latencyMs: latency.filter((_, i) => status[i] === OK),
        inferenceMs: inference.filter((_, i) => status[i] === OK),
        scores,
        classes: Int32Array.from(classes),
        shadow: shadowOf(mirrors.since(since)),
      };
    },
  };
}

function count(values: Float64Array, of: number): number {
  let n = 0;
  for (const v of values) if (v === of) n++;
  return n;
}

function shadowOf(cols: Float64Array[]): ShadowDiff | null {
  const [error, requests, rows, agreeing, sumAbs, maxAbs, ratio] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  if (error.length === 0) return null;
  const ok = error.map((e) => 1 - e);
  const totalRows = rows.reduce((s, r, i) => s + r * ok[i]!, 0);
  const ratios = ratio.filter((_, i) => ok[i] === 1).sort();
  return {
    mirrored: requests.reduce((s, n) => s + n, 0),
    errors: requests.reduce((s, n, i) => s + n * error[i]!, 0),
    rows: totalRows,
    agreement: totalRows ? agreeing.reduce((s, a, i) => s + a * ok[i]!, 0) / totalRows : 0,
    meanAbsScoreDiff: totalRows ? sumAbs.reduce((s, a, i) => s + a * ok[i]!, 0) / totalRows : 0,
    maxAbsScoreDiff: maxAbs.reduce((m, a, i) => (ok[i] ? Math.max(m, a) : m), 0),
    latencyRatio: ratios.length ? ratios[Math.floor(ratios.length / 2)]! : 0,
  };
}
