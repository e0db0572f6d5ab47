import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gateExpected, gateFixture, seeded } from '../../../test/helpers/gates.js';
import { fixture } from '../../../test/helpers/fixtures.js';
import type { CategoricalFeatureProfile, NumericFeatureProfile, ReferenceProfile } from '../../contract/index.js';
import { parseCsv } from '../../core/index.js';
import { buildProfile } from '../../registry/profile/index.js';
import { ks2samp, ksStatistic, quantileSorted, sortNumbers } from '../../stats/index.js';
import { categoricalDrift, datasetDrift, discreteValues, ksStatisticUnsorted, numericDrift, referenceSample } from './index.js';

const LIMITS = { pValue: 0.05, distance: 0.1 };
const train = buildProfile(parseCsv(readFileSync(fixture('breast-cancer-train.csv'), 'utf8')), { source: 'train', target: 'target' });

function columns(file: string): Map<string, Float64Array> {
  const t = parseCsv(readFileSync(file, 'utf8'));
  return new Map(t.header.map((h, i) => [h, Float64Array.from(t.rows, (r) => Number(r[i]))]));
}

function numericProfileOf(values: readonly number[]): NumericFeatureProfile {
  const f = buildProfile({ header: ['x'], rows: values.map((v) => [String(v)]) }, { source: 'x' }).features[0];
  if (f?.type !== 'numeric') throw new Error('expected numeric');
  return f;
}

describe('KS statistic without sorting the large sample', () => {
  it('equals stats.ksStatistic on samples with ties, values beyond the reference, and NaN', () => {
    const rnd = seeded(11);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + Math.floor(rnd() * 60);
      const n = 1 + Math.floor(rnd() * 300);
      const reference = Float64Array.from({ length: k }, () => Math.round(rnd() * 20) / 2);
      const current = Float64Array.from({ length: n }, () => Math.round((rnd() * 24 - 2) * 2) / 2);
      const withNaN = Float64Array.from([...current, Number.NaN]);
      const got = ksStatisticUnsorted(sortNumbers(reference), withNaN);
      expect(got.n).toBe(n);
      expect(got.statistic).toBeCloseTo(ksStatistic(sortNumbers(reference), sortNumbers(current)), 14);
    }
  });

  it('stays exact on a skewed reference whose values crowd a few lookup buckets', () => {
    const rnd = seeded(12);
    for (let trial = 0; trial < 50; trial++) {
      const reference = Float64Array.from({ length: 400 }, () => Math.exp(rnd() * 20 - 8));
      const current = Float64Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? reference[i % 400]! : Math.exp(rnd() * 22 - 9)));
      expect(ksStatisticUnsorted(sortNumbers(reference), current).statistic).toBeCloseTo(ksStatistic(sortNumbers(reference), sortNumbers(current)), 14);
    }
  });
});

describe('the reference pseudo-sample from a profile', () => {
  it('follows the profile percentiles (numpy linear quantiles of the pseudo-sample)', () => {
    const radius = train.features[0] as NumericFeatureProfile;
    const sample = referenceSample(radius.percentiles, radius.count);
    expect(sample).toHaveLength(426);
    expect([sample[0], sample[425]]).toEqual([radius.min, radius.max]);
    for (const k of [10, 25, 50, 75, 90]) expect(quantileSorted(sample, k / 100)).toBeCloseTo(radius.percentiles[k]!, 2);
  });

  it('tells a discrete feature (≤ 5 values) from a continuous one', () => {
    expect(discreteValues(numericProfileOf([...Array(70).fill(0), ...Array(30).fill(1)]).percentiles)).toEqual([0, 1]);
    expect(discreteValues(numericProfileOf(Array.from({ length: 500 }, (_, i) => 1 + (i % 5))).percentiles)).toEqual([1, 2, 3, 4, 5]);
    expect(discreteValues((train.features[0] as NumericFeatureProfile).percentiles)).toBeNull();
  });
});

describe('drift of the breast-cancer holdouts against the training profile (scipy counts from make-gate-fixtures.py)', () => {
  const drift = (file: string) => {
    const cols = columns(file);
    return datasetDrift(train, (f) => cols.get(f.name), { ...LIMITS, maxShare: 0.5 });
  };

  it('finds no drift in the real holdout, as ks_2samp on the raw training data does not', () => {
    const d = drift(fixture('breast-cancer-holdout.csv'));
    expect(d.features.every((f) => f.test === 'ks')).toBe(true);
    expect([d.tested, d.drifted, d.datasetDrift]).toEqual([30, gateExpected.drift.none.ks_drifted_vs_train, false]);
  });

  it('finds the one shifted feature', () => {
    const d = drift(gateFixture('breast-cancer-holdout-drift-one.csv'));
    expect(d.features.filter((f) => f.drifted).map((f) => f.name)).toEqual([gateExpected.drift.one.feature]);
    expect(d.drifted).toBe(gateExpected.drift.one.ks_drifted_vs_train);
    expect(d.features[0]!.score).toBeLessThan(1e-10);
    expect(d.datasetDrift).toBe(false);
  });

  it('calls dataset drift when 20 of 30 features moved', () => {
    const d = drift(gateFixture('breast-cancer-holdout-drift-many.csv'));
    expect(d.features.filter((f) => f.drifted).map((f) => f.name).sort()).toEqual([...gateExpected.drift.many.features].sort());
    expect([d.drifted, d.share, d.datasetDrift]).toEqual([gateExpected.drift.many.ks_drifted_vs_train, 20 / 30, true]);
  });

  it('reports PSI and both histograms over the profile bins', () => {
    const f = drift(gateFixture('breast-cancer-holdout-drift-one.csv')).features[0]!;
    expect(f.referenceCounts).toEqual((train.features[0] as NumericFeatureProfile).counts);
    expect(f.currentCounts.reduce((a, b) => a + b, 0)).toBe(143);
    expect(f.psi).toBeGreaterThan(0.25);
  });

  it('applies the share rule at the boundary: drifted / tested ≥ maxShare', () => {
    const cols = columns(gateFixture('breast-cancer-holdout-drift-one.csv'));
    expect(datasetDrift(train, (f) => cols.get(f.name), { ...LIMITS, maxShare: 1 / 30 }).datasetDrift).toBe(true);
    expect(datasetDrift(train, (f) => cols.get(f.name), { ...LIMITS, maxShare: 1 / 30 + 1e-9 }).datasetDrift).toBe(false);
  });
});

describe("Evidently's choice of test", () => {
  const rnd = seeded(5);
  const normal = (n: number, mu: number): number[] => Array.from({ length: n }, () => mu + Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));

  it('uses KS up to 1000 reference rows and the normalized Wasserstein distance above', () => {
    expect(numericDrift(numericProfileOf(normal(1000, 0)), normal(300, 0), LIMITS).test).toBe('ks');
    const big = numericProfileOf(normal(5000, 0));
    const same = numericDrift(big, normal(2000, 0), LIMITS);
    const moved = numericDrift(big, normal(2000, 0.3), LIMITS);
    expect([same.test, same.drifted, moved.drifted]).toEqual(['wasserstein', false, true]);
    expect(moved.score).toBeGreaterThan(0.2);
    expect(moved.score).toBeLessThan(0.4);
  });

  it('gives the same p-value without sorting a large current sample as ks2samp does with sorting', () => {
    const profile = numericProfileOf(normal(400, 0));
    const current = normal(30_000, 0.02);
    const expected = ks2samp(referenceSample(profile.percentiles, profile.count), current).pValue;
    expect(numericDrift(profile, current, LIMITS).score).toBe(expected);
  });

  it('uses a z-test for two values, chi-square for up to five, Jensen-Shannon above 1000 rows', () => {
    const binary = numericProfileOf([...Array(300).fill(0), ...Array(100).fill(1)]);
    expect(numericDrift(binary, [...Array(75).fill(0), ...Array(25).fill(1)], LIMITS)).toMatchObject({ test: 'z-test', drifted: false });
    expect(numericDrift(binary, [...Array(25).fill(0), ...Array(75).fill(1)], LIMITS)).toMatchObject({ test: 'z-test', drifted: true });
    const five = numericProfileOf(Array.from({ length: 500 }, (_, i) => i % 5));
    expect(numericDrift(five, Array.from({ length: 200 }, (_, i) => i % 5), LIMITS)).toMatchObject({ test: 'chi-square', drifted: false });
    const wide = numericProfileOf(Array.from({ length: 3000 }, (_, i) => i % 3));
    expect(numericDrift(wide, Array.from({ length: 300 }, () => 2), LIMITS)).toMatchObject({ test: 'jensen-shannon', drifted: true });
  });

  it('tests categorical features on category counts, unseen values as other', () => {
    const profile: CategoricalFeatureProfile = { name: 'city', type: 'categorical', count: 100, missing: 0, missingRate: 0, categories: { a: 50, b: 30, c: 20 }, otherCount: 0 };
    const same = categoricalDrift(profile, [...Array(50).fill('a'), ...Array(30).fill('b'), ...Array(20).fill('c'), 'NA'], LIMITS);
    expect(same).toMatchObject({ test: 'chi-square', drifted: false, currentRows: 100, bins: ['a', 'b', 'c', '(other)'] });
    const moved = categoricalDrift(profile, [...Array(10).fill('a'), ...Array(10).fill('b'), ...Array(60).fill('c'), ...Array(20).fill('zz')], LIMITS);
    expect(moved).toMatchObject({ drifted: true, currentCounts: [10, 10, 60, 20] });
    expect(categoricalDrift({ ...profile, count: 5000, categories: { a: 2500, b: 1500, c: 1000 } }, ['a', 'b', 'c'], LIMITS).test).toBe('jensen-shannon');
  });

  it('names the profile features the data lacks and tests the rest', () => {
    const profile: ReferenceProfile = { ...train, features: train.features.slice(0, 3) };
    const d = datasetDrift(profile, (f) => (f.name === 'mean_radius' ? Float64Array.of(14, 15, 13) : undefined), { ...LIMITS, maxShare: 0.5 });
    expect([d.tested, d.missing]).toEqual([1, ['mean_texture', 'mean_perimeter']]);
  });
});
