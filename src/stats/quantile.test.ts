import { describe, expect, it } from 'vitest';
import { mean, quantileSorted, quantiles, sortNumbers, std } from './index.js';

const sample = [0.1, 0.7, 0.2, 0.9, 0.35, 10.0, -3.5];
const percents = [0, 10, 25, 33, 50, 66, 75, 90, 99, 100];

describe('quantiles', () => {
  it('matches numpy.percentile bit for bit', () => {
    // numpy 1.24: [repr(x) for x in np.percentile([0.1,0.7,0.2,0.9,0.35,10.0,-3.5], [0,10,25,33,50,66,75,90,99,100])]
    const numpy = [-3.5, -1.3399999999999996, 0.15000000000000002, 0.198, 0.35, 0.6859999999999999, 0.8, 4.540000000000004, 9.453999999999995, 10.0];
    expect(quantiles(sample, percents.map((p) => p / 100))).toEqual(numpy);
  });

  it('uses numpy’s two-sided lerp, not a + (b - a) * t', () => {
    // numpy 1.24: repr(np.percentile([0.1,0.7,0.2,0.9,0.35,10.0,-3.5], 10)) -> '-1.3399999999999996';
    // the one-sided a + (b - a) * t gives -1.3399999999999994 here.
    expect(quantiles(sample, [0.1])).toEqual([-1.3399999999999996]);
    // numpy 1.24: [repr(x) for x in np.percentile([0.1, 0.2, 0.3], [10, 30, 70, 90])]
    expect(quantiles([0.3, 0.1, 0.2], [0.1, 0.3, 0.7, 0.9])).toEqual([0.12000000000000001, 0.16, 0.24, 0.28]);
  });

  it('gives the single value for one element and the ends for q = 0 and 1', () => {
    // numpy 1.24: np.quantile([5.0], [0, 0.5, 1]) -> [5.0, 5.0, 5.0]
    expect(quantiles([5], [0, 0.5, 1])).toEqual([5, 5, 5]);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('sorts numerically, not as text', () => {
    expect(Array.from(sortNumbers([10, 9, 100, -1]))).toEqual([-1, 9, 10, 100]);
    expect(quantiles([10, 9, 100], [0.5])).toEqual([10]);
  });

  it('refuses an empty array and q outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('mean and std', () => {
  it('match numpy.mean and numpy.std(ddof=1)', () => {
    // numpy 1.24: np.mean(a), np.std(a, ddof=1) for a = [0.1,0.7,0.2,0.9,0.35,10.0,-3.5] -> 1.25, 4.138941088410577
    expect(mean(sample)).toBeCloseTo(1.25, 14);
    expect(std(sample)).toBeCloseTo(4.138941088410577, 13);
    // numpy 1.24: np.std([1, 2, 3, 4], ddof=1) -> 1.2909944487358056
    expect(std([1, 2, 3, 4])).toBeCloseTo(1.2909944487358056, 15);
  });

  it('calls one value spread-free and no values NaN', () => {
    expect(std([3])).toBe(0);
    expect(std([])).toBe(0);
    expect(mean([])).toBeNaN();
  });
});
