import type { ArmWindow, MonitoredArm } from '../../contract/index.js';
import { twoProportionZTest } from '../../stats/index.js';
import { noData, type MetricComparison } from './metric.js';

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

/**
 * The new version's live inputs against its own reference profile (production monitoring's per-feature verdicts):
 * High when at least `maxDriftShare` of its features drifted and more than stable's did against stable's profile —
 * the new model sees traffic unlike what it was trained on.
 */
export const inputDrift: MetricComparison = (stable, canary, settings) => {
  const [s, c] = [stable.monitored?.drift, canary.monitored?.drift];
  if (!s || !c) return { ...noData('feature drift share', rowsOf(stable), rowsOf(canary), settings), message: 'waiting for monitored windows with enough sampled rows and a reference profile on both versions' };
  const high = c.share >= settings.maxDriftShare && c.share > s.share;
  return {
    verdict: high ? 'High' : 'Pass',
    stable: { n: rowsOf(stable), value: s.share },
    canary: { n: rowsOf(canary), value: c.share },
    test: 'feature drift share',
    statistic: c.share,
    pValue: null,
    interval: null,
    effect: c.share - s.share,
    alpha: settings.alpha,
    message: `${c.drifted} of ${c.tested} features drifted from the new version's reference${c.names.length ? ` (${c.names.join(', ')})` : ''} vs ${s.drifted} of ${s.tested} for stable (fails at ${pct(settings.maxDriftShare)})`,
  };
};

/**
 * Accuracy on joined labels (delayed ground truth), new vs stable: High when the new version is worse by more than
 * `accuracyMargin` and the difference is significant (one-sided two-proportion z-test at α/2).
 */
export const liveAccuracy: MetricComparison = (stable, canary, settings) => {
  const [s, c] = [stable.monitored, canary.monitored];
  const [nS, nC] = [s?.labelled ?? 0, c?.labelled ?? 0];
  if (!s || !c || nS < settings.minLabels || nC < settings.minLabels) return { ...noData('two-proportion z', nS, nC, settings), message: `waiting for ${settings.minLabels} labels per arm (stable ${nS}, canary ${nC})` };
  const [aS, aC] = [s.correct / nS, c.correct / nC];
  const { z, pValue } = twoProportionZTest(nS - s.correct, nS, nC - c.correct, nC);
  const high = aS - aC > settings.accuracyMargin && z > 0 && pValue < settings.alpha;
  return {
    verdict: high ? 'High' : 'Pass',
    stable: { n: nS, value: aS },
    canary: { n: nC, value: aC },
    test: 'two-proportion z',
    statistic: z,
    pValue,
    interval: null,
    effect: aC - aS,
    alpha: settings.alpha,
    message: `accuracy ${pct(aC)} vs ${pct(aS)} on ${nC} and ${nS} labels (z ${z.toFixed(2)}, p ${pValue.toPrecision(3)}; fails below stable − ${pct(settings.accuracyMargin)})`,
  };
};

const rowsOf = (w: ArmWindow): number => (w.monitored as MonitoredArm | undefined)?.rows ?? 0;
