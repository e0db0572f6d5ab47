import { describe, expect, it } from 'vitest';
import { histogram, psi, psiOfSamples, quantileEdges } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error, with 1e-12 absolute near 0. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);

describe('histogram', () => {
  it.each(reference.histogram)('matches numpy.histogram, and numpy.histogram of clipped values (edges $edges)', ({ values, edges, counts, clipped }) => {
    expect(histogram(values, edges)).toEqual(counts);
    expect(histogram(values, edges, { clip: true })).toEqual(clipped);
  });

  it('puts an edge value in the bin it opens, the maximum in the closed last bin, and skips NaN', () => {
    expect(histogram([0, 1, 2, Number.NaN], [0, 1, 2])).toEqual([1, 2]);
    expect(histogram([5, 5], [5, 5])).toEqual([2]);
  });

  it('refuses fewer than two edges', () => {
    expect(() => histogram([1], [1])).toThrow(RangeError);
  });
});

describe('quantileEdges', () => {
  it('drops repeated quantiles and keeps one bin for a constant reference', () => {
    expect(quantileEdges([1, 2, 3, 4, 5], 4)).toEqual([1, 2, 3, 4, 5]);
    expect(quantileEdges([0, 0, 0, 0, 1], 4)).toEqual([0, 1]);
    expect(quantileEdges([7, 7, 7], 10)).toEqual([7, 7]);
    expect(() => quantileEdges([1], 0)).toThrow(RangeError);
  });
});

describe('psi', () => {
  it.each(reference.psi.counts)('matches the numpy formula for $expected vs $actual', ({ expected, actual, epsilon, value }) => {
    expect(relativeError(psi(expected, actual, { epsilon }), value)).toBeLessThan(1e-6);
  });

  it.each(reference.psi.samples)('bins raw samples at the reference quantiles ($bins bins)', ({ reference: ref, actual, bins, edges, value }) => {
    expect(quantileEdges(ref, bins)).toEqual(edges);
    expect(relativeError(psiOfSamples(ref, actual, { bins }), value)).toBeLessThan(1e-6);
  });

  it('is 0 for identical distributions and refuses mismatched or empty counts', () => {
    expect(psi([3, 4, 5], [6, 8, 10])).toBe(0);
    expect(() => psi([1, 2], [1])).toThrow(RangeError);
    expect(() => psi([0, 0], [1, 1])).toThrow(RangeError);
  });
});
