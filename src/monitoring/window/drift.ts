import type { FeatureDriftResult, WindowDrift } from '../../contract/index.js';
import { chiSquareHomogeneity, jensenShannon, ksPValue, ksStatistic, psi, referenceSample, sortNumbers } from '../../stats/index.js';
import type { BinPlan, WindowPlan } from './plan.js';
import type { Sketch } from './sketch.js';

/** When a feature counts as drifted, and when the dataset does. */
export interface DriftThresholds {
  /** The test's p-value must be below this… */
  readonly pValue: number;
  /** …and PSI at least this. */
  readonly psi: number;
  /** Dataset drift when at least this share of the tested features drifted. */
  readonly share: number;
  readonly test: 'chi-square' | 'ks';
}

/** The reference pseudo-sample KS compares against: its CDF follows the profile's 101 percentiles. */
const KS_REFERENCE_SIZE = 5000;
const references = new WeakMap<BinPlan, Float64Array>();

/**
 * Every feature's drift in a window against the version's reference profile, the dataset-drift share and the
 * predictions' drift against the reference target; null when the plan has no features.
 * @example windowDrift(planOf(profile), sketch, { pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' })?.share
 */
export function windowDrift(plan: WindowPlan, sketch: Sketch, limits: DriftThresholds): WindowDrift | null {
  if (plan.features.length === 0) return null;
  const features = plan.features
    .map((f, i) => featureDrift(f, sketch.counts[i]!, sketch.missing[i]!, sketch.reservoirs[i]!, limits))
    .filter((f): f is FeatureDriftResult => f !== null);
  const drifted = features.filter((f) => f.drifted).length;
  const share = features.length ? drifted / features.length : 0;
  const prediction = plan.prediction ? featureDrift(plan.prediction, sketch.predicted, 0, [], limits) : null;
  return {
    features,
    tested: features.length,
    drifted,
    share,
    datasetDrift: features.length > 0 && share >= limits.share,
    prediction,
    thresholds: { ...limits },
  };
}

/**
 * One feature: PSI, Jensen–Shannon and chi-square on the bins, KS on the kept raw values; drifted when the chosen
 * test is significant and PSI is large enough to matter. Null when the window has no value of it.
 */
export function featureDrift(plan: BinPlan, counts: readonly number[], missing: number, reservoir: readonly number[], limits: DriftThresholds): FeatureDriftResult | null {
  const rows = counts.reduce((a, b) => a + b, 0);
  if (rows === 0 || plan.referenceRows === 0) return null;
  const chi = chiSquareHomogeneity(plan.reference, counts);
  const ks = plan.kind === 'bins' && reservoir.length > 0 ? ksOf(plan, reservoir) : null;
  const value = psi(plan.reference, counts);
  const pValue = limits.test === 'ks' && ks ? ks.pValue : chi.pValue;
  const test = limits.test === 'ks' && ks ? 'KS' : 'chi-square';
  const significant = pValue < limits.pValue;
  const large = value >= limits.psi;
  const drifted = significant && large;
  return {
    name: plan.name,
    kind: plan.kind,
    rows,
    referenceRows: plan.referenceRows,
    missing,
    psi: value,
    js: jensenShannon(plan.reference, counts),
    chiSquare: { statistic: chi.statistic, dof: chi.df, pValue: chi.pValue },
    ks,
    pValue,
    drifted,
    reason: `${test} p ${fmt(pValue)} ${significant ? '<' : '≥'} ${limits.pValue} and PSI ${value.toFixed(3)} ${large ? '≥' : '<'} ${limits.psi} (${rows} vs ${plan.referenceRows} rows)`,
  };
}

function ksOf(plan: Extract<BinPlan, { kind: 'bins' }>, reservoir: readonly number[]): { statistic: number; pValue: number; rows: number } {
  let reference = references.get(plan);
  if (!reference) {
    reference = referenceSample(plan.percentiles, Math.min(plan.referenceRows, KS_REFERENCE_SIZE));
    references.set(plan, reference);
  }
  const statistic = ksStatistic(reference, sortNumbers(reservoir));
  return { statistic, pValue: ksPValue(plan.referenceRows, reservoir.length, statistic, { method: 'asymp' }).pValue, rows: reservoir.length };
}

function fmt(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
