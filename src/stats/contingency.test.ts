import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, twoProportionZTest } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error; `floor` is the smallest scale (1e-300 for probabilities; 1e-6 gives 1e-12 absolute near 0). */
const relativeError = (actual: number, expected: number, floor = 1e-300) =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);

describe('chiSquareHomogeneity', () => {
  it.each(reference.chiSquareHomogeneity)('matches scipy chi2_contingency(correction=False) for $a vs $b', ({ a, b, statistic, df, pValue }) => {
    const result = chiSquareHomogeneity(a, b);
    expect(result.df).toBe(df);
    expect(relativeError(result.statistic, statistic, 1e-6)).toBeLessThan(1e-6);
    expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-6);
  });

  it('finds nothing to test with one category or an empty sample', () => {
    expect(chiSquareHomogeneity([0, 5], [0, 9])).toEqual({ statistic: 0, df: 0, pValue: 1 });
    expect(chiSquareHomogeneity([0, 0], [3, 4])).toEqual({ statistic: 0, df: 1, pValue: 1 });
  });

  it('refuses mismatched or negative counts', () => {
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareHomogeneity([1, -2], [1, 2])).toThrow(RangeError);
  });
});

describe('twoProportionZTest', () => {
  it.each(reference.twoProportion)(
    'matches the pooled z-test and chi2_contingency for $successA/$nA vs $successB/$nB',
    ({ successA, nA, successB, nB, z, pValue, chiSquarePValue }) => {
      const result = twoProportionZTest(successA, nA, successB, nB);
      expect(relativeError(result.z, z, 1e-6)).toBeLessThan(1e-6);
      expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-6);
      // z² is the uncorrected 2×2 chi-square statistic, so the two p-values are the same number.
      expect(relativeError(result.pValue, chiSquarePValue)).toBeLessThan(1e-6);
    },
  );

  it('is positive when the second rate is higher and silent when no rate can differ', () => {
    expect(twoProportionZTest(1, 100, 9, 100).z).toBeGreaterThan(0);
    expect(twoProportionZTest(0, 100, 0, 50)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(10, 10, 5, 5)).toEqual({ z: 0, pValue: 1 });
  });

  it('refuses empty samples and impossible counts', () => {
    expect(() => twoProportionZTest(0, 0, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
  });
});
