import { describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../core/index.js';
import type { LoadedModel, TensorData } from '../engine/index.js';
import { createBatcher, merge, slice, type Batcher, type BatchResult } from './batcher.js';
import type { Feeds } from './feeds.js';

// The batcher against a fake LoadedModel (the engine's interface seam): each run stays in flight until the test
// finishes it, so "arrived while a run was in flight" is exact, not a matter of timing.

interface Run {
  readonly rows: number;
  finish(): void;
  fail(e: Error): void;
}

/** y = 10·x0 + x1 per row, shape [rows, 1]; `k` has no row axis. Runs wait for finish()/fail(), which take `runMs`. */
function fakeModel(clock: TestClock, runMs: number) {
  const runs: Run[] = [];
  let disposed = false;
  const model: LoadedModel = {
    signature: { inputs: [{ name: 'x', dtype: 'float32', shape: [null, 2] }], outputs: [{ name: 'y', dtype: 'float32', shape: [null, 1] }] },
    run(feeds) {
      const x = feeds['x']!;
      const rows = x.shape[0]!;
      return new Promise<Record<string, TensorData>>((resolve, reject) => {
        runs.push({
          rows,
          finish: () => {
            clock.advance(runMs);
            const d = x.data as Float32Array;
            const y = Float32Array.from({ length: rows }, (_, r) => 10 * d[r * 2]! + d[r * 2 + 1]!);
            resolve({ y: { dtype: 'float32', shape: [rows, 1], data: y }, k: { dtype: 'float32', shape: [], data: new Float32Array([7]) } });
          },
          fail: reject,
        });
      });
    },
    async runTimed(feeds) {
      const started = clock.monotonic();
      const outputs = await model.run(feeds);
      return { outputs, ms: clock.monotonic() - started };
    },
    dispose: async () => {
      disposed = true;
    },
  };
  return { model, runs, disposed: () => disposed };
}

/** A request of `n` rows whose row i is [base + i, 0.5]. */
const feeds = (n: number, base: number): Feeds => ({
  rows: n,
  tensors: { x: { dtype: 'float32', shape: [n, 2], data: Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 ? 0.5 : base + i / 2)) } },
});
const expectedY = (n: number, base: number): number[] => Array.from({ length: n }, (_, i) => 10 * (base + i) + 0.5);
const ys = (result: BatchResult): number[] => Array.from(result.outputs['y']!.data as Float32Array);

/** Lets queued microtasks run (dispatch happens in one). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(maxBatchRows = 256, maxWaitMs = 0, runMs = 3) {
  const clock = createTestClock(0);
  const fake = fakeModel(clock, runMs);
  const observed: [number, number, number][] = [];
  const batcher = createBatcher(fake.model, { maxBatchRows, maxWaitMs, clock, onRun: (run) => observed.push([run.rows, run.requests, run.ms]) });
  return { clock, batcher, runs: fake.runs, observed };
}

/** A lone run, then one that merges the two requests that arrived meanwhile; resolves once both answered. */
async function mergedRun(batcher: Batcher, runs: readonly Run[]): Promise<void> {
  const first = batcher.submit(feeds(1, 0));
  await settle();
  const pair = [batcher.submit(feeds(1, 1)), batcher.submit(feeds(1, 2))];
  runs[0]!.finish();
  await settle();
  runs[1]!.finish();
  await Promise.all([first, ...pair]);
}

describe('createBatcher', () => {
  it('runs a lone request at once, without waiting for a timer', async () => {
    const { batcher, runs, observed } = setup(256, 5);
    const answer = batcher.submit(feeds(1, 1));
    await settle();
    // The test clock never moved: no timer was needed for the run to start.
    expect(runs.map((r) => r.rows)).toEqual([1]);
    expect(batcher.depth).toBe(1);
    runs[0]!.finish();
    expect(ys(await answer)).toEqual(expectedY(1, 1));
    await settle();
    expect(observed).toEqual([[1, 1, 3]]);
    expect(batcher.depth).toBe(0);
  });

  it('after a merged run, an idle batcher gathers what the event loop has read before running (afterIo)', async () => {
    const { clock, batcher, runs } = setup();
    await mergedRun(batcher, runs);
    await settle();
    // The last run merged two requests: the next arrivals wait for the loop's turn instead of running alone.
    const later = [batcher.submit(feeds(1, 3)), batcher.submit(feeds(2, 4))];
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 2]);
    clock.advance(0);
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 2, 3]);
    runs[2]!.finish();
    expect((await Promise.all(later)).map(ys)).toEqual([expectedY(1, 3), expectedY(2, 4)]);
  });

  it('idle() resolves only once no request is queued or running', async () => {
    const { batcher, runs } = setup();
    await batcher.idle();
    const answers = [batcher.submit(feeds(1, 0))];
    await settle();
    answers.push(batcher.submit(feeds(1, 1)));
    let idle = false;
    void batcher.idle().then(() => (idle = true));
    runs[0]!.finish();
    await settle();
    expect(idle).toBe(false);
    runs[1]!.finish();
    await Promise.all(answers);
    await settle();
    expect(idle).toBe(true);
    expect(batcher.depth).toBe(0);
  });

  it('merges the requests queued while a run is in flight into the next run, and splits the answers back', async () => {
    const { batcher, runs, observed } = setup();
    const first = batcher.submit(feeds(1, 0));
    await settle();
    const queued = [batcher.submit(feeds(2, 10)), batcher.submit(feeds(1, 20)), batcher.submit(feeds(3, 30))];
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1]);
    expect(batcher.depth).toBe(4);
    runs[0]!.finish();
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 6]);
    runs[1]!.finish();
    const [a, b, c] = await Promise.all(queued);
    expect(ys(await first)).toEqual(expectedY(1, 0));
    expect([ys(a!), ys(b!), ys(c!)]).toEqual([expectedY(2, 10), expectedY(1, 20), expectedY(3, 30)]);
    expect(a!.outputs['y']!.shape).toEqual([2, 1]);
    // An output without a row axis is shared by every request of the run; each request learns the run's duration.
    expect(c!.outputs['k']!.data).toEqual(new Float32Array([7]));
    expect([a!.runMs, b!.runMs, c!.runMs]).toEqual([3, 3, 3]);
    expect(observed.map(([rows, requests]) => [rows, requests])).toEqual([
      [1, 1],
      [6, 3],
    ]);
  });

  it('never merges past maxBatchRows, keeps arrival order, and runs a request larger than the limit on its own', async () => {
    const { batcher, runs } = setup(4);
    const all = [batcher.submit(feeds(1, 0))];
    await settle();
    for (const [n, base] of [
      [2, 10],
      [2, 20],
      [1, 30],
      [3, 40],
      [6, 50],
      [1, 60],
    ] as const)
      all.push(batcher.submit(feeds(n, base)));
    for (let i = 0; i < 5; i++) {
      await settle();
      runs[i]!.finish();
    }
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 4, 4, 6, 1]);
    const answers = await Promise.all(all);
    expect(answers.map(ys)).toEqual([expectedY(1, 0), expectedY(2, 10), expectedY(2, 20), expectedY(1, 30), expectedY(3, 40), expectedY(6, 50), expectedY(1, 60)]);
  });

  it('rejects a lone request whose run failed with its error, and the next run still happens', async () => {
    const { batcher, runs } = setup();
    const doomed = batcher.submit(feeds(1, 0));
    await settle();
    const later = batcher.submit(feeds(1, 9));
    const boom = new Error('onnxruntime said no');
    runs[0]!.fail(boom);
    await expect(doomed).rejects.toBe(boom);
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 1]);
    runs[1]!.finish();
    expect(ys(await later)).toEqual(expectedY(1, 9));
    await settle();
    expect(batcher.depth).toBe(0);
  });

  it('when a merged run fails, runs its requests one by one so only the one that fails alone gets the error', async () => {
    const { batcher, runs, observed } = setup();
    const first = batcher.submit(feeds(1, 0));
    await settle();
    const merged = [batcher.submit(feeds(1, 1)), batcher.submit(feeds(2, 2)), batcher.submit(feeds(1, 4))];
    runs[0]!.finish();
    await settle();
    expect(runs.map((r) => r.rows)).toEqual([1, 4]);
    const boom = new Error('indices element out of data bounds');
    runs[1]!.fail(boom);
    await settle();
    runs[2]!.finish();
    await settle();
    runs[3]!.fail(boom);
    await settle();
    runs[4]!.finish();
    expect(runs.map((r) => r.rows)).toEqual([1, 4, 1, 2, 1]);
    const settled = await Promise.allSettled(merged);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(ys((settled[0] as PromiseFulfilledResult<BatchResult>).value)).toEqual(expectedY(1, 1));
    expect((settled[1] as PromiseRejectedResult).reason).toBe(boom);
    expect(ys((settled[2] as PromiseFulfilledResult<BatchResult>).value)).toEqual(expectedY(1, 4));
    expect(ys(await first)).toEqual(expectedY(1, 0));
    await settle();
    expect(batcher.depth).toBe(0);
    expect(observed.map(([rows, requests]) => [rows, requests])).toEqual([[1, 1], [4, 3]]);
  });

  it('under dense arrivals, a run waits for the requests a quarter millisecond brings', async () => {
    const { clock, batcher, runs } = setup(256, 1, 0.01);
    const { answers, waits } = await arrive(clock, batcher, runs, 300, 0.05);
    // 20,000 requests/s: once the mean gap has come down from quiet, runs hold about 0.25 / 0.05 = 5 requests.
    expect(runs.slice(0, 10).every((r) => r.rows === 1)).toBe(true);
    expect(runs.slice(-10, -1).map((r) => r.rows)).toEqual(Array(9).fill(5));
    // While requests kept coming, none waited as long as maxWaitMs: company came first.
    expect(Math.max(...waits)).toBeLessThan(0.3);
    expect((await Promise.all(answers)).map(ys)).toEqual(Array.from({ length: 300 }, (_, i) => expectedY(1, i)));
  });

  it('a waiting run goes after maxWaitMs when company does not come, and a quiet moment ends the waiting', async () => {
    const { clock, batcher, runs } = setup(256, 1, 0.01);
    await arrive(clock, batcher, runs, 150, 0.05);
    const started = runs.length;
    // One more request after the traffic stopped waits for company (a single 1 ms gap leaves the mean under 0.125 ms).
    const last = batcher.submit(feeds(1, 1000));
    await settle();
    clock.advance(0.9);
    await settle();
    expect(runs).toHaveLength(started);
    clock.advance(0.1);
    await settle();
    expect(runs.map((r) => r.rows).slice(started)).toEqual([1]);
    runs[started]!.finish();
    expect(ys(await last)).toEqual(expectedY(1, 1000));
    // 10 ms later the mean gap says traffic is sparse: the next request waits for no one.
    clock.advance(10);
    const lone = batcher.submit(feeds(1, 7));
    await settle();
    expect(runs).toHaveLength(started + 2);
    runs[started + 1]!.finish();
    expect(ys(await lone)).toEqual(expectedY(1, 7));
  });

  it('waits for no more than 16 rows, and never with maxWaitMs 0', async () => {
    const sized = setup(256, 1, 0.01);
    await arrive(sized.clock, sized.batcher, sized.runs, 120, 0.05, 8);
    expect(sized.runs.slice(-10, -1).map((r) => r.rows)).toEqual(Array(9).fill(16));
    const never = setup(256, 0, 0.01);
    await arrive(never.clock, never.batcher, never.runs, 200, 0.05);
    expect(never.runs.every((r) => r.rows === 1)).toBe(true);
  });
});

/**
 * `n` requests of `rows` rows arriving every `gapMs` on the test clock; every run finishes as soon as it starts.
 * Resolves with the answers and how long each request waited before its run began, once 1 ms after the last
 * arrival has let the requests still waiting for company go.
 */
async function arrive(clock: TestClock, batcher: Batcher, runs: readonly Run[], n: number, gapMs: number, rows = 1) {
  const answers: Promise<BatchResult>[] = [];
  const arrivedAt: number[] = [];
  const waits: number[] = [];
  let finished = runs.length;
  let answered = 0;
  const finishStarted = async (): Promise<void> => {
    await settle();
    while (finished < runs.length) {
      for (let k = answered; k < answered + runs[finished]!.rows / rows; k++) waits.push(clock.monotonic() - arrivedAt[k]!);
      answered += runs[finished]!.rows / rows;
      runs[finished++]!.finish();
      await settle();
    }
  };
  for (let i = 0; i < n; i++) {
    clock.advance(gapMs);
    arrivedAt.push(clock.monotonic());
    answers.push(batcher.submit(feeds(rows, i)));
    await finishStarted();
  }
  const arrivalWaits = [...waits];
  clock.advance(1);
  await finishStarted();
  return { answers, waits: arrivalWaits };
}

describe('merge and slice', () => {
  it('concatenate rows of every input (int64 too) and slice them back as views', () => {
    const a: Feeds = { rows: 1, tensors: { f: { dtype: 'float32', shape: [1, 2], data: new Float32Array([1, 2]) }, i: { dtype: 'int64', shape: [1, 1], data: new BigInt64Array([5n]) } } };
    const b: Feeds = { rows: 2, tensors: { f: { dtype: 'float32', shape: [2, 2], data: new Float32Array([3, 4, 5, 6]) }, i: { dtype: 'int64', shape: [2, 1], data: new BigInt64Array([6n, 7n]) } } };
    const merged = merge([a, b]);
    expect(merged['f']).toEqual({ dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
    expect(merged['i']).toEqual({ dtype: 'int64', shape: [3, 1], data: new BigInt64Array([5n, 6n, 7n]) });
    const part = slice(merged, 1, 2);
    expect(part['f']).toEqual({ dtype: 'float32', shape: [2, 2], data: new Float32Array([3, 4, 5, 6]) });
    expect((part['f']!.data as Float32Array).buffer).toBe((merged['f']!.data as Float32Array).buffer);
    expect(slice(merged, 0, 1)['i']!.data).toEqual(new BigInt64Array([5n]));
  });
});
