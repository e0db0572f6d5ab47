import type { AnalysisMetric, ArmWindow, MetricResult } from '../../contract/index.js';

/** What every metric comparison needs besides the two arms. */
export interface JudgeSettings {
  /** Per-test significance level (the rollout's 1 − confidence, split over its analyses and metrics). */
  readonly alpha: number;
  /** Relative change that counts, e.g. 0.25. */
  readonly tolerance: number;
  readonly minSamples: number;
  readonly minAgreement: number;
  readonly maxDriftShare: number;
  readonly minLabels: number;
  readonly accuracyMargin: number;
}

/** Compares a canary (or shadow) arm with the stable arm on one metric; a pure function of its inputs. */
export type MetricComparison = (stable: ArmWindow, canary: ArmWindow, settings: JudgeSettings) => Omit<MetricResult, 'metric' | 'critical'>;

/** A result for an arm that has too few observations to judge. */
export function noData(test: string, stableN: number, canaryN: number, settings: JudgeSettings): Omit<MetricResult, 'metric' | 'critical'> {
  return {
    verdict: 'NoData',
    stable: { n: stableN, value: null },
    canary: { n: canaryN, value: null },
    test,
    statistic: null,
    pValue: null,
    interval: null,
    effect: null,
    alpha: settings.alpha,
    message: `waiting for ${settings.minSamples} observations per arm (stable ${stableN}, canary ${canaryN})`,
  };
}

export type { AnalysisMetric };
