import type { ArmWindow } from '../../contract/index.js';
import { twoProportionZTest } from '../../stats/index.js';
import { noData, type JudgeSettings, type MetricComparison } from './metric.js';

/**
 * Failure share of requests, canary vs stable, by a pooled two-proportion z-test. High only when the canary
 * is worse at the one-sided level α/2 and by more than the tolerance (relative), so noise never counts.
 */
export function proportionComparison(test: string, failures: (w: ArmWindow) => number): MetricComparison {
  return (stable, canary, settings) => {
    const [nS, nC] = [total(stable), total(canary)];
    if (nS < settings.minSamples || nC < settings.minSamples) return noData(test, nS, nC, settings);
    const [fS, fC] = [failures(stable), failures(canary)];
    const [rS, rC] = [fS / nS, fC / nC];
    const { z, pValue } = twoProportionZTest(fS, nS, fC, nC);
    const effect = rS > 0 ? (rC - rS) / rS : rC > 0 ? Infinity : 0;
    // Two-sided p < α with z > 0 is the one-sided test at α/2: only a worse canary counts.
    const high = z > 0 && pValue < settings.alpha && effect > settings.tolerance;
    return {
      verdict: high ? 'High' : 'Pass',
      stable: { n: nS, value: rS },
      canary: { n: nC, value: rC },
      test,
      statistic: z,
      pValue,
      interval: null,
      effect: Number.isFinite(effect) ? effect : null,
      alpha: settings.alpha,
      message: `${pct(rC)} vs ${pct(rS)} (z ${z.toFixed(2)}, p ${pValue.toPrecision(3)})${high ? ' — worse beyond tolerance' : ''}`,
    };
  };
}

const total = (w: ArmWindow): number => w.ok + w.errors + w.invalid;
const pct = (r: number): string => `${(r * 100).toFixed(2)}%`;

/** Server-side failures (5xx). */
export const errorRate = proportionComparison('two-proportion z', (w) => w.errors);
/** Requests refused by input validation (4xx): a canary whose signature rejects what stable accepts. */
export const invalidInputs = proportionComparison('two-proportion z', (w) => w.invalid);

export type { JudgeSettings };
