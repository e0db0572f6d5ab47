/** The chi-square distribution with k degrees of freedom, through the regularized incomplete gamma functions. */
import { regularizedGammaP, regularizedGammaQ } from './gamma.js';

/**
 * P(X ≤ x) for X ~ χ²(k), as `scipy.stats.chi2.cdf(x, k)`. NaN for k ≤ 0; 0 for x ≤ 0.
 * @example chiSquareCdf(3.841458820694124, 1) // 0.9499999999999998
 */
export function chiSquareCdf(x: number, k: number): number {
  if (!(k > 0) || Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 0 : regularizedGammaP(k / 2, x / 2);
}

/**
 * P(X > x) for X ~ χ²(k), as `scipy.stats.chi2.sf(x, k)`, computed in the upper tail itself.
 * @example chiSquareSf(200, 3) // 4.218541107192018e-43 (libraries that return 1 − cdf give 0)
 */
export function chiSquareSf(x: number, k: number): number {
  if (!(k > 0) || Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 1 : regularizedGammaQ(k / 2, x / 2);
}
