import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../core/index.js';
import { bootstrapCI, mean, quantileSorted, sortNumbers } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error, with 1e-12 absolute near 0. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);
const median = (sample: Float64Array) => quantileSorted(sortNumbers(sample), 0.5);
const STATISTICS: Record<string, (sample: Float64Array) => number> = { mean, median };

describe('bootstrapCI', () => {
  // The script replays core's mulberry32 in Python, so both sides draw the same resamples.
  it.each(reference.bootstrap)('matches the numpy replay ($statistic, seed $seed)', (c) => {
    const random = createSeededRandom(c.seed);
    expect([random.next(), random.next(), random.next()]).toEqual(c.firstRandoms);
    const seeded = createSeededRandom(c.seed);
    const options = { iterations: c.iterations, confidence: c.confidence, random: () => seeded.next() };
    const result = bootstrapCI(c.values, STATISTICS[c.statistic]!, options);
    expect(relativeError(result.estimate, c.estimate)).toBeLessThan(1e-12);
    expect(relativeError(result.lower, c.lower)).toBeLessThan(1e-6);
    expect(relativeError(result.upper, c.upper)).toBeLessThan(1e-6);
  });

  it('replays exactly with the same seed and brackets the estimate', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 37) % 11);
    const run = (seed: number) => {
      const random = createSeededRandom(seed);
      return bootstrapCI(values, mean, { random: () => random.next() });
    };
    const first = run(5);
    expect(run(5)).toEqual(first);
    expect(first.lower).toBeLessThanOrEqual(first.estimate);
    expect(first.upper).toBeGreaterThanOrEqual(first.estimate);
  });

  it('drops NaN statistics and refuses empty input or a bad confidence', () => {
    const random = () => 0.5;
    expect(bootstrapCI([1, 2], () => Number.NaN, { random })).toEqual({ estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN });
    expect(() => bootstrapCI([], mean, { random })).toThrow(RangeError);
    expect(() => bootstrapCI([1], mean, { random, confidence: 0 })).toThrow(RangeError);
  });
});
