import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSf, logGamma, regularizedGammaP, regularizedGammaQ } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error; `floor` is the smallest scale (1e-300 for probabilities; 1e-6 gives 1e-12 absolute near 0). */
const relativeError = (actual: number, expected: number, floor = 1e-300) =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);

describe('logGamma', () => {
  it.each(reference.special.logGamma)('matches scipy.special.gammaln(%s)', (x, expected) => {
    expect(relativeError(logGamma(x!), expected!, 1e-6)).toBeLessThan(1e-6);
  });

  it('is +Infinity at the poles and NaN for NaN', () => {
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(Number.NaN)).toBeNaN();
  });
});

describe('regularized incomplete gamma', () => {
  it.each(reference.special.gamma)('P and Q(%s, %s) match scipy.special.gammainc / gammaincc', (a, x, p, q) => {
    expect(relativeError(regularizedGammaP(a!, x!), p!)).toBeLessThan(1e-6);
    expect(relativeError(regularizedGammaQ(a!, x!), q!)).toBeLessThan(1e-6);
  });

  it('handles the ends and refuses a ≤ 0 or x < 0', () => {
    expect([regularizedGammaP(2, 0), regularizedGammaQ(2, 0)]).toEqual([0, 1]);
    expect([regularizedGammaP(2, Infinity), regularizedGammaQ(2, Infinity)]).toEqual([1, 0]);
    expect(regularizedGammaP(0, 1)).toBeNaN();
    expect(regularizedGammaQ(1, -1)).toBeNaN();
  });
});

describe('chi-square distribution', () => {
  it.each(reference.special.chiSquare)('cdf and sf(%s, df %s) match scipy.stats.chi2', (x, k, cdf, sf) => {
    expect(relativeError(chiSquareCdf(x!, k!), cdf!)).toBeLessThan(1e-6);
    expect(relativeError(chiSquareSf(x!, k!), sf!)).toBeLessThan(1e-6);
  });

  it('keeps the far upper tail that 1 − cdf loses', () => {
    // scipy 1.10: stats.chi2.sf(200, 3) -> 4.218541107192018e-43
    expect(relativeError(chiSquareSf(200, 3), 4.218541107192018e-43)).toBeLessThan(1e-12);
    expect(1 - chiSquareCdf(200, 3)).toBe(0);
  });

  it('is 0/1 at x ≤ 0 and NaN for df ≤ 0', () => {
    expect([chiSquareCdf(0, 3), chiSquareSf(-1, 3)]).toEqual([0, 1]);
    expect(chiSquareSf(1, 0)).toBeNaN();
  });
});
