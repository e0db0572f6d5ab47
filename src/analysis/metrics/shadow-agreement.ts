import { noData, type MetricComparison } from './metric.js';

/**
 * Shadow strategy: how often the shadow's label agrees with the primary's on mirrored requests (and how many
 * mirrored requests failed). High when agreement is below the spec's minimum or the shadow errs more than 1%.
 */
export const shadowAgreement: MetricComparison = (stable, canary, settings) => {
  const diff = canary.shadow;
  if (!diff || diff.rows < settings.minSamples) return noData('label agreement', stable.ok, diff?.rows ?? 0, settings);
  const errorShare = diff.errors / diff.mirrored;
  const high = diff.agreement < settings.minAgreement || errorShare > 0.01;
  return {
    verdict: high ? 'High' : 'Pass',
    stable: { n: diff.rows, value: 1 },
    canary: { n: diff.rows, value: diff.agreement },
    test: 'label agreement',
    statistic: diff.agreement,
    pValue: null,
    interval: null,
    effect: 1 - diff.agreement,
    alpha: settings.alpha,
    message: `agreement ${(diff.agreement * 100).toFixed(2)}% over ${diff.rows} rows (minimum ${(settings.minAgreement * 100).toFixed(0)}%), mean |Δscore| ${diff.meanAbsScoreDiff.toFixed(4)}, max ${diff.maxAbsScoreDiff.toFixed(4)}, latency ×${diff.latencyRatio.toFixed(2)}, shadow errors ${diff.errors}/${diff.mirrored}`,
  };
};
