import { describe, expect, it } from 'vitest';
import type { PredictionSample } from '../contract/index.js';
import { createSeededRandom, createTestClock, mpError } from '../core/index.js';
import { createSampler, type SampleSink } from './sampler.js';

// The sampler with the test clock, a seeded Random and sinks the test controls (a slow one, a failing one).

const sample = (i: number): PredictionSample => ({
  endpoint: 'e',
  model: 'm',
  version: 1,
  requestId: `r${i}`,
  at: '2026-01-15T12:00:00.000Z',
  latencyMs: 1,
  inputs: [[i]],
  outputs: { labels: [0] },
});

/** A sink whose writes finish only when the test says so. */
function slowSink() {
  const writes: { ids: string[]; done: () => void; fail: (e: Error) => void }[] = [];
  const sink: SampleSink = {
    write: (samples) =>
      new Promise<void>((resolve, reject) => {
        writes.push({ ids: samples.map((s) => s.requestId), done: resolve, fail: reject });
      }),
  };
  return { sink, writes };
}

/** Runs every pending microtask (promise chains of any length). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(over: { rate?: number; capacity?: number; flushRows?: number; flushMs?: number; sink?: SampleSink; seed?: number } = {}) {
  const clock = createTestClock(0);
  const counters = { dropped: 0, written: 0, errors: [] as unknown[] };
  const slow = slowSink();
  const sampler = createSampler({
    rate: over.rate ?? 1,
    capacity: over.capacity ?? 100,
    flushRows: over.flushRows ?? 10,
    flushMs: over.flushMs ?? 1000,
    clock,
    random: createSeededRandom(over.seed ?? 7),
    sink: over.sink ?? slow.sink,
    onDropped: (n) => (counters.dropped += n),
    onWritten: (n) => (counters.written += n),
    onError: (e) => counters.errors.push(e),
  });
  return { clock, sampler, counters, writes: slow.writes };
}

describe('createSampler', () => {
  it('samples nothing at rate 0, everything at rate 1, and about the rate in between, replayably with the same seed', () => {
    const draws = (rate: number, seed: number, n = 10_000): boolean[] => {
      const { sampler } = setup({ rate, seed });
      return Array.from({ length: n }, () => sampler.shouldSample());
    };
    expect(draws(0, 1).filter(Boolean)).toHaveLength(0);
    expect(draws(1, 1).filter(Boolean)).toHaveLength(10_000);
    const quarter = draws(0.25, 42).filter(Boolean).length;
    expect(quarter).toBeGreaterThan(2_300);
    expect(quarter).toBeLessThan(2_700);
    expect(draws(0.3, 99, 200)).toEqual(draws(0.3, 99, 200));
    expect(draws(0.3, 99, 200)).not.toEqual(draws(0.3, 100, 200));
  });

  it('takes a new rate while serving, for the requests that follow', () => {
    const { sampler } = setup({ rate: 0 });
    expect([sampler.rate(), sampler.shouldSample()]).toEqual([0, false]);
    expect(sampler.rate(1)).toBe(1);
    expect(Array.from({ length: 100 }, () => sampler.shouldSample()).every(Boolean)).toBe(true);
    expect(sampler.rate(0)).toBe(0);
    expect(sampler.shouldSample()).toBe(false);
  });

  it('writes a batch when flushRows feature rows wait (one a sample here), or flushMs after the first one', async () => {
    const { clock, sampler, counters, writes } = setup({ flushRows: 3, flushMs: 1000 });
    for (let i = 0; i < 3; i++) sampler.offer(sample(i));
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1', 'r2']]);
    writes[0]!.done();
    sampler.offer(sample(3));
    await settle();
    expect(writes).toHaveLength(1);
    clock.advance(999);
    await settle();
    expect(writes).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1', 'r2'], ['r3']]);
    writes[1]!.done();
    await settle();
    expect(counters).toEqual({ dropped: 0, written: 4, errors: [] });
  });

  it('counts feature rows, not samples: a 64-row sample weighs 64', async () => {
    const { sampler, writes } = setup({ capacity: 1_000, flushRows: 128, flushMs: 1000 });
    const rows = (i: number, n: number): PredictionSample => ({ ...sample(i), inputs: Array.from({ length: n }, () => [i]) });
    sampler.offer(rows(0, 64));
    await settle();
    expect(writes).toHaveLength(0);
    sampler.offer(rows(1, 64));
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1']]);
    writes[0]!.done();
    // The count starts again after a write: 127 single-row samples wait, the 128th row writes them.
    for (let i = 2; i < 129; i++) sampler.offer(rows(i, 1));
    await settle();
    expect(writes).toHaveLength(1);
    sampler.offer(rows(129, 1));
    await settle();
    expect(writes[1]!.ids).toHaveLength(128);
  });

  it('with a slow sink: one write at a time, at most `capacity` samples held, the rest dropped and counted', async () => {
    const { sampler, counters, writes } = setup({ capacity: 5, flushRows: 2 });
    for (let i = 0; i < 20; i++) sampler.offer(sample(i));
    await settle();
    // Five held (two being written, three waiting), fifteen dropped; the second batch waits for the first write.
    expect(counters.dropped).toBe(15);
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1']]);
    writes[0]!.done();
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([
      ['r0', 'r1'],
      ['r2', 'r3'],
    ]);
    // Room for two again: r20 joins r4 (a full batch, queued behind the write in flight), r21 waits, r22 is dropped.
    sampler.offer(sample(20));
    sampler.offer(sample(21));
    sampler.offer(sample(22));
    expect(counters.dropped).toBe(16);
    const flushed = sampler.flush();
    for (const i of [1, 2, 3]) {
      expect(writes).toHaveLength(i + 1);
      writes[i]!.done();
      await settle();
    }
    await flushed;
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4', 'r20'], ['r21']]);
    expect(counters).toEqual({ dropped: 16, written: 7, errors: [] });
  });

  it('offer never waits on the sink: 100,000 offers to a sink that never answers take milliseconds', () => {
    const { sampler, counters } = setup({ capacity: 1_000, flushRows: 100, sink: { write: () => new Promise<void>(() => undefined) } });
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) sampler.offer(sample(i));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(counters.dropped).toBe(99_000);
  });

  it('a failing write is reported, frees its room, and later samples are written', async () => {
    const { sampler, counters, writes } = setup({ capacity: 2, flushRows: 2 });
    sampler.offer(sample(0));
    sampler.offer(sample(1));
    sampler.offer(sample(2));
    expect(counters.dropped).toBe(1);
    await settle();
    const boom = new Error('database is locked');
    writes[0]!.fail(boom);
    await settle();
    expect(counters.errors).toEqual([boom]);
    sampler.offer(sample(3));
    const flushed = sampler.flush();
    await settle();
    writes[1]!.done();
    await flushed;
    expect(writes.map((w) => w.ids)).toEqual([['r0', 'r1'], ['r3']]);
    expect(counters).toMatchObject({ dropped: 1, written: 1 });
  });

  it('a busy store (retryable error) gets the batch back for the next flush; after close it is dropped and counted', async () => {
    const { clock, sampler, counters, writes } = setup({ flushRows: 2 });
    sampler.offer(sample(1));
    sampler.offer(sample(2));
    await settle();
    writes[0]!.fail(mpError('MP_STORE_LOCKED', 'db'));
    await settle();
    expect(counters.errors).toEqual([]);
    clock.advance(1000);
    await settle();
    expect(writes[1]?.ids).toEqual(['r1', 'r2']);
    const closing = sampler.close();
    writes[1]!.fail(mpError('MP_STORE_LOCKED', 'db'));
    await closing;
    expect(counters.errors).toHaveLength(1);
    expect(counters.written).toBe(0);
  });

  it('flush resolves at once when nothing waits', async () => {
    const { sampler, writes } = setup();
    await sampler.flush();
    expect(writes).toHaveLength(0);
  });
});
