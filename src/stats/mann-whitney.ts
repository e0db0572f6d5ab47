/**
 * The Mann–Whitney U test, two-sided, with the normal approximation, tie correction and continuity correction of
 * `scipy.stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True)`.
 */
import { normalSf } from './normal.js';
import { sortNumbers } from './quantile.js';

export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting one half. */
  readonly u: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/**
 * Two-sided Mann–Whitney U test of x against y. The variance is corrected for ties
 * (n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))) and the statistic max(U₁, U₂) is moved ½ towards the mean. When every
 * value is tied there is no evidence either way: pValue 1. Empty samples are a caller bug (RangeError).
 * O((n₁+n₂) log(n₁+n₂)) time; ties across the samples are found on the two sorted copies.
 * @example mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) // { u: 0, pValue: 0.012185780355344808 }
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const { rankSumX, tieTerm } = rankSums(sortNumbers(x), sortNumbers(y));
  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const n = n1 + n2;
  const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(s > 0)) return { u: u1, pValue: 1 };
  const z = (u - (n1 * n2) / 2 - 0.5) / s;
  return { u: u1, pValue: Math.min(1, 2 * normalSf(z)) };
}

/** Sum of x's average ranks in the pooled sample and Σ(t³ − t) over groups of tied values. */
function rankSums(xs: Float64Array, ys: Float64Array): { rankSumX: number; tieTerm: number } {
  let i = 0;
  let j = 0;
  let rankSumX = 0;
  let tieTerm = 0;
  while (i < xs.length || j < ys.length) {
    const v = j >= ys.length || (i < xs.length && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    const start = i + j;
    let inX = 0;
    while (i < xs.length && xs[i] === v) {
      i++;
      inX++;
    }
    while (j < ys.length && ys[j] === v) j++;
    const t = i + j - start;
    rankSumX += inX * (start + (t + 1) / 2);
    tieTerm += t ** 3 - t;
  }
  return { rankSumX, tieTerm };
}
