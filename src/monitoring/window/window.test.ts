import { describe, expect, it } from 'vitest';
import type { PredictionSample, ReferenceProfile } from '../../contract/index.js';
import { createSeededRandom } from '../../core/index.js';
import { applyLabel, sameLabel } from './apply-label.js';
import { featureDrift, windowDrift } from './drift.js';
import { labelStats } from './label-stats.js';
import { binOf, planOf, type BinPlan } from './plan.js';
import { addSample, emptySketch, mergeSketches, RESERVOIR_SIZE } from './sketch.js';
import { endOnRows, windowFor, type Track } from './track.js';

const LIMITS = { pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' as const };

/** Two features: x continuous (0..99 uniform, 10 bins), k discrete (0/1, 40%/60%); target classes 0/1. */
function profile(): ReferenceProfile {
  const pct = Array.from({ length: 101 }, (_, i) => i * 0.99);
  const discrete = Array.from({ length: 101 }, (_, i) => (i < 40 ? 0 : 1));
  return {
    formatVersion: 1,
    rowCount: 1000,
    source: 'test',
    features: [
      { name: 'x', type: 'numeric', count: 1000, missing: 0, missingRate: 0, min: 0, max: 99, mean: 49.5, std: 28.9, edges: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99], counts: Array<number>(10).fill(100), percentiles: pct },
      { name: 'k', type: 'numeric', count: 1000, missing: 0, missingRate: 0, min: 0, max: 1, mean: 0.6, std: 0.49, edges: [0, 1], counts: [1000], percentiles: discrete },
    ],
    target: { name: 'y', kind: 'classes', classes: { '1': 600, '0': 400 } },
    sampleRows: [],
  };
}

function sample(rows: (number | null)[][], labels: number[], id = 'r'): PredictionSample {
  return { endpoint: 'e', model: 'm', version: 1, requestId: id, at: '2026-01-01T00:00:00.000Z', latencyMs: 1, inputs: rows, outputs: { labels } };
}

describe('window plan and sketch', () => {
  const plan = planOf(profile());

  it('bins numeric features on the profile edges (clipping), discrete ones on their values, classes by key', () => {
    const [x, k] = plan.features as [BinPlan, BinPlan];
    expect([x.kind, k.kind, plan.prediction?.kind]).toEqual(['bins', 'values', 'categories']);
    expect([binOf(x, -5), binOf(x, 0), binOf(x, 10), binOf(x, 99), binOf(x, 500), binOf(x, null), binOf(x, Number.NaN)]).toEqual([0, 0, 1, 9, 9, -1, -1]);
    expect([binOf(k, 0), binOf(k, 1), binOf(k, 7)]).toEqual([0, 1, 2]);
    // The discrete reference counts come from the percentile pseudo-sample: 40% zeros of 1000 rows.
    expect(k.reference[0]! + k.reference[1]!).toBe(1000);
    expect(Math.abs(k.reference[0]! - 400)).toBeLessThanOrEqual(10);
    expect([binOf(plan.prediction!, 0), binOf(plan.prediction!, 1), binOf(plan.prediction!, 2)]).toEqual([0, 1, 2]);
  });

  it('bins float32 inputs (what most models take) on their own side of a float64 edge', () => {
    const edges = [0.2, 0.54, 1.01, 3.67];
    const p = planOf({ ...profile(), features: [{ ...(profile().features[0] as Extract<ReturnType<typeof profile>['features'][number], { type: 'numeric' }>), edges, counts: [1, 1, 1] }] });
    // Math.fround(1.01) = 1.0099999904632568: below the float64 edge, yet it is the value 1.01.
    expect([binOf(p.features[0]!, Math.fround(1.01)), binOf(p.features[0]!, 1.01), binOf(p.features[0]!, Math.fround(1.0099))]).toEqual([2, 2, 1]);
    // A sample keeps a float32 in its short form (0.54 for 0.5400000214576721, above the rounded edge): same bin.
    expect([binOf(p.features[0]!, Math.fround(0.54)), binOf(p.features[0]!, 0.54), binOf(p.features[0]!, Math.fround(0.5399))]).toEqual([1, 1, 0]);
    const discrete = planOf({ ...profile(), features: [{ ...(profile().features[1] as Extract<ReturnType<typeof profile>['features'][number], { type: 'numeric' }>), percentiles: Array.from({ length: 101 }, (_, i) => (i < 50 ? 0.1 : 0.3)) }] });
    expect([binOf(discrete.features[0]!, Math.fround(0.1)), binOf(discrete.features[0]!, 0.3), binOf(discrete.features[0]!, 0.2)]).toEqual([0, 1, 2]);
  });

  it('keeps the positive-class score distribution in ten bins', () => {
    const sketch = emptySketch(plan);
    addSample(plan, sketch, { ...sample([[1, 1], [2, 0], [3, 1]], [1, 0, 1]), outputs: { labels: [1, 0, 1], probabilities: [[0.2, 0.8], [0.95, 0.05], [0, 1]] } }, createSeededRandom(1));
    expect(sketch.scores).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('counts rows, missing values and predicted classes, and keeps a bounded uniform reservoir', () => {
    const sketch = emptySketch(plan);
    const random = createSeededRandom(1);
    for (let i = 0; i < 2000; i++) addSample(plan, sketch, sample([[i % 100, i % 2], [null, 1]], [1, 0]), random);
    expect([sketch.samples, sketch.rows, sketch.missing]).toEqual([2000, 4000, [2000, 0]]);
    expect(sketch.counts[0]).toEqual(Array<number>(10).fill(200));
    expect(sketch.counts[1]).toEqual([1000, 3000, 0]);
    expect(sketch.classes).toEqual({ '1': 2000, '0': 2000 });
    expect(sketch.scores).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sketch.reservoirs[0]).toHaveLength(RESERVOIR_SIZE);
    expect(sketch.seen[0]).toBe(2000);
    const merged = mergeSketches(sketch, sketch, random);
    expect([merged.rows, merged.counts[0]![0], merged.reservoirs[0]!.length]).toEqual([8000, 400, RESERVOIR_SIZE]);
  });
});

describe('drift of a window', () => {
  it('reports scipy’s chi-square, Jensen–Shannon and PSI for the bins', () => {
    // scipy: chi2_contingency([[40,60],[30,70]], correction=False) → 2.197802197802198, p 0.1382076669740215;
    // jensenshannon([40,60],[30,70], base=2) → 0.08914767822445263; PSI → 0.044183275227903954
    const plan: BinPlan = { kind: 'categories', name: 'c', keys: new Map([['a', 0], ['b', 1]]), reference: [40, 60], referenceRows: 100 };
    const d = featureDrift(plan, [30, 70], 0, [], LIMITS)!;
    expect(d.chiSquare.statistic).toBeCloseTo(2.197802197802198, 12);
    expect(d.chiSquare.pValue).toBeCloseTo(0.1382076669740215, 12);
    expect(d.js).toBeCloseTo(0.08914767822445263, 12);
    expect(d.psi).toBeCloseTo(0.044183275227903954, 12);
    expect(d).toMatchObject({ rows: 100, referenceRows: 100, drifted: false });
  });

  it('needs both significance and a PSI that matters, and counts the dataset share', () => {
    const plan = planOf(profile());
    const random = createSeededRandom(2);
    const clean = emptySketch(plan);
    const shifted = emptySketch(plan);
    for (let i = 0; i < 1000; i++) {
      addSample(plan, clean, sample([[(i * 37) % 100, i % 5 < 2 ? 0 : 1]], [1]), random);
      addSample(plan, shifted, sample([[50 + ((i * 37) % 50), i % 5 < 2 ? 0 : 1]], [1]), random);
    }
    const a = windowDrift(plan, clean, LIMITS)!;
    const b = windowDrift(plan, shifted, LIMITS)!;
    expect(a.features.map((f) => f.drifted)).toEqual([false, false]);
    expect(b.features.map((f) => f.drifted)).toEqual([true, false]);
    expect([b.drifted, b.tested, b.share, b.datasetDrift]).toEqual([1, 2, 0.5, true]);
    expect(b.features[0]!.reason).toMatch(/chi-square p .* < 0\.01 and PSI .* ≥ 0\.1 \(1000 vs 1000 rows\)/);
    // every prediction was class 1 where the reference has 60%: the prediction drift says so
    expect(b.prediction).toMatchObject({ name: 'prediction', drifted: true });
    const ks = windowDrift(plan, shifted, { ...LIMITS, test: 'ks' })!;
    expect(ks.features[0]!.ks!.statistic).toBeGreaterThan(0.4);
    expect(ks.features[0]!.pValue).toBe(ks.features[0]!.ks!.pValue);
  });
});

describe('labels', () => {
  it('counts classification labels per row, takes back a corrected one, and computes the metrics', () => {
    const counts = emptySketch(planOf(null)).labels;
    expect(applyLabel(counts, { labels: [1, 0] }, [1, 1], 1)).toBe(2);
    expect(applyLabel(counts, { labels: [1] }, 0, 1)).toBe(1);
    expect(applyLabel(counts, { labels: [1] }, 0, -1)).toBe(1);
    expect(applyLabel(counts, { labels: [1] }, '1', 1)).toBe(1);
    expect(counts.confusion).toEqual({ '1\t1': 2, '0\t1': 1 });
    const stats = labelStats(counts, 6);
    expect(stats).toMatchObject({ labelled: 3, coverage: 0.5, kind: 'classification', accuracy: 2 / 3, precision: 1, recall: 2 / 3 });
    expect(stats.f1).toBeCloseTo(0.8, 12);
  });

  it('computes MAE and RMSE for regressors, and knows one label in several spellings', () => {
    const counts = emptySketch(planOf(null)).labels;
    applyLabel(counts, { values: [2, 4] }, [1, 7], 1);
    expect(labelStats(counts, 2)).toMatchObject({ kind: 'regression', mae: 2, rmse: Math.sqrt(5) });
    expect([sameLabel(1, '1'), sameLabel(1, [1]), sameLabel([1, 0], [1, 1])]).toEqual([true, true, false]);
  });
});

describe('tumbling windows', () => {
  const track = (): Track => ({ endpoint: 'e', model: 'm', version: 1, plan: planOf(null), windows: [] });

  it('aligns time windows to the clock, skips empty ranges, and ends a full window after its newest sample', () => {
    const t = track();
    const w1 = windowFor(t, 65_000, 60_000);
    expect([w1.seq, w1.start, w1.end]).toEqual([1, 60_000, 120_000]);
    expect(windowFor(t, 119_999, 60_000)).toBe(w1);
    const w2 = windowFor(t, 300_500, 60_000);
    expect([w2.seq, w2.start, w2.end]).toEqual([2, 300_000, 360_000]);
    w2.sketch.rows = 10;
    endOnRows(w2, 10, 301_000);
    expect(w2.end).toBe(301_001);
    expect(windowFor(t, 301_002, 60_000).start).toBe(301_001);
  });
});
