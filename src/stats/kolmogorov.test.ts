import { describe, expect, it } from 'vitest';
import { kolmogorov, kolmogorovCdf, kstwoCdf, kstwoSf, smirnov } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error with 1e-300 as the smallest scale: probabilities are compared relatively down to 1e-300. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

describe('kolmogorov (limiting two-sided distribution)', () => {
  it.each(reference.special.kolmogorov)('sf and cdf at %s match scipy.special.kolmogorov / kolmogc', (x, sf, cdf) => {
    expect(relativeError(kolmogorov(x!), sf!)).toBeLessThan(1e-6);
    expect(relativeError(kolmogorovCdf(x!), cdf!)).toBeLessThan(1e-6);
  });

  it('is 1 at and below 0 and NaN for NaN', () => {
    expect([kolmogorov(0), kolmogorov(-1), kolmogorovCdf(0)]).toEqual([1, 1, 0]);
    expect(kolmogorov(Number.NaN)).toBeNaN();
  });
});

describe('smirnov (exact one-sided distribution)', () => {
  it.each(reference.special.smirnov)('smirnov(%s, %s) matches scipy.special.smirnov', (n, x, sf) => {
    expect(relativeError(smirnov(n!, x!), sf!)).toBeLessThan(1e-6);
  });

  it('handles the ends and refuses a non-integer n', () => {
    expect([smirnov(5, 0), smirnov(5, 1), smirnov(1, 0.3)]).toEqual([1, 0, 0.7]);
    expect(smirnov(2.5, 0.1)).toBeNaN();
    expect(smirnov(3, 1.1)).toBeNaN();
  });
});

describe('kstwo (exact two-sided one-sample distribution)', () => {
  // The grid crosses every method: Ruben–Gambino ends, Durbin, Pomeranz, 2·smirnov and Pelz–Good.
  it.each(reference.special.kstwo)('sf and cdf for n = %s at %s match scipy.stats.kstwo', (n, x, sf, cdf) => {
    expect(relativeError(kstwoSf(n!, x!), sf!)).toBeLessThan(1e-6);
    expect(relativeError(kstwoCdf(n!, x!), cdf!)).toBeLessThan(1e-6);
  });

  it('is 1/0 outside (0, 1) and NaN for a bad n', () => {
    expect([kstwoSf(10, 0), kstwoSf(10, 1), kstwoCdf(10, 1)]).toEqual([1, 0, 1]);
    expect(kstwoSf(0, 0.5)).toBeNaN();
    expect(kstwoSf(10, Number.NaN)).toBeNaN();
  });
});
