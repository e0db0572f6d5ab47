import { describe, expect, it } from 'vitest';
import { countAtMost, kthDifference, nextDifference } from './_pairwise-select.js';
import { createSeededRandom } from '../core/index.js';
import { hodgesLehmann } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

const cases = reference.hodgesLehmann.map((c) => ({ ...c, label: `${c.x.length} vs ${c.y.length} at ${c.confidence}` }));

describe('hodgesLehmann', () => {
  // Exact order statistics of y[j] − x[i]: the same doubles as numpy's sorted np.subtract.outer(y, x).
  it.each(cases)('matches the numpy reference ($label)', ({ x, y, confidence, estimate, lower, upper }) => {
    expect(hodgesLehmann(x, y, confidence)).toEqual({ estimate, lower, upper });
  });

  it('measures the shift from the first sample to the second', () => {
    const x = [1, 2, 3, 4, 5];
    const shifted = x.map((v) => v + 10);
    expect(hodgesLehmann(x, shifted).estimate).toBe(10);
    expect(hodgesLehmann(shifted, x).estimate).toBe(-10);
  });

  it('uses the whole range when the samples are too small for the confidence level', () => {
    expect(hodgesLehmann([1, 2], [3], 0.98)).toEqual({ estimate: 1.5, lower: 1, upper: 2 });
  });

  it('refuses empty samples, non-finite values and a confidence outside (0, 1)', () => {
    expect(() => hodgesLehmann([], [1])).toThrow(RangeError);
    expect(() => hodgesLehmann([1, Infinity], [1])).toThrow(RangeError);
    expect(() => hodgesLehmann([1], [1], 1)).toThrow(RangeError);
  });
});

describe('pairwise difference selection', () => {
  it('agrees with sorting the materialized differences, ties and negatives included', () => {
    const random = createSeededRandom(7);
    const x = Float64Array.from({ length: 60 }, () => Math.floor(random.next() * 20) - 10).sort();
    const y = Float64Array.from({ length: 45 }, () => Math.floor(random.next() * 30) / 4 - 3).sort();
    const all = Float64Array.from(Array.from(y).flatMap((b) => Array.from(x, (a) => b - a))).sort();
    for (const k of [1, 2, 100, 1350, 1351, 2699, 2700]) expect(kthDifference(x, y, k)).toBe(all[k - 1]);
    for (const k of [2, 101, 1351, 2700]) expect(nextDifference(x, y, k, all[k - 2]!)).toBe(all[k - 1]);
    expect(countAtMost(x, y, 0)).toBe(all.filter((d) => d <= 0).length);
  });

  it('selects among a million differences without materializing them', () => {
    const random = createSeededRandom(11);
    const x = Float64Array.from({ length: 1000 }, () => random.next()).sort();
    const y = Float64Array.from({ length: 1000 }, () => random.next() + 0.1).sort();
    const median = kthDifference(x, y, 500_000);
    expect(countAtMost(x, y, median)).toBeGreaterThanOrEqual(500_000);
    expect(countAtMost(x, y, median - 1e-12)).toBeLessThan(500_000);
  });
});
