import { rowScore, type PredictionSample } from '../../contract/index.js';
import type { Random } from '../../core/index.js';
import { binOf, categoryKey, type WindowPlan } from './plan.js';

/** Raw values kept per numeric feature for KS (a uniform reservoir sample of the window). */
export const RESERVOIR_SIZE = 500;

/** Joined labels of a window, as counts: enough for accuracy, precision, recall, F1, MAE and RMSE. */
export interface LabelCounts {
  /** "predicted\tactual" → rows (classifiers). */
  confusion: Record<string, number>;
  regressionRows: number;
  absError: number;
  squaredError: number;
}

/**
 * A window's binned summary: memory depends on the number of features and bins, never on traffic. Plain JSON so it
 * is persisted as is.
 */
export interface Sketch {
  samples: number;
  rows: number;
  /** Per feature, in input order: counts per bin of its plan. */
  counts: number[][];
  missing: number[];
  /** Per feature: up to RESERVOIR_SIZE raw values (numeric bins only), and how many present values were offered. */
  reservoirs: number[][];
  seen: number[];
  /** Predictions binned like the reference target, and predicted class counts (classifiers). */
  predicted: number[];
  classes: Record<string, number>;
  /** Positive-class (binary) or top-class probability of each predicted row, in SCORE_BINS equal bins of [0, 1]. */
  scores: number[];
  labels: LabelCounts;
}

export const SCORE_BINS = 10;

export function emptyLabels(): LabelCounts {
  return { confusion: {}, regressionRows: 0, absError: 0, squaredError: 0 };
}

/** A sketch with every count at zero, shaped by the plan. */
export function emptySketch(plan: WindowPlan): Sketch {
  return {
    samples: 0,
    rows: 0,
    counts: plan.features.map((f) => new Array<number>(f.reference.length).fill(0)),
    missing: plan.features.map(() => 0),
    reservoirs: plan.features.map(() => []),
    seen: plan.features.map(() => 0),
    predicted: new Array<number>(plan.prediction?.reference.length ?? 0).fill(0),
    classes: {},
    scores: new Array<number>(SCORE_BINS).fill(0),
    labels: emptyLabels(),
  };
}

/**
 * Folds one sampled request (all its rows) into the sketch, in place.
 * @example addSample(plan, sketch, sample, random)
 */
export function addSample(plan: WindowPlan, sketch: Sketch, sample: PredictionSample, random: Random): void {
  sketch.samples++;
  for (const row of sample.inputs) {
    sketch.rows++;
    for (let i = 0; i < plan.features.length; i++) addValue(plan, sketch, i, row[i] ?? null, random);
  }
  for (const p of sample.outputs.probabilities ?? []) addScore(sketch, rowScore(p, 0, p.length));
  const predicted = sample.outputs.labels ?? sample.outputs.values ?? [];
  for (const p of predicted) {
    if (sample.outputs.labels) sketch.classes[categoryKey(p)] = (sketch.classes[categoryKey(p)] ?? 0) + 1;
    if (plan.prediction) {
      const bin = binOf(plan.prediction, p);
      if (bin >= 0) sketch.predicted[bin]!++;
    }
  }
}

function addScore(sketch: Sketch, score: number): void {
  if (!Number.isFinite(score)) return;
  sketch.scores[Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)))]!++;
}

function addValue(plan: WindowPlan, sketch: Sketch, i: number, value: number | boolean | null, random: Random): void {
  const feature = plan.features[i]!;
  const bin = binOf(feature, value);
  if (bin < 0) {
    sketch.missing[i]!++;
    return;
  }
  sketch.counts[i]![bin]!++;
  if (feature.kind !== 'bins') return;
  const reservoir = sketch.reservoirs[i]!;
  const seen = ++sketch.seen[i]!;
  if (reservoir.length < RESERVOIR_SIZE) reservoir.push(Number(value));
  else {
    const j = Math.floor(random.next() * seen);
    if (j < RESERVOIR_SIZE) reservoir[j] = Number(value);
  }
}

/**
 * The sum of two sketches of the same plan (windows merged for a rollout's analysis); reservoirs are merged into one
 * uniform sample of both.
 */
export function mergeSketches(a: Sketch, b: Sketch, random: Random): Sketch {
  return {
    samples: a.samples + b.samples,
    rows: a.rows + b.rows,
    counts: a.counts.map((c, i) => addArrays(c, b.counts[i]!)),
    missing: addArrays(a.missing, b.missing),
    reservoirs: a.reservoirs.map((r, i) => mergeReservoirs(r, a.seen[i]!, b.reservoirs[i]!, b.seen[i]!, random)),
    seen: addArrays(a.seen, b.seen),
    predicted: addArrays(a.predicted, b.predicted),
    classes: addRecords(a.classes, b.classes),
    scores: addArrays(a.scores, b.scores),
    labels: {
      confusion: addRecords(a.labels.confusion, b.labels.confusion),
      regressionRows: a.labels.regressionRows + b.labels.regressionRows,
      absError: a.labels.absError + b.labels.absError,
      squaredError: a.labels.squaredError + b.labels.squaredError,
    },
  };
}

/** Removes and returns a random element (the last one takes its place: O(1)). */
function takeRandom(values: number[], random: Random): number {
  const i = Math.floor(random.next() * values.length);
  const v = values[i]!;
  values[i] = values[values.length - 1]!;
  values.pop();
  return v;
}

function addArrays(a: readonly number[], b: readonly number[]): number[] {
  return a.map((v, i) => v + (b[i] ?? 0));
}

function addRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Each kept value stands for seen/kept values of its side: draw from the sides in proportion to what they saw. */
function mergeReservoirs(a: readonly number[], seenA: number, b: readonly number[], seenB: number, random: Random): number[] {
  if (seenA + seenB <= RESERVOIR_SIZE) return [...a, ...b];
  const out: number[] = [];
  const [left, right] = [[...a], [...b]];
  while (out.length < RESERVOIR_SIZE && (left.length || right.length)) {
    const fromA = right.length === 0 || (left.length > 0 && random.next() < seenA / (seenA + seenB));
    out.push(takeRandom(fromA ? left : right, random));
  }
  return out;
}
