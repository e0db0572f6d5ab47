import { describe, expect, it } from 'vitest';
import type { ArmWindow, MonitoredArm } from '../../contract/index.js';
import { twoProportionZTest } from '../../stats/index.js';
import type { JudgeSettings } from './metric.js';
import { inputDrift, liveAccuracy } from './monitored.js';

const SETTINGS: JudgeSettings = { alpha: 0.01, tolerance: 0.25, minSamples: 200, minAgreement: 0.95, maxDriftShare: 0.5, minLabels: 100, accuracyMargin: 0.02 };

function arm(monitored?: MonitoredArm): ArmWindow {
  const empty = new Float64Array(0);
  return { endpoint: 'e', version: 1, ok: 1000, errors: 0, invalid: 0, latencyMs: empty, inferenceMs: empty, scores: empty, classes: new Int32Array(0), shadow: null, ...(monitored ? { monitored } : {}) };
}

const drift = (drifted: number, tested = 10): MonitoredArm['drift'] => ({ share: drifted / tested, drifted, tested, names: Array.from({ length: drifted }, (_, i) => `f${i}`) });
const seen = (d: MonitoredArm['drift'], labelled = 0, correct = 0): MonitoredArm => ({ rows: 1000, drift: d, labelled, correct });

describe('inputDrift', () => {
  it.each([
    ['no monitored windows', undefined, undefined, 'NoData'],
    ['too few rows on one side', seen(null), seen(drift(0)), 'NoData'],
    ['both close to their references', seen(drift(1)), seen(drift(2)), 'Pass'],
    ['the new version drifted from its own reference, stable did not', seen(drift(0)), seen(drift(6)), 'High'],
    ['the traffic drifted for both alike', seen(drift(7)), seen(drift(6)), 'Pass'],
    ['exactly at the limit and worse than stable', seen(drift(1)), seen(drift(5)), 'High'],
  ] as const)('%s → %s', (_name, stable, canary, verdict) => {
    const r = inputDrift(arm(stable), arm(canary), SETTINGS);
    expect(r.verdict).toBe(verdict);
    if (verdict === 'High') expect(r.message).toMatch(/^\d+ of 10 features drifted from the new version's reference \(f0/);
  });
});

describe('liveAccuracy', () => {
  it('waits for minLabels labels on each arm', () => {
    const r = liveAccuracy(arm(seen(null, 500, 480)), arm(seen(null, 99, 50)), SETTINGS);
    expect(r).toMatchObject({ verdict: 'NoData', stable: { n: 500 }, canary: { n: 99 } });
    expect(r.message).toBe('waiting for 100 labels per arm (stable 500, canary 99)');
  });

  it('fails a new version that is worse by more than the margin, with the z-test behind it', () => {
    const r = liveAccuracy(arm(seen(null, 1000, 970)), arm(seen(null, 400, 232)), SETTINGS);
    const z = twoProportionZTest(30, 1000, 168, 400);
    expect(r).toMatchObject({ verdict: 'High', stable: { n: 1000, value: 0.97 }, canary: { n: 400, value: 0.58 }, statistic: z.z, pValue: z.pValue });
    expect(r.effect).toBeCloseTo(-0.39, 12);
  });

  it('passes a difference inside the margin, and one that is not significant', () => {
    expect(liveAccuracy(arm(seen(null, 5000, 4850)), arm(seen(null, 5000, 4800)), SETTINGS).verdict).toBe('Pass'); // 1 point worse, margin 2
    expect(liveAccuracy(arm(seen(null, 100, 97)), arm(seen(null, 100, 93)), SETTINGS).verdict).toBe('Pass'); // 4 points, p ≈ 0.19
    expect(liveAccuracy(arm(seen(null, 1000, 900)), arm(seen(null, 1000, 990)), SETTINGS).verdict).toBe('Pass'); // better
  });
});
