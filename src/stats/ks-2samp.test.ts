import { describe, expect, it } from 'vitest';
import { ks2samp, ksStatistic, type KsMethod } from './index.js';
import reference from './reference/scipy-reference.json' with { type: 'json' };

/** Relative error with 1e-300 as the smallest scale: p-values are compared relatively down to 1e-300. */
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

const cases = reference.ks2samp.map((c) => ({ ...c, label: `${c.a.length} vs ${c.b.length}, ${c.method}` }));

describe('ks2samp', () => {
  it.each(cases)('matches scipy.stats.ks_2samp ($label)', ({ a, b, method, statistic, pValue, used }) => {
    const result = ks2samp(a, b, { method: method as KsMethod });
    expect(result.method).toBe(used);
    expect(relativeError(result.statistic, statistic)).toBeLessThan(1e-12);
    expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-6);
  });

  it('reaches p-values near 1e-300 exactly for completely separated samples', () => {
    const tiny = cases.filter((c) => c.pValue > 0 && c.pValue < 1e-200);
    expect(tiny.length).toBeGreaterThanOrEqual(2);
  });

  it('falls back to asymp when lcm(n1, n2) is too large for the exact lattice, as scipy does', () => {
    const a = Array.from({ length: 50_000 }, (_, i) => i / 50_000);
    const b = Array.from({ length: 49_999 }, (_, i) => (i + 0.5) / 49_999);
    const exact = ks2samp(a, b, { method: 'exact' });
    expect(exact.method).toBe('asymp');
    expect(exact).toEqual(ks2samp(a, b, { method: 'asymp' }));
  });

  it('answers n1 = n2 = 1 in asymp mode with n = 1 where scipy divides by round(0.5) = 0', () => {
    expect(ks2samp([0], [1], { method: 'asymp' })).toEqual({ statistic: 1, pValue: 0, method: 'asymp' });
  });

  it('refuses an empty sample', () => {
    expect(() => ks2samp([], [1])).toThrow(RangeError);
  });

  it('computes the statistic with right-continuous ECDFs across ties', () => {
    expect(ksStatistic(Float64Array.of(1, 2, 2, 3), Float64Array.of(2, 2, 2, 2))).toBe(0.25);
  });
});
