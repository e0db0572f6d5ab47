import { describe, expect, it } from 'vitest';
import type { EvaluationMetric } from '../../contract/index.js';
import reference from '../reference/sklearn-reference.json' with { type: 'json' };
import { aucScorer, bootstrapIterations, confusionCounts, DEFAULT_BOOTSTRAP, logLoss, matrixRows, metricCI, metricFunctions, regressionScores } from './index.js';

const close = (actual: number, expected: number, tolerance = 1e-12) => expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300)).toBeLessThan(tolerance);

describe('classification metrics against scikit-learn (scripts/make-gates-reference.py)', () => {
  it.each(reference.classification)('$name', (c) => {
    const weights = c.weights ?? undefined;
    const fns = metricFunctions(c.y, { task: 'classification', labels: c.pred, probabilities: c.probabilities, classes: c.classes, values: null });
    const expected = c.expected as Record<string, unknown>;
    const names = Object.keys(expected).filter((k) => k !== 'confusion') as EvaluationMetric[];
    expect(names.length).toBeGreaterThanOrEqual(c.classes === 2 ? 11 : 8);
    for (const name of names) {
      const fn = fns[name];
      if (!fn) throw new Error(`no function for ${name}`);
      close(fn(weights), expected[name] as number, name === 'logLoss' || name === 'rocAuc' ? 1e-10 : 1e-12);
    }
    expect(matrixRows(confusionCounts(c.y, c.pred, c.classes, weights), c.classes)).toEqual(expected['confusion']);
  });

  it('offers binary precision/recall/F1 only for labels within {0, 1}', () => {
    const multi = reference.classification.find((c) => c.classes === 3)!;
    const fns = metricFunctions(multi.y, { task: 'classification', labels: multi.pred, probabilities: multi.probabilities, classes: 3, values: null });
    expect([fns.precision, fns.recall, fns.f1]).toEqual([undefined, undefined, undefined]);
    expect(fns.f1Macro).toBeDefined();
  });
});

describe('regression metrics against scikit-learn', () => {
  it.each(reference.regression)('$name', (c) => {
    const scores = regressionScores(c.y, c.pred, c.weights ?? undefined);
    close(scores.rmse, c.expected.rmse);
    close(scores.mae, c.expected.mae);
    close(scores.r2, c.expected.r2, 1e-11);
  });

  it('gives R² 1 for a perfect fit of a constant and 0 otherwise (sklearn force_finite)', () => {
    expect(regressionScores([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionScores([2, 2], [2, 3]).r2).toBe(0);
  });
});

describe('ROC AUC by ranks', () => {
  it('counts ties as half and is NaN without both classes', () => {
    // Hand count: positives 0.35, 0.8; negatives 0.1, 0.4 → pairs (0.35>0.1), (0.35<0.4), (0.8>both) → 3/4.
    expect(aucScorer([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])()).toBe(0.75);
    expect(aucScorer([0, 1], [0.5, 0.5])()).toBe(0.5);
    expect(aucScorer([1, 1], [0.2, 0.3])()).toBeNaN();
  });

  it('gives a weighted row the weight of that many copies', () => {
    const scorer = aucScorer([0, 0, 1, 1, 1], [0.1, 0.6, 0.5, 0.7, 0.2]);
    const copies = aucScorer([0, 0, 0, 1, 1, 1, 1], [0.1, 0.6, 0.6, 0.5, 0.7, 0.2, 0.2]);
    expect(scorer([1, 2, 1, 1, 2])).toBeCloseTo(copies(), 15);
  });
});

describe('log loss', () => {
  it('clips before the logarithm and renormalizes rows, as sklearn does', () => {
    // sklearn.metrics.log_loss([0, 1], [[1, 0], [0.5, 0.5]], eps=1e-15) = (−ln(1−1e-15) − ln 0.5) / 2
    expect(logLoss([0, 1], [1, 0, 0.5, 0.5], 2)).toBeCloseTo((-Math.log(1 - 1e-15) + Math.log(2)) / 2, 15);
    // A certain, wrong answer costs −ln ε, not infinity.
    expect(logLoss([1], [1, 0], 2)).toBeCloseTo(-Math.log(1e-15), 9);
  });
});

describe('bootstrap intervals of metrics', () => {
  const c = reference.classification[0]!;
  const fns = metricFunctions(c.y, { task: 'classification', labels: c.pred, probabilities: c.probabilities, classes: 2, values: null });

  it('brackets the estimate, replays with the same seed and moves with another', () => {
    const a = metricCI(fns.accuracy!, c.y.length, DEFAULT_BOOTSTRAP);
    expect(a.estimate).toBeCloseTo(c.expected.accuracy, 15);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(metricCI(fns.accuracy!, c.y.length, DEFAULT_BOOTSTRAP)).toEqual(a);
    expect(metricCI(fns.accuracy!, c.y.length, { ...DEFAULT_BOOTSTRAP, seed: 7 })).not.toEqual(a);
  });

  it('has the width the normal approximation predicts for accuracy', () => {
    const a = metricCI(fns.accuracy!, c.y.length, { ...DEFAULT_BOOTSTRAP, iterations: 4000 });
    const se = Math.sqrt((a.estimate * (1 - a.estimate)) / c.y.length);
    expect((a.upper - a.lower) / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect((a.upper - a.lower) / (2 * 1.96 * se)).toBeLessThan(1.15);
  });

  it('spends fewer resamples on a large holdout, never fewer than 100', () => {
    expect([bootstrapIterations(1000, 143), bootstrapIterations(1000, 100_000), bootstrapIterations(1000, 10_000_000), bootstrapIterations(50, 10)]).toEqual([1000, 200, 100, 50]);
  });
});
