import { describe, expect, it } from 'vitest';
import { jensenShannon, wasserstein1, wassersteinNormalized } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error, with 1e-12 absolute near 0. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);

describe('jensenShannon', () => {
  it.each(reference.jensenShannon)('matches scipy.spatial.distance.jensenshannon($p, $q, $base)', ({ p, q, base, value }) => {
    expect(relativeError(jensenShannon(p, q, base), value)).toBeLessThan(1e-6);
  });

  it('defaults to base 2, where disjoint distributions are at distance 1', () => {
    expect(jensenShannon([3, 0], [0, 7])).toBe(1);
    expect(() => jensenShannon([1], [1, 2])).toThrow(RangeError);
    expect(() => jensenShannon([0], [1])).toThrow(RangeError);
  });
});

const wassersteinCases = reference.wasserstein.map((c) => ({ ...c, label: `${c.u.length} vs ${c.v.length}` }));

describe('wasserstein1', () => {
  it.each(wassersteinCases)('matches scipy.stats.wasserstein_distance and the Evidently normalization ($label)', ({ u, v, value, normalized }) => {
    expect(relativeError(wasserstein1(u, v), value)).toBeLessThan(1e-6);
    expect(relativeError(wassersteinNormalized(u, v), normalized)).toBeLessThan(1e-6);
  });

  it('is symmetric and refuses empty samples', () => {
    expect(wasserstein1([1, 5, 2], [0, 9])).toBe(wasserstein1([0, 9], [1, 5, 2]));
    expect(() => wasserstein1([], [1])).toThrow(RangeError);
  });
});
