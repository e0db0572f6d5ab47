import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error with 1e-300 as the smallest scale: p-values are compared relatively down to 1e-300. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

const cases = reference.mannWhitney.map((c) => ({ ...c, label: `${c.x.length} vs ${c.y.length}` }));

describe('mannWhitneyU', () => {
  it.each(cases)('matches scipy mannwhitneyu(asymptotic, use_continuity=True) ($label)', ({ x, y, u, pValue }) => {
    const result = mannWhitneyU(x, y);
    expect(result.u).toBe(u);
    expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-6);
  });

  it('reports U for the first sample: swapping the samples gives n1·n2 − U and the same p-value', () => {
    const x = [1.5, 2, 2, 7, 9];
    const y = [2, 3, 4, 4, 10, 11];
    const forward = mannWhitneyU(x, y);
    const backward = mannWhitneyU(y, x);
    expect(backward.u).toBe(x.length * y.length - forward.u);
    expect(backward.pValue).toBe(forward.pValue);
  });

  it('gives p = 1 when every value is tied and refuses empty samples', () => {
    expect(mannWhitneyU([3, 3], [3, 3, 3])).toEqual({ u: 3, pValue: 1 });
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });
});
