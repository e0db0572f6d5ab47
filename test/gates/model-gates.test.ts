import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencyGate, robustnessGate, unitGate } from '../../src/gates/builtin/index.js';
import { createTestClock } from '../../src/core/index.js';
import { checkGate, gateFixture, holdoutOf, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// The gates that run the model: unit checks, robustness probes, latency — real onnxruntime on real fixtures.

let h: RegistryHarness;
beforeAll(async () => {
  h = await openHarness('sqlite');
  await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx'); // bc/1
  await registerFixture(h, 'bc', 'breast-cancer-trees.onnx'); // bc/2
  await registerFixture(h, 'bc', gateFixture('breast-cancer-bad-unit.onnx')); // bc/3
  await registerFixture(h, 'iris', 'iris-logreg.onnx');
  await registerFixture(h, 'diabetes', 'diabetes-linear.onnx');
});
afterAll(async () => h?.close());

const holdout = async (uri: string, csv: string) => holdoutOf(csv, await h.registry.getVersion(uri));

describe('unit gate', () => {
  it.each([
    ['bc/1', 'breast-cancer-holdout.csv', 5],
    ['bc/2', 'breast-cancer-holdout.csv', 5],
    ['iris/1', 'iris-holdout.csv', 5],
    ['diabetes/1', 'diabetes-holdout.csv', 3],
  ])('passes %s on every holdout row', async (uri, csv, checks) => {
    const r = await checkGate(h, unitGate, uri, { holdout: await holdout(uri, csv) });
    expect(r.outcome).toBe('Pass');
    expect(r.details['checks']).toHaveLength(checks);
    expect(r.details['rows']).toBe(Number(csv.startsWith('iris') ? 45 : csv.startsWith('diabetes') ? 111 : 143));
  });

  it('passes on the profile sample rows when there is no holdout', async () => {
    expect(await checkGate(h, unitGate, 'bc/2')).toMatchObject({ outcome: 'Pass', details: { rows: 8, source: 'sample rows' } });
  });

  it('fails a model whose probabilities do not sum to 1 and carry NaN', async () => {
    const r = await checkGate(h, unitGate, 'bc/3', { holdout: await holdout('bc/3', 'breast-cancer-holdout.csv') });
    expect(r.outcome).toBe('Fail');
    const failed = (r.details['checks'] as { check: string; ok: boolean }[]).filter((c) => !c.ok).map((c) => c.check);
    expect(failed).toEqual(['probabilities in [0, 1]', 'probabilities sum to 1', 'no NaN or infinity']);
    // NaN wherever p1 > 0.5: sklearn's Pipeline(StandardScaler, LogisticRegression).predict_proba(holdout)[:, 1] > 0.5
    // holds for 90 of the 143 rows.
    expect(r.message).toContain("output 'probabilities' has 90 NaN/infinite values");
    expect(r.message).toContain('90 probabilities outside [0, 1]');
  });
});

describe('robustness gate', () => {
  const probes = (r: { details: Record<string, unknown> }) => Object.fromEntries((r.details['probes'] as { probe: string; handling: string }[]).map((p) => [p.probe, p.handling]));

  it('passes the tree ensemble: NaN and infinities go down a branch, bad shapes and types are refused', async () => {
    const r = await checkGate(h, robustnessGate, 'bc/2');
    expect(r.outcome).toBe('Pass');
    expect(probes(r)).toEqual({
      NaN: 'answered', '+Infinity': 'answered', '-Infinity': 'answered', '1e30': 'answered',
      'missing column': 'refused', 'wrong dtype': 'refused', 'empty batch': 'answered', 'huge batch (10000 rows)': 'answered',
    });
  });

  it('warns about NaN out for NaN in when the data plane refuses non-finite inputs, and fails when it would pass them', async () => {
    const guarded = await checkGate(h, robustnessGate, 'bc/1');
    expect(guarded.outcome).toBe('Warn');
    expect(probes(guarded)).toMatchObject({ NaN: 'nan-out', '+Infinity': 'nan-out', '-Infinity': 'nan-out', '1e30': 'answered' });
    expect(guarded.message).toContain('(guarded: the data plane refuses non-finite inputs)');
    const open = await checkGate(h, robustnessGate, 'bc/1', { policy: { robustness: { nonFinite: 'allow' } } });
    expect(open.outcome).toBe('Fail');
  });

  it('fails a model that answers NaN for ordinary rows', async () => {
    const r = await checkGate(h, robustnessGate, 'bc/3', { policy: { robustness: { hugeBatch: 500 } } });
    expect(r.outcome).toBe('Fail');
    expect(probes(r)['huge batch (500 rows)']).toBe('nan-out');
  });

  it('names the refusal reason onnxruntime gave', async () => {
    const r = await checkGate(h, robustnessGate, 'bc/2');
    const missing = (r.details['probes'] as { probe: string; message: string }[]).find((p) => p.probe === 'missing column')!;
    expect(missing.message).toMatch(/^missing column: refused \(.+\)$/);
  });
});

describe('latency gate', () => {
  it('passes within generous limits and reports p50/p99 of single-row and batched runs', async () => {
    const r = await checkGate(h, latencyGate, 'bc/2', { policy: { latency: { p99Ms: 250, p50Ms: 100, batch: 32, runs: 50 } } });
    expect(r.outcome).toBe('Pass');
    const single = r.details['single'] as { runs: number; p50Ms: number; p99Ms: number };
    const batched = r.details['batched'] as { rows: number; runs: number; p99Ms: number };
    expect([single.runs, batched.rows, batched.runs]).toEqual([50, 32, 20]);
    expect(single.p50Ms).toBeGreaterThan(0);
    expect(single.p99Ms).toBeGreaterThanOrEqual(single.p50Ms);
    expect(r.score).toBe(batched.p99Ms);
  });

  it('fails a limit no real run can meet, saying by how much', async () => {
    const r = await checkGate(h, latencyGate, 'bc/1', { policy: { latency: { p99Ms: 1e-6 } } });
    expect(r.outcome).toBe('Fail');
    expect(r.message).toMatch(/p99 [\d.e-]+ ms > 0\.000001 ms/);
  });

  it('times with the injected clock (a frozen test clock measures 0)', async () => {
    const r = await checkGate(h, latencyGate, 'bc/1', { clock: createTestClock(0), policy: { latency: { p99Ms: 1e-6, runs: 10 } } });
    expect(r).toMatchObject({ outcome: 'Pass', score: 0 });
  });
});
