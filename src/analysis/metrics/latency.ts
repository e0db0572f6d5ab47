import type { ArmWindow } from '../../contract/index.js';
import { hodgesLehmann, mannWhitneyU, quantileSorted, sortNumbers } from '../../stats/index.js';
import { noData, type MetricComparison } from './metric.js';

/**
 * Kayenta's judge for a latency distribution: Mann-Whitney U, the Hodges-Lehmann shift with its confidence
 * interval, and an effect-size check. High when the interval lies above zero and the shift exceeds the
 * tolerance times the stable median. The p99 of each arm is reported alongside.
 */
function latencyComparison(pick: (w: ArmWindow) => Float64Array): MetricComparison {
  return (stable, canary, settings) => {
    const [s, c] = [pick(stable), pick(canary)];
    if (s.length < settings.minSamples || c.length < settings.minSamples) return noData('Mann-Whitney U + Hodges-Lehmann', s.length, c.length, settings);
    const [sSorted, cSorted] = [sortNumbers(s), sortNumbers(c)];
    const { u, pValue } = mannWhitneyU(s, c);
    const hl = hodgesLehmann(s, c, 1 - settings.alpha);
    const median = quantileSorted(sSorted, 0.5);
    const effect = median > 0 ? hl.estimate / median : 0;
    const high = hl.lower > 0 && effect > settings.tolerance;
    const [p99S, p99C] = [quantileSorted(sSorted, 0.99), quantileSorted(cSorted, 0.99)];
    return {
      verdict: high ? 'High' : 'Pass',
      stable: { n: s.length, value: p99S },
      canary: { n: c.length, value: p99C },
      test: 'Mann-Whitney U + Hodges-Lehmann',
      statistic: u,
      pValue,
      interval: [hl.lower, hl.upper],
      effect,
      alpha: settings.alpha,
      message: `p99 ${p99C.toFixed(2)} ms vs ${p99S.toFixed(2)} ms; shift ${hl.estimate.toFixed(3)} ms [${hl.lower.toFixed(3)}, ${hl.upper.toFixed(3)}] = ${(effect * 100).toFixed(1)}% of the median${high ? ' — slower beyond tolerance' : ''}`,
    };
  };
}

/** Request latency as clients see it. */
export const latencyP99 = latencyComparison((w) => w.latencyMs);
/** The version's own inference time: in one process a slow version slows its neighbours' requests too. */
export const inferenceLatency = latencyComparison((w) => w.inferenceMs);
