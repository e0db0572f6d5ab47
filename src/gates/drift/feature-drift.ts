import type { CategoricalFeatureProfile, NumericFeatureProfile } from '../../contract/index.js';
import { chiSquareHomogeneity, discreteValues, histogram, jensenShannon, ks2samp, ksPValue, nearest, psi, referenceSample, twoProportionZTest, wassersteinNormalized } from '../../stats/index.js';
import { ksStatisticUnsorted } from './ks-grid.js';

/** Limits of the per-feature verdicts (Evidently's defaults: p < 0.05 for tests, ≥ 0.1 for distances). */
export interface DriftThresholds {
  readonly pValue: number;
  readonly distance: number;
  /** Also a drift when PSI exceeds this (PSI is otherwise reported only). */
  readonly psiMax?: number;
}

/** Evidently switches from tests to distances above this many reference rows. */
export const DRIFT_SMALL_REFERENCE = 1000;
/** Up to this many current values, KS sorts them and uses stats' ks2samp directly (its exact method included). */
const KS_SORT_LIMIT = 10_000;
/** Reference pseudo-sample size for the Wasserstein distance (the quantile function has only 100 segments). */
const WASSERSTEIN_REFERENCE_SIZE = 1000;

export type DriftTest = 'ks' | 'chi-square' | 'z-test' | 'wasserstein' | 'jensen-shannon';

/** One feature's drift verdict and the two histograms behind the report's chart. */
export interface FeatureDrift {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  readonly test: DriftTest;
  /** A p-value (ks, chi-square, z-test) or a distance (wasserstein, jensen-shannon). */
  readonly score: number;
  readonly threshold: number;
  readonly drifted: boolean;
  readonly psi: number;
  readonly referenceRows: number;
  readonly currentRows: number;
  /** Bin labels (numeric: the profile's bin edges as "lo–hi"; categorical: the categories) with both counts. */
  readonly bins: readonly string[];
  readonly referenceCounts: readonly number[];
  readonly currentCounts: readonly number[];
}

const isTest = (t: DriftTest): boolean => t === 'ks' || t === 'chi-square' || t === 'z-test';

function verdict(base: Omit<FeatureDrift, 'drifted' | 'threshold'>, limits: DriftThresholds): FeatureDrift {
  const threshold = isTest(base.test) ? limits.pValue : limits.distance;
  const byScore = isTest(base.test) ? base.score < threshold : base.score >= threshold;
  const byPsi = limits.psiMax !== undefined && base.psi > limits.psiMax;
  return { ...base, threshold, drifted: Number.isNaN(base.score) || byScore || byPsi };
}

/**
 * Drift of a numeric feature against its profile, with Evidently's choice of test: ≤ 1000 reference rows → KS (or,
 * for ≤ 5 distinct values, chi-square / z-test on the value counts); above → normalized Wasserstein (or
 * Jensen–Shannon). PSI on the profile's quantile bins, values outside them clipped into the end bins.
 * @example numericDrift(profile.features[0], holdout.features[0], { pValue: 0.05, distance: 0.1 }).drifted
 */
export function numericDrift(profile: NumericFeatureProfile, current: ArrayLike<number>, limits: DriftThresholds): FeatureDrift {
  const currentCounts = histogram(current, profile.edges, { clip: true });
  const n = currentCounts.reduce((a, b) => a + b, 0);
  const common = {
    name: profile.name,
    type: 'numeric' as const,
    psi: n === 0 ? Number.NaN : psi(profile.counts, currentCounts),
    referenceRows: profile.count,
    currentRows: n,
    bins: profile.edges.slice(0, -1).map((e, i) => `${fmt(e)}–${fmt(profile.edges[i + 1]!)}`),
    referenceCounts: profile.counts,
    currentCounts,
  };
  if (n === 0) return verdict({ ...common, test: 'ks', score: Number.NaN }, limits);
  const atoms = discreteValues(profile.percentiles);
  if (atoms) return verdict({ ...common, ...discreteTest(profile, atoms, current) }, limits);
  if (profile.count <= DRIFT_SMALL_REFERENCE) return verdict({ ...common, test: 'ks', score: ksP(profile, current, n) }, limits);
  const reference = referenceSample(profile.percentiles, Math.min(profile.count, WASSERSTEIN_REFERENCE_SIZE));
  return verdict({ ...common, test: 'wasserstein', score: wassersteinNormalized(reference, present(current, n)) }, limits);
}

function ksP(profile: NumericFeatureProfile, current: ArrayLike<number>, n: number): number {
  const reference = referenceSample(profile.percentiles, profile.count);
  if (n <= KS_SORT_LIMIT) return ks2samp(reference, present(current, n)).pValue;
  return ksPValue(profile.count, n, ksStatisticUnsorted(reference, current).statistic).pValue;
}

/** Value counts of a discrete feature: the reference's from its pseudo-sample, the current's by exact value (others apart). */
function discreteTest(profile: NumericFeatureProfile, atoms: readonly number[], current: ArrayLike<number>): { test: DriftTest; score: number } {
  const reference = new Array<number>(atoms.length + 1).fill(0);
  for (const v of referenceSample(profile.percentiles, profile.count)) reference[nearest(atoms, v)]!++;
  const counts = new Array<number>(atoms.length + 1).fill(0);
  const index = new Map(atoms.map((a, i) => [a, i]));
  for (let i = 0; i < current.length; i++) {
    const v = current[i]!;
    if (!Number.isNaN(v)) counts[index.get(v) ?? atoms.length]!++;
  }
  return countsTest(reference, counts, profile.count);
}

/**
 * Drift of a categorical feature: its profile's category counts (rarer ones as "other") against the current values.
 * @example categoricalDrift(profile, holdout.column('city')!, { pValue: 0.05, distance: 0.1 })
 */
export function categoricalDrift(profile: CategoricalFeatureProfile, current: readonly string[], limits: DriftThresholds): FeatureDrift {
  const bins = [...Object.keys(profile.categories), '(other)'];
  const index = new Map(bins.slice(0, -1).map((c, i) => [c, i]));
  const currentCounts = new Array<number>(bins.length).fill(0);
  for (const v of current) if (!MISSING.has(v)) currentCounts[index.get(v) ?? bins.length - 1]!++;
  const referenceCounts = [...Object.values(profile.categories), profile.otherCount];
  const n = currentCounts.reduce((a, b) => a + b, 0);
  const base = { name: profile.name, type: 'categorical' as const, referenceRows: profile.count, currentRows: n, bins, referenceCounts, currentCounts };
  if (n === 0 || profile.count === 0) return verdict({ ...base, test: 'chi-square', score: Number.NaN, psi: Number.NaN }, limits);
  return verdict({ ...base, ...countsTest(referenceCounts, currentCounts, profile.count), psi: psi(referenceCounts, currentCounts) }, limits);
}

const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'None']);

/** Evidently's tests on counts: ≤ 1000 reference rows → z-test (≤ 2 values) or chi-square; above → Jensen–Shannon. */
function countsTest(reference: readonly number[], current: readonly number[], referenceRows: number): { test: DriftTest; score: number } {
  const used = reference.map((r, i) => [r, current[i]!] as const).filter(([r, c]) => r + c > 0);
  if (referenceRows > DRIFT_SMALL_REFERENCE) return { test: 'jensen-shannon', score: jensenShannon(used.map(([r]) => r), used.map(([, c]) => c)) };
  if (used.length <= 2) {
    const [first] = used;
    const refTotal = used.reduce((s, [r]) => s + r, 0);
    const curTotal = used.reduce((s, [, c]) => s + c, 0);
    return { test: 'z-test', score: first ? twoProportionZTest(first[0], refTotal, first[1], curTotal).pValue : 1 };
  }
  return { test: 'chi-square', score: chiSquareHomogeneity(used.map(([r]) => r), used.map(([, c]) => c)).pValue };
}

function present(values: ArrayLike<number>, n: number): Float64Array {
  if (n === values.length) return Float64Array.from(values);
  const out = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[at++] = values[i]!;
  return out;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}
