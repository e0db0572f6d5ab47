/** The first Wasserstein (earth mover's) distance between two samples, raw and normalized as Evidently uses it. */
import { sortNumbers } from './quantile.js';

/**
 * Floor of the reference spread in {@link wassersteinNormalized}, as in Evidently, so a constant reference does not
 * divide by 0.
 * @example wassersteinNormalized([5, 5, 5], [5, 6]) // 0.5 / WASSERSTEIN_MIN_SCALE = 500
 */
export const WASSERSTEIN_MIN_SCALE = 0.001;

/**
 * W₁(u, v) = ∫ |F_u − F_v| dx between the empirical distributions of two samples, as
 * `scipy.stats.wasserstein_distance(u, v)` (unweighted). Empty samples are a caller bug (RangeError).
 * @example wasserstein1([0, 1, 3], [5, 6, 8]) // 5
 */
export function wasserstein1(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length === 0 || v.length === 0) throw new RangeError('wasserstein1 needs two non-empty samples');
  const us = sortNumbers(u);
  const vs = sortNumbers(v);
  let i = 0;
  let j = 0;
  let sum = 0;
  let previous = Math.min(us[0]!, vs[0]!);
  // Walk the pooled values in order; between two consecutive ones both ECDFs are constant.
  while (i < us.length || j < vs.length) {
    const x = j >= vs.length || (i < us.length && us[i]! <= vs[j]!) ? us[i]! : vs[j]!;
    sum += Math.abs(i / us.length - j / vs.length) * (x - previous);
    while (i < us.length && us[i] === x) i++;
    while (j < vs.length && vs[j] === x) j++;
    previous = x;
  }
  return sum;
}

/**
 * W₁ divided by the reference's population standard deviation (ddof = 0, numpy's default), floored at
 * {@link WASSERSTEIN_MIN_SCALE}: Evidently's "Wasserstein distance (normed)", whose drift threshold is 0.1 — a shift
 * of a tenth of a standard deviation. Unit-free, so one threshold fits every numeric feature.
 * @example wassersteinNormalized([0, 1, 2, 3], [1, 2, 3, 4]) // 0.8944271909999159 (= 1 / 1.118…)
 */
export function wassersteinNormalized(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wasserstein1(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_MIN_SCALE);
}

function populationStd(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / values.length);
}
