import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/app/system-clock.js';
import type { PlanVersion, ServingPlan, ShadowDiff } from '../../src/contract/index.js';
import { createSeededRandom } from '../../src/core/index.js';
import { createOnnxEngine, type TensorData } from '../../src/engine/index.js';
import { createServingHost, layoutOf, type EndpointState, type ServingHost } from '../../src/serving/index.js';
import { rowsToFeeds } from '../../src/serving/feeds.js';
import { fixture } from '../helpers/fixtures.js';
import { holdoutRows } from '../helpers/serving.js';

// Runs of served versions through the real serving host and real models. Mirroring hands a primary's whole run (every request merged into it) to the shadow as one run: the diff counts
// the requests and rows it covered, label agreement matches the two real models row by row, warm-up runs and the
// shadow's own runs are never mirrored, and a failing shadow counts every request of the run as a shadow error
// while the clients' answers stay the primary's. A merged run that fails fails only the requests that fail alone.

const engine = createOnnxEngine();
const FILES: Record<number, string> = { 1: 'breast-cancer-logreg.onnx', 2: 'breast-cancer-trees.onnx', 3: 'rollout/errors.onnx' };
const { rows } = holdoutRows('breast-cancer-holdout.csv');
let host: ServingHost | undefined;
/** Rows of every run the host reported, in order. */
const runRows: number[] = [];
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function startHost(): ServingHost {
  host = createServingHost({
    loader: { load: async (entry) => ({ model: await engine.load({ path: fixture(FILES[entry.version]!) }), warmupRows: [] }) },
    clock: createSystemClock(),
    random: createSeededRandom(7),
    maxBatchRows: 256,
    maxWaitMs: 0,
    recorderCapacity: 4096,
    observer: { loaded: () => undefined, ran: (_endpoint, _entry, n) => runRows.push(n), retired: () => undefined },
  });
  return host;
}

const entry = (version: number, role: PlanVersion['role'], weight: number): PlanVersion => ({ model: 'bc', version, digest: `d${version}`, role, weight });
const plan = (revision: number, versions: PlanVersion[], mirrorPercent: number): ServingPlan => ({ endpoint: 'bc', revision, versions, mirrorPercent });

function stateOf(h: ServingHost): EndpointState {
  const s = h.get('bc');
  if (s === undefined || s === 'loading') throw new Error('endpoint bc is not up');
  return s;
}

/** `n` single-row requests sent to version 1 together (so they merge into few runs); resolves with their answers. */
async function traffic(h: ServingHost, n: number, version = 1): Promise<Record<string, TensorData>[]> {
  const primary = stateOf(h).versions.get(version)!;
  const answers = await Promise.all(rows.slice(0, n).map((r) => primary.infer(rowsToFeeds(primary.layout, [r], 'reject', 1))));
  return answers.map((a) => a.outputs);
}

/** The shadow's diff once its queued runs are done. */
async function shadowDiff(h: ServingHost, version: number): Promise<ShadowDiff | null> {
  const shadow = stateOf(h).versions.get(version)!;
  while (shadow.inflight > 0) await new Promise((r) => setTimeout(r, 5));
  return shadow.recorder.window(0).shadow;
}

/** Labels of the first `n` holdout rows from a model run directly, row by row. */
async function labelsOf(version: number, n: number): Promise<number[]> {
  const model = await engine.load({ path: fixture(FILES[version]!) });
  const layout = layoutOf(model.signature);
  const out = await model.run(rowsToFeeds(layout, rows.slice(0, n), 'reject', n).tensors);
  await model.dispose();
  return Array.from(out[layout.labelOutput!]!.data as BigInt64Array, Number);
}

describe('mirroring whole runs to the shadow', () => {
  it('compares every request of the merged runs, row by row, against the shadow model', async () => {
    const h = startHost();
    await h.applyPlan(plan(1, [entry(1, 'stable', 100)], 0));
    await h.applyPlan(plan(2, [entry(1, 'stable', 100), entry(2, 'shadow', 0)], 100));
    expect(await shadowDiff(h, 2)).toBeNull(); // the shadow's own warm-up is not mirrored traffic
    const answers = await traffic(h, 100);
    const [primary, shadow] = [await labelsOf(1, 100), await labelsOf(2, 100)];
    expect(answers.map((o) => Number((o['label']!.data as BigInt64Array)[0]))).toEqual(primary);
    const agreeing = primary.filter((l, i) => l === shadow[i]).length;
    expect(agreeing).toBeLessThan(100); // the two models disagree somewhere, so agreement is measured, not assumed
    const diff = await shadowDiff(h, 2);
    expect(diff).toMatchObject({ mirrored: 100, errors: 0, rows: 100 });
    expect(diff!.agreement).toBeCloseTo(agreeing / 100, 12);
    expect(diff!.meanAbsScoreDiff).toBeGreaterThan(0);
    expect(stateOf(h).versions.get(1)!.recorder.window(0).shadow).toBeNull();
  }, 30_000);

  it('mirrors nothing at 0% and about half the requests at 50%', async () => {
    const h = startHost();
    await h.applyPlan(plan(1, [entry(1, 'stable', 100), entry(2, 'shadow', 0)], 0));
    await traffic(h, 50);
    expect(await shadowDiff(h, 2)).toBeNull();
    await h.applyPlan(plan(2, [entry(1, 'stable', 100), entry(2, 'shadow', 0)], 50));
    // One request at a time: each run is one request, so the share is drawn per request.
    for (let i = 0; i < 200; i++) await traffic(h, 1);
    const diff = await shadowDiff(h, 2);
    expect(diff!.mirrored).toBeGreaterThan(70);
    expect(diff!.mirrored).toBeLessThan(130);
  }, 30_000);

  it('counts every request of a run the shadow failed as a shadow error; clients get the primary’s answers', async () => {
    const h = startHost();
    await h.applyPlan(plan(1, [entry(1, 'stable', 100)], 0));
    await h.applyPlan(plan(2, [entry(1, 'stable', 100), entry(3, 'shadow', 0)], 100));
    const answers = await traffic(h, 143);
    expect(answers).toHaveLength(143);
    const diff = await shadowDiff(h, 3);
    expect(diff!.mirrored).toBe(143);
    expect(diff!.errors).toBeGreaterThan(0);
    expect(diff!.rows).toBe(143 - diff!.errors);
  }, 30_000);
});

describe('a merged run that fails', () => {
  it('fails only the requests whose rows fail on their own', async () => {
    const h = startHost();
    await h.applyPlan(plan(1, [entry(3, 'stable', 100)], 0));
    const served = stateOf(h).versions.get(3)!;
    const send = (r: readonly number[]): Promise<boolean> => served.infer(rowsToFeeds(served.layout, [r], 'reject', 1)).then(() => false, () => true);
    runRows.length = 0;
    const together = await Promise.all(rows.map(send));
    await new Promise((r) => setImmediate(r)); // the run is reported after its requests were answered
    expect(Math.max(...runRows)).toBeGreaterThan(1); // requests were merged into runs
    // Sent one at a time, which rows fail is the model's own answer.
    const alone: boolean[] = [];
    for (const r of rows) alone.push(await send(r));
    expect(alone.filter(Boolean).length).toBeGreaterThan(0);
    expect(alone.filter((f) => !f).length).toBeGreaterThan(0);
    expect(together).toEqual(alone);
  }, 30_000);
});
