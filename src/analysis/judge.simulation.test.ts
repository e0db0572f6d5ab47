import { describe, expect, it } from 'vitest';
import type { ArmWindow } from '../contract/index.js';
import { createSeededRandom, type Random } from '../core/index.js';
import { alphaPerTest, judge, resolveAnalysis } from './judge.js';

/**
 * Decision quality by simulation, as the default canary runs it: 10% of traffic then an analysis, 50% then an
 * analysis, then promotion, at a steady 10,000 requests per analysis window. Each analysis judges only its own
 * step's traffic: look 1, 1,000 canary vs 9,000 stable requests; look 2, 5,000 vs 5,000. Stable: 2% errors, log-normal latency (median 5 ms, σ 0.5), scores
 * sigmoid(N(0, 1.5)). `load` scales both arms' latency in a step, as a busier machine would.
 */
const analysis = resolveAnalysis(undefined);
const alpha = alphaPerTest(analysis, 2);
const LOOKS = [
  { canary: 1_000, stable: 9_000 },
  { canary: 5_000, stable: 5_000 },
];

interface Arm {
  readonly errorRate: number;
  readonly latencyScale: number;
  readonly scoreShift: number;
}
const HEALTHY: Arm = { errorRate: 0.02, latencyScale: 1, scoreShift: 0 };
const SCORE_SD = 0.27; // sd of sigmoid(N(0, 1.5)), measured below

function normal(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

function arm(r: Random, n: number, a: Arm, version: number): ArmWindow {
  let errors = 0;
  const latency: number[] = [];
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (r.next() < a.errorRate) errors++;
    else latency.push(5 * Math.exp(0.5 * normal(r)) * a.latencyScale);
    scores[i] = 1 / (1 + Math.exp(-1.5 * normal(r))) + a.scoreShift * SCORE_SD;
  }
  const latencyMs = Float64Array.from(latency);
  return { endpoint: 'e', version, ok: n - errors, errors, invalid: 0, latencyMs, inferenceMs: latencyMs, scores, classes: Int32Array.from(scores, (s) => (s > 0.5 ? 1 : 0)), shadow: null };
}

/** Runs one simulated rollout; 'rollback' as soon as a look fails, 'promote' when every look passes. */
function rollout(r: Random, canary: Arm, load: readonly number[]): 'rollback' | 'promote' | 'inconclusive' {
  for (const [k, look] of LOOKS.entries()) {
    const s = arm(r, look.stable, { ...HEALTHY, latencyScale: load[k]! }, 1);
    const c = arm(r, look.canary, { ...canary, latencyScale: canary.latencyScale * load[k]! }, 2);
    const report = judge(s, c, analysis, alpha, '');
    if (report.outcome === 'Fail') return 'rollback';
    if (report.outcome !== 'Pass') return 'inconclusive';
  }
  return 'promote';
}

function rates(canary: Arm, runs: number, seed: number, load: readonly number[] = [1, 1]): Record<string, number> {
  const r = createSeededRandom(seed);
  const counts: Record<string, number> = { rollback: 0, promote: 0, inconclusive: 0 };
  for (let i = 0; i < runs; i++) counts[rollout(r, canary, load)]!++;
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / runs]));
}

describe('canary judge decision rates (simulation)', () => {
  it('the simulated score spread is what the shift scenario assumes', () => {
    const r = createSeededRandom(1);
    const s = Array.from({ length: 50_000 }, () => 1 / (1 + Math.exp(-1.5 * normal(r))));
    const m = s.reduce((a, b) => a + b, 0) / s.length;
    expect(Math.sqrt(s.reduce((a, b) => a + (b - m) ** 2, 0) / s.length)).toBeCloseTo(SCORE_SD, 2);
  });

  it('rolls back at most 2% (1 − confidence) of 500 A/A canaries, and promotes the rest', () => {
    const aa = rates(HEALTHY, 500, 11);
    console.log(`A/A: ${JSON.stringify(aa)} (alpha per test ${alpha.toExponential(2)})`);
    expect(aa['rollback']).toBeLessThanOrEqual(0.02);
    expect(aa['promote']).toBe(1 - aa['rollback']!);
  });

  it('rolls back at most 2% (1 − confidence) of 500 A/A canaries when the machine gets 2.5× slower between the steps', () => {
    const aa = rates(HEALTHY, 500, 13, [1, 2.5]);
    console.log(`A/A, load ×2.5 at 50%: ${JSON.stringify(aa)}`);
    expect(aa['rollback']).toBeLessThanOrEqual(0.02);
  });

  it.each([
    ['2× error rate', { ...HEALTHY, errorRate: 0.04 }],
    ['+30% latency (p99 and median)', { ...HEALTHY, latencyScale: 1.3 }],
    ['0.25-sigma shift of the score distribution', { ...HEALTHY, scoreShift: 0.25 }],
  ])('rolls back ≥ 95% of canaries with %s within the two analyses', (name, canary) => {
    const bad = rates(canary, 300, 23);
    console.log(`${name}: ${JSON.stringify(bad)}`);
    expect(bad['rollback']).toBeGreaterThanOrEqual(0.95);
  });
});
