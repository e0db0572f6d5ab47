import { rowScore, topProbability, type PredictionSample } from '../contract/index.js';
import type { TensorData } from '../engine/index.js';
import type { ArmRecorder } from './arm-recorder.js';
import type { VersionMetrics } from './metrics.js';
import type { ModelLayout } from './model-layout.js';
import { rowValue } from './protocols/json-tensor.js';
import { shortFloat32 } from './short-float32.js';

export type Predictions = PredictionSample['outputs'];

/** Per-row labels, probabilities or values, as plain JS, for the row-oriented protocols and samples. */
export function toPredictions(outputs: Record<string, TensorData>, layout: ModelLayout, rows: number): Predictions {
  const pick = <T>(name: string | undefined, f: (t: TensorData, r: number) => T): T[] | undefined => {
    const t = name === undefined ? undefined : outputs[name];
    return t ? Array.from({ length: rows }, (_, r) => f(t, r)) : undefined;
  };
  if (layout.task === 'regression') {
    const first = layout.outputs[0]?.name;
    return { values: pick(first, (t, r) => Number([rowValue(t, r)].flat()[0])) ?? [] };
  }
  const labels = pick(layout.labelOutput, (t, r) => Number(rowValue(t, r)));
  const probabilities = pick(layout.probabilitiesOutput, (t, r) => rowValue(t, r) as number[]);
  return { ...(labels ? { labels } : {}), ...(probabilities ? { probabilities } : {}) };
}

/**
 * Counts predicted classes and observes scores (metrics), and records each row's score and label for the
 * rollout judge, straight from the typed arrays (hot path). The judge's score is the contract's rowScore for
 * classifiers, the value for regressors; the score histogram observes the top-class probability.
 */
export function observePredictions(outputs: Record<string, TensorData>, layout: ModelLayout, rows: number, vm: VersionMetrics, recorder: ArmRecorder, at: number): void {
  const labels = layout.labelOutput ? (outputs[layout.labelOutput]?.data as ArrayLike<number | bigint> | undefined) : undefined;
  const probs = layout.probabilitiesOutput ? (outputs[layout.probabilitiesOutput]?.data as ArrayLike<number> | undefined) : undefined;
  const values = layout.task === 'regression' ? (outputs[layout.outputs[0]?.name ?? '']?.data as ArrayLike<number> | undefined) : undefined;
  const k = probs ? probs.length / rows : 0;
  for (let r = 0; r < rows; r++) {
    const label = labels ? Number(labels[r]) : -1;
    if (labels) vm.predicted(label);
    const score = k > 0 ? rowScore(probs!, r * k, k) : values ? Number(values[r]) : label;
    // Beyond two classes the row score is already the top probability: the row is scanned once.
    if (k > 0) vm.score.observe(k > 2 ? score : topProbability(probs!, r * k, k));
    recorder.predicted(at, score, label);
  }
}

/** The feature rows of a request's feeds, for a sample (only called for sampled requests). */
export function inputRows(tensors: Record<string, TensorData>, layout: ModelLayout, rows: number): (number | null)[][] {
  // Plain loops: this runs for every sampled request, on the event loop.
  const out = new Array<(number | null)[]>(rows);
  for (let r = 0; r < rows; r++) {
    const row: (number | null)[] = [];
    for (const slot of layout.inputs) {
      const d = tensors[slot.name]!.data as ArrayLike<number | bigint>;
      // float32 values in their short decimal form (the same float32): a third of the text to write.
      const float32 = d instanceof Float32Array;
      for (let k = r * slot.width, end = k + slot.width; k < end; k++) {
        const v = Number(d[k]);
        row.push(Number.isFinite(v) ? (float32 ? shortFloat32(v) : v) : null);
      }
    }
    out[r] = row;
  }
  return out;
}
