import type { AnalysisMetric, AnalysisReport, AnalysisSpec, ArmWindow, MetricResult } from '../contract/index.js';
import { errorRate, invalidInputs } from './metrics/error-rate.js';
import { inferenceLatency, latencyP99 } from './metrics/latency.js';
import type { JudgeSettings, MetricComparison } from './metrics/metric.js';
import { classMix, predictionShift } from './metrics/prediction-shift.js';
import { inputDrift, liveAccuracy } from './metrics/monitored.js';
import { shadowAgreement } from './metrics/shadow-agreement.js';

const COMPARISONS: Readonly<Record<AnalysisMetric, MetricComparison>> = {
  errorRate,
  latencyP99,
  inferenceLatency,
  predictionShift,
  classMix,
  invalidInputs,
  shadowAgreement,
  inputDrift,
  liveAccuracy,
};

/** The judge's defaults (Kayenta's: 98% confidence, 25% tolerance, pass 90, marginal 75). */
export const ANALYSIS_DEFAULTS = Object.freeze({
  metrics: ['errorRate', 'latencyP99', 'predictionShift'] as AnalysisMetric[],
  thresholds: { pass: 90, marginal: 75 },
  confidence: 0.98,
  tolerance: 0.25,
  critical: ['errorRate'] as AnalysisMetric[],
  minSamples: 200,
  minAgreement: 0.95,
  maxDriftShare: 0.5,
  minLabels: 100,
  accuracyMargin: 0.02,
});

/** The spec's analysis block with every default filled in. */
export type ResolvedAnalysis = Required<AnalysisSpec>;

export function resolveAnalysis(spec: AnalysisSpec | undefined): ResolvedAnalysis {
  return { ...ANALYSIS_DEFAULTS, ...spec } as ResolvedAnalysis;
}

/**
 * The per-test level: the rollout's 1 − confidence split evenly over its analyses and metrics (Bonferroni),
 * so the chance that noise alone fails a healthy rollout stays under 1 − confidence.
 */
export function alphaPerTest(analysis: ResolvedAnalysis, analyses: number): number {
  return (1 - analysis.confidence) / (Math.max(1, analyses) * analysis.metrics.length);
}

/**
 * Judges a canary against stable, Kayenta style: each metric is Pass / High / Low / NoData; any NoData makes the
 * outcome Inconclusive (wait for data); a critical metric that is High fails at once; otherwise the score is
 * the share of metrics that pass, compared with the thresholds.
 * @example judge(stableWindow, canaryWindow, resolveAnalysis(spec.analysis), 0.0033, isoTime(now))
 */
export function judge(stable: ArmWindow, canary: ArmWindow, analysis: ResolvedAnalysis, alpha: number, at: string): AnalysisReport {
  const settings: JudgeSettings = { alpha, ...pick(analysis) };
  const metrics: MetricResult[] = analysis.metrics.map((metric) => ({
    metric,
    critical: analysis.critical.includes(metric),
    ...COMPARISONS[metric](stable, canary, settings),
  }));
  const samples = { stable: stable.ok + stable.errors + stable.invalid, canary: canary.ok + canary.errors + canary.invalid };
  return { at, samples, metrics, ...verdictOf(metrics, analysis) };
}

function pick(a: ResolvedAnalysis): Omit<JudgeSettings, 'alpha'> {
  return { tolerance: a.tolerance, minSamples: a.minSamples, minAgreement: a.minAgreement, maxDriftShare: a.maxDriftShare, minLabels: a.minLabels, accuracyMargin: a.accuracyMargin };
}

function verdictOf(metrics: readonly MetricResult[], analysis: ResolvedAnalysis): Pick<AnalysisReport, 'outcome' | 'score' | 'reason'> {
  const criticalFail = metrics.find((m) => m.critical && m.verdict === 'High');
  if (criticalFail) return { outcome: 'Fail', score: 0, reason: `critical metric ${criticalFail.metric} failed: ${criticalFail.message}` };
  const waiting = metrics.filter((m) => m.verdict === 'NoData');
  if (waiting.length) return { outcome: 'Inconclusive', score: null, reason: `not enough data: ${waiting.map((m) => `${m.metric} (${m.message})`).join('; ')}` };
  const passed = metrics.filter((m) => m.verdict !== 'High');
  const score = (100 * passed.length) / metrics.length;
  const failed = metrics.filter((m) => m.verdict === 'High').map((m) => m.metric);
  const detail = failed.length ? `; failing: ${failed.join(', ')}` : '';
  if (score >= analysis.thresholds.pass) return { outcome: 'Pass', score, reason: `score ${score.toFixed(0)} ≥ ${analysis.thresholds.pass}${detail}` };
  if (score >= analysis.thresholds.marginal) return { outcome: 'Inconclusive', score, reason: `marginal score ${score.toFixed(0)} (pass at ${analysis.thresholds.pass})${detail}` };
  return { outcome: 'Fail', score, reason: `score ${score.toFixed(0)} < ${analysis.thresholds.marginal}${detail}` };
}
