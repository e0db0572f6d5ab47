import { createSeededRandom } from '../../core/index.js';
import { bootstrapCI, type BootstrapResult } from '../../stats/index.js';
import type { MetricFunction } from './evaluate.js';

export interface BootstrapSettings {
  readonly iterations: number;
  readonly confidence: number;
  readonly seed: number;
}

/** Default resamples, level and seed of the evaluation gate's confidence intervals. */
export const DEFAULT_BOOTSTRAP: BootstrapSettings = { iterations: 1000, confidence: 0.95, seed: 42 };
/**
 * Resampled rows one interval may cost: a large holdout gets fewer resamples (never fewer than
 * {@link MIN_BOOTSTRAP_ITERATIONS}), so that 100,000 rows take 200 resamples instead of 1000.
 */
export const BOOTSTRAP_ROW_BUDGET = 20_000_000;
export const MIN_BOOTSTRAP_ITERATIONS = 100;

/**
 * Resamples to use for `rows` rows under the budget.
 * @example bootstrapIterations(1000, 100_000) // 200
 */
export function bootstrapIterations(requested: number, rows: number): number {
  const affordable = Math.floor(BOOTSTRAP_ROW_BUDGET / Math.max(rows, 1));
  return Math.min(requested, Math.max(MIN_BOOTSTRAP_ITERATIONS, affordable));
}

/**
 * Percentile bootstrap interval of a metric over `rows` rows: each resample is a row weighting (how many times each
 * row was drawn), so the metric never copies the data. Same seed, same interval.
 * @example metricCI(fns.accuracy!, 143, DEFAULT_BOOTSTRAP) // { estimate: 0.951…, lower: 0.916…, upper: 0.986… }
 */
export function metricCI(metric: MetricFunction, rows: number, settings: BootstrapSettings): BootstrapResult {
  const rng = createSeededRandom(settings.seed);
  const weights = new Float64Array(rows);
  const indices = Float64Array.from({ length: rows }, (_, i) => i);
  const statistic = (sample: Float64Array): number => {
    // bootstrapCI computes the estimate on the original values last: the identity sample, all weights 1.
    weights.fill(0);
    for (let i = 0; i < sample.length; i++) weights[sample[i]!]!++;
    return metric(weights);
  };
  return bootstrapCI(indices, statistic, { iterations: settings.iterations, confidence: settings.confidence, random: () => rng.next() });
}
