import { describe, expect, it } from 'vitest';
import { normalCdf, normalIsf, normalPpf, normalSf } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error; `floor` is the smallest scale (1e-300 for probabilities; 1e-6 gives 1e-12 absolute near 0). */
const relativeError = (actual: number, expected: number, floor = 1e-300) =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);

describe('normal distribution', () => {
  it.each(reference.special.normal)('cdf and sf(%s) match scipy.stats.norm', (z, cdf, sf) => {
    expect(relativeError(normalCdf(z!), cdf!)).toBeLessThan(1e-6);
    expect(relativeError(normalSf(z!), sf!)).toBeLessThan(1e-6);
  });

  it.each(reference.special.normalPpf)('ppf(%s) matches scipy.stats.norm.ppf', (p, expected) => {
    expect(relativeError(normalPpf(p!), expected!, 1e-6)).toBeLessThan(1e-6);
  });

  it.each(reference.special.normalIsf)('isf(%s) matches scipy.stats.norm.isf', (q, expected) => {
    expect(relativeError(normalIsf(q!), expected!, 1e-6)).toBeLessThan(1e-6);
  });

  it('inverts its own CDF to full precision', () => {
    for (const p of [1e-200, 1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]) {
      expect(relativeError(normalCdf(normalPpf(p)), p)).toBeLessThan(1e-13);
    }
  });

  it('has the right ends and refuses probabilities outside [0, 1]', () => {
    expect([normalPpf(0), normalPpf(1), normalPpf(0.5)]).toEqual([-Infinity, Infinity, 0]);
    expect(normalPpf(1.5)).toBeNaN();
    expect(normalIsf(-0.1)).toBeNaN();
    expect(normalSf(Number.NaN)).toBeNaN();
    expect([normalCdf(-Infinity), normalCdf(Infinity)]).toEqual([0, 1]);
  });
});
