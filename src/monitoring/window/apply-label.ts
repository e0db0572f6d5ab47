import type { PredictionSample } from '../../contract/index.js';
import { categoryKey } from './plan.js';
import type { LabelCounts } from './sketch.js';

/**
 * Adds (sign 1) or takes back (sign −1, a corrected label) one request's ground truth against its predictions:
 * a single label applies to every row, an array gives one per row. Returns the rows counted.
 * @example applyLabel(window.sketch.labels, sample.outputs, 1, 1)
 */
export function applyLabel(counts: LabelCounts, outputs: PredictionSample['outputs'], label: unknown, sign: 1 | -1): number {
  const actual = Array.isArray(label) ? (label as unknown[]) : null;
  const predicted = outputs.labels ?? outputs.values ?? [];
  let n = 0;
  for (let i = 0; i < predicted.length; i++) {
    const truth = actual ? actual[i] : label;
    if (typeof truth !== 'number' && typeof truth !== 'string') continue;
    if (outputs.labels) addClass(counts, categoryKey(predicted[i]!), categoryKey(truth), sign);
    else if (!addValue(counts, predicted[i]!, Number(truth), sign)) continue;
    n++;
  }
  return n;
}

function addClass(counts: LabelCounts, predicted: string, actual: string, sign: 1 | -1): void {
  const key = `${predicted}\t${actual}`;
  const next = (counts.confusion[key] ?? 0) + sign;
  if (next > 0) counts.confusion[key] = next;
  else delete counts.confusion[key];
}

function addValue(counts: LabelCounts, predicted: number, actual: number, sign: 1 | -1): boolean {
  if (!Number.isFinite(actual)) return false;
  const error = predicted - actual;
  counts.regressionRows += sign;
  counts.absError += sign * Math.abs(error);
  counts.squaredError += sign * error * error;
  return true;
}

/** True when two labels are the same ground truth (1, "1" and [1] for a one-row request are). */
export function sameLabel(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => JSON.stringify((Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'number' || typeof x === 'string' ? categoryKey(x) : x)));
  return norm(a) === norm(b);
}
