import { alphaPerTest, judge, resolveAnalysis, type ResolvedAnalysis } from '../analysis/index.js';
import type { AnalysisReport, RolloutSnapshot } from '../contract/index.js';
import { isoTime } from '../core/index.js';
import type { ArmSource } from './ports.js';

/**
 * The current analysis step's report: the target's window against stable's, both since the target started
 * receiving traffic (or mirrored requests). Undefined when no analysis is running or an arm is not served here.
 */
export function measure(s: RolloutSnapshot, arms: ArmSource, now: number): AnalysisReport | undefined {
  const step = s.steps[s.stepIndex];
  if (s.phase !== 'Progressing' || step?.type !== 'analysis' || !s.stable || s.observedSince === null) return undefined;
  const stable = arms.window(s.endpoint, s.stable.version, s.observedSince);
  const target = arms.window(s.endpoint, s.target.version, s.observedSince);
  if (!stable || !target) return undefined;
  const analysis = analysisOf(s);
  const settings = { ...analysis, minSamples: step.minSamples ?? analysis.minSamples };
  return judge(stable, target, settings, alphaPerTest(analysis, s.steps.filter((x) => x.type === 'analysis').length), isoTime(now));
}

/** The spec's analysis settings; a shadow rollout is judged on how its answers compare, unless told otherwise. */
export function analysisOf(s: RolloutSnapshot): ResolvedAnalysis {
  const resolved = resolveAnalysis(s.spec.analysis);
  if (s.strategy !== 'shadow' || s.spec.analysis?.metrics) return resolved;
  return { ...resolved, metrics: ['shadowAgreement'], critical: [] };
}
