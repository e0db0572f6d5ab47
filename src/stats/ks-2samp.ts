/**
 * The two-sample Kolmogorov–Smirnov test (two-sided), with the same statistic and p-values as
 * `scipy.stats.ks_2samp(a, b, method=…)` in scipy 1.10.
 */
import { probOutsideBand, probOutsideSquare } from './_ks-exact.js';
import { kstwoSf } from './kstwo.js';
import { sortNumbers } from './quantile.js';

/** `auto` is exact while both samples have at most this many values, as in scipy. */
const MAX_AUTO_N = 10_000;
const INT32_MAX = 2 ** 31 - 1;

export type KsMethod = 'exact' | 'asymp' | 'auto';

export interface KsOptions {
  /** Default `auto`: exact up to 10,000 values per sample, asymptotic above. */
  readonly method?: KsMethod;
}

export interface KsResult {
  /** D = sup |F_a − F_b|; in exact mode rounded to the lattice h/lcm(n_a, n_b), as scipy returns it. */
  readonly statistic: number;
  readonly pValue: number;
  /** The method actually used: `exact` falls back to `asymp` when lcm(n_a, n_b) is too large, as in scipy. */
  readonly method: 'exact' | 'asymp';
}

/**
 * Two-sided two-sample KS test. `exact` counts lattice paths (Hodges; scipy's `_compute_prob_outside_square` for
 * equal sizes and the band recursion otherwise); `asymp` is what scipy calls asymptotic: the one-sample exact
 * distribution `kstwo.sf(D, round(n·m/(n+m)))`, not Kolmogorov's limit. NaN values are not allowed (sort them out
 * first); an empty sample is a caller bug and throws a RangeError.
 * @example ks2samp([1, 2, 3, 4], [5, 6, 7, 8]) // { statistic: 1, pValue: 0.028571428571428577, method: 'exact' }
 */
export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>, options: KsOptions = {}): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks2samp needs two non-empty samples');
  return ksPValue(n1, n2, ksStatistic(sortNumbers(a), sortNumbers(b)), options);
}

/**
 * The p-value step of {@link ks2samp} for a statistic computed elsewhere (e.g. without sorting a large sample):
 * the same method choice, lattice rounding and p-value as `ks2samp` would give for samples of sizes n1 and n2
 * whose statistic is `d`.
 * @example ksPValue(4, 4, 1) // { statistic: 1, pValue: 0.028571428571428577, method: 'exact' }
 */
export function ksPValue(n1: number, n2: number, d: number, options: KsOptions = {}): KsResult {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError('ksPValue needs two non-empty samples');
  const g = gcd(n1, n2);
  let method = options.method ?? 'auto';
  if (method === 'auto') method = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) method = 'asymp';
  if (method === 'exact') {
    const exact = exactTest(n1, n2, g, d);
    if (exact !== null) return { ...exact, method: 'exact' };
  }
  return { statistic: d, pValue: asymptoticP(n1, n2, d), method: 'asymp' };
}

/**
 * D = max |F_a(v) − F_b(v)| over all observed v for two ascending samples, with right-continuous ECDFs (scipy's
 * `searchsorted(side='right')`), so ties across samples are handled as scipy handles them.
 * @example ksStatistic(Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 4)) // 0.33333333333333337
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let max = 0;
  let min = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < a.length && a[i]! <= v) i++;
    while (j < b.length && b[j]! <= v) j++;
    const diff = i / a.length - j / b.length;
    if (diff > max) max = diff;
    if (diff < min) min = diff;
  }
  return Math.max(max, Math.min(-min, 1));
}

/** Exact p-value on the lattice h = round(d·lcm); null when the count leaves [0, 1] (scipy then goes asymptotic). */
function exactTest(n1: number, n2: number, g: number, d: number): { statistic: number; pValue: number } | null {
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return p >= 0 && p <= 1 ? { statistic, pValue: p } : null;
}

/** kstwo.sf(d, round(n·m/(n+m))), numpy's round-half-even included; floored at 1 where scipy would give NaN. */
function asymptoticP(n1: number, n2: number, d: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = roundHalfEven((m * n) / (m + n));
  return Math.min(1, Math.max(0, kstwoSf(Math.max(en, 1), d)));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
