import { alphaPerTest, judge, resolveAnalysis, type ResolvedAnalysis } from '../analysis/index.js';
import type { AnalysisReport, ArmWindow, RolloutSnapshot } from '../contract/index.js';
import { isoTime } from '../core/index.js';
import type { ArmSource } from './ports.js';

/**
 * The current analysis step's report: the target's window against stable's, both since the current traffic split
 * took effect. Undefined when no analysis is running or an arm is not served here.
 */
export function measure(s: RolloutSnapshot, arms: ArmSource, now: number): AnalysisReport | undefined {
  const step = s.steps[s.stepIndex];
  if (s.phase !== 'Progressing' || step?.type !== 'analysis' || !s.stable || s.observedSince === null) return undefined;
  const base = analysisOf(s);
  const monitored = readsOutcomes(s, base) || base.metrics.some((m) => m === 'inputDrift' || m === 'liveAccuracy');
  const stable = arms.window(s.endpoint, s.stable.version, s.observedSince, monitored);
  const target = arms.window(s.endpoint, s.target.version, s.observedSince, monitored);
  if (!stable || !target) return undefined;
  const analysis = withOutcomes(s, base, stable, target);
  const settings = { ...analysis, minSamples: step.minSamples ?? analysis.minSamples };
  return judge(stable, target, settings, alphaPerTest(analysis, s.steps.filter((x) => x.type === 'analysis').length), isoTime(now));
}

/**
 * An A/B test on the default metrics also compares the arms' outcomes once both have enough delayed labels
 * (`feedback`): accuracy per arm with its z-test, as a readout that can fail the worse arm.
 */
function withOutcomes(s: RolloutSnapshot, analysis: ResolvedAnalysis, stable: ArmWindow, target: ArmWindow): ResolvedAnalysis {
  if (!readsOutcomes(s, analysis)) return analysis;
  const labelled = (w: ArmWindow): boolean => (w.monitored?.labelled ?? 0) >= analysis.minLabels;
  return labelled(stable) && labelled(target) ? { ...analysis, metrics: [...analysis.metrics, 'liveAccuracy'] } : analysis;
}

/** An A/B test on the default metrics, which adds the per-arm outcome readout when labels allow. */
function readsOutcomes(s: RolloutSnapshot, analysis: ResolvedAnalysis): boolean {
  return s.strategy === 'ab' && !s.spec.analysis?.metrics && !analysis.metrics.includes('liveAccuracy');
}

/** The spec's analysis settings; a shadow rollout is judged on how its answers compare, unless told otherwise. */
export function analysisOf(s: RolloutSnapshot): ResolvedAnalysis {
  const resolved = resolveAnalysis(s.spec.analysis);
  if (s.strategy !== 'shadow' || s.spec.analysis?.metrics) return resolved;
  return { ...resolved, metrics: ['shadowAgreement'], critical: [] };
}
