/**
 * The standard normal distribution: CDF, survival function and their inverses, accurate in the far tails
 * (normalSf(30) ≈ 4.9e-198, normalPpf(1e-300) ≈ −37.0) because each tail comes from the incomplete gamma
 * function Q(½, z²/2) = erfc(|z|/√2) instead of from 1 − CDF.
 */
import { regularizedGammaP, regularizedGammaQ } from './gamma.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Φ(z) = P(Z ≤ z), as `scipy.stats.norm.cdf`.
 * @example normalCdf(1.959963984540054) // 0.9749999999999999
 */
export function normalCdf(z: number): number {
  return normalSf(-z);
}

/**
 * 1 − Φ(z) = P(Z > z), as `scipy.stats.norm.sf`, without cancellation for large z.
 * @example normalSf(30) // 4.906713927147908e-198
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const half = (z * z) / 2;
  // The smaller tail comes straight from Q; the larger one is ½ + ½P, which never cancels.
  return z >= 0 ? 0.5 * regularizedGammaQ(0.5, half) : 0.5 + 0.5 * regularizedGammaP(0.5, half);
}

/**
 * Φ⁻¹(p), as `scipy.stats.norm.ppf`: Acklam's rational approximation (1e-9) polished by one Halley step against
 * {@link normalCdf}, which brings it to full double precision. −∞ at 0, +∞ at 1, NaN outside [0, 1].
 * @example normalPpf(0.99) // 2.3263478740408403 (scipy: 2.3263478740408408)
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Work in the lower tail, where p itself (not 1 − p) carries the precision.
  return p > 0.5 ? -lowerTailQuantile(1 - p) : lowerTailQuantile(p);
}

/**
 * The inverse survival function Φ⁻¹(1 − q), as `scipy.stats.norm.isf`, precise for tiny q.
 * @example normalIsf(1e-10) // 6.361340902404056
 */
export function normalIsf(q: number): number {
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  return -normalPpf(q);
}

/** Quantile for 0 < p ≤ ½ (a non-positive z). */
function lowerTailQuantile(p: number): number {
  const x = acklam(p);
  const density = Math.exp((-x * x) / 2) / SQRT_2PI;
  if (!(density > 0)) return x;
  // Halley's step on Φ(x) − p; Φ(x) for x ≤ 0 is the upper tail at −x, so it keeps relative precision.
  const u = (normalSf(-x) - p) / density;
  return x - u / (1 + (x * u) / 2);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Acklam's approximation for 0 < p ≤ ½: central rational function, tail one in sqrt(−2 log p). */
function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return polynomial(C, q) / (polynomial(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (polynomial(A, r) * q) / (polynomial(B, r) * r + 1);
}

/** Horner evaluation, highest coefficient first. */
function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (const c of coefficients) sum = sum * x + c;
  return sum;
}
