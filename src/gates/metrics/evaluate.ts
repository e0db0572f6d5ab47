import type { EvaluationMetric } from '../../contract/index.js';
import { classificationScores, confusionCounts, type ClassificationScores } from './classification.js';
import { logLoss } from './log-loss.js';
import { regressionScores } from './regression.js';
import { rocAucScorer } from './roc-auc.js';

/** A metric of fixed rows under a row weighting (undefined = every row once), for estimates and bootstrap resamples. */
export type MetricFunction = (weights?: ArrayLike<number>) => number;

/** What a model predicted, as the metrics need it. */
export interface ScoredRows {
  readonly task: 'classification' | 'regression';
  readonly labels: ArrayLike<number> | null;
  readonly probabilities: ArrayLike<number> | null;
  readonly classes: number;
  readonly values: ArrayLike<number> | null;
}

const LOWER_IS_BETTER: ReadonlySet<EvaluationMetric> = new Set(['logLoss', 'rmse', 'mae']);

/** Whether smaller values of `metric` are better (losses and errors). */
export function lowerIsBetter(metric: EvaluationMetric): boolean {
  return LOWER_IS_BETTER.has(metric);
}

/**
 * Every metric that applies to the task, as functions of a row weighting. Binary precision/recall/F1 exist only when
 * the labels are within {0, 1}; ROC AUC and log loss need probabilities.
 * @example metricFunctions(y, predictions).accuracy?.() // 0.951…
 */
export function metricFunctions(y: ArrayLike<number>, p: ScoredRows): Partial<Record<EvaluationMetric, MetricFunction>> {
  if (p.task === 'regression') {
    const values = p.values ?? new Float64Array(y.length).fill(Number.NaN);
    const pick = (k: 'rmse' | 'mae' | 'r2'): MetricFunction => (w) => regressionScores(y, values, w)[k];
    return { rmse: pick('rmse'), mae: pick('mae'), r2: pick('r2') };
  }
  const k = Math.max(p.classes, maxOf(y) + 1);
  const labels = p.labels ?? new Float64Array(y.length);
  const scores = (w?: ArrayLike<number>): ClassificationScores => classificationScores(confusionCounts(y, labels, k, w), k);
  const fns: Partial<Record<EvaluationMetric, MetricFunction>> = {
    accuracy: (w) => scores(w).accuracy,
    precisionMacro: (w) => scores(w).macro.precision,
    recallMacro: (w) => scores(w).macro.recall,
    f1Macro: (w) => scores(w).macro.f1,
    precisionWeighted: (w) => scores(w).weighted.precision,
    recallWeighted: (w) => scores(w).weighted.recall,
    f1Weighted: (w) => scores(w).weighted.f1,
  };
  if (k <= 2) Object.assign(fns, { precision: (w?: ArrayLike<number>) => scores(w).binary?.precision ?? Number.NaN, recall: (w?: ArrayLike<number>) => scores(w).binary?.recall ?? Number.NaN, f1: (w?: ArrayLike<number>) => scores(w).binary?.f1 ?? Number.NaN });
  if (p.probabilities && p.classes >= 2 && p.classes >= k) {
    const probabilities = p.probabilities;
    fns.rocAuc = rocAucScorer(y, probabilities, p.classes);
    fns.logLoss = (w) => logLoss(y, probabilities, p.classes, w);
  }
  return fns;
}

/** The confusion matrix and per-class scores of a classifier (for reports). */
export function classificationDetail(y: ArrayLike<number>, p: ScoredRows): { labels: number[]; matrix: number[][]; scores: ClassificationScores } {
  const k = Math.max(p.classes, maxOf(y) + 1);
  const cm = confusionCounts(y, p.labels ?? new Float64Array(y.length), k);
  return { labels: Array.from({ length: k }, (_, i) => i), matrix: Array.from({ length: k }, (_, r) => Array.from(cm.subarray(r * k, (r + 1) * k))), scores: classificationScores(cm, k) };
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}
