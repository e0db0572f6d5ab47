/**
 * Quantiles the way numpy computes them by default (`method='linear'`, Hyndman & Fan type 7), so that
 * profiles built here agree with what a data scientist sees in a notebook. Pure and browser-safe.
 */

/**
 * A sorted copy of `values` as a Float64Array (typed-array sort is numeric, unlike `Array.prototype.sort`).
 * @example sortNumbers([3, 1, 2]) // Float64Array [1, 2, 3]
 */
export function sortNumbers(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of an ascending array, interpolating linearly between neighbours exactly as
 * `numpy.quantile(a, q)` does, including numpy's two-sided lerp so results match it bit for bit.
 * Throws a RangeError for an empty array or a `q` outside [0, 1]: both are caller bugs.
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5, like numpy.percentile([1, 2, 3, 4], 50)
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty array');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1]!;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const t = h - lo;
  // numpy interpolates from the nearer end so that t=1 gives b exactly and the result stays monotone in t.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Several quantiles of unsorted values, sorting once.
 * @example quantiles([4, 1, 3, 2], [0, 0.5, 1]) // [1, 2.5, 4]
 */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = sortNumbers(values);
  return qs.map((q) => quantileSorted(sorted, q));
}

/**
 * Arithmetic mean; NaN for no values.
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/**
 * Sample standard deviation (ddof = 1, like `numpy.std(a, ddof=1)` and pandas' default), two-pass for accuracy.
 * Returns 0 for fewer than two values, where the sample deviation is undefined but "no spread" is the useful answer.
 * @example std([1, 2, 3, 4]) // 1.2909944487358056
 */
export function std(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - m) ** 2;
  return Math.sqrt(squares / (n - 1));
}
