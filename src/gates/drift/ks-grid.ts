/**
 * The two-sample KS statistic between a small sorted reference and a large unsorted sample, in about one pass without
 * sorting the large one (sorting a million values costs ~100 ms). Equal to
 * `ksStatistic(reference, sortNumbers(current))` (stats/ks-2samp.ts): between two distinct reference values the
 * reference ECDF is constant, so the largest gap in that interval is at its ends, which only needs how many current
 * values fall below, on, and between the reference values.
 */

/**
 * D and the number of (non-NaN) current values.
 * @example ksStatisticUnsorted(Float64Array.of(1, 2, 3), [3, 2, 4]) // { statistic: 0.33333333333333337, n: 3 }
 */
export function ksStatisticUnsorted(referenceSorted: Float64Array, current: ArrayLike<number>): { statistic: number; n: number } {
  const values: number[] = [];
  const below: number[] = [];
  for (let i = 0; i < referenceSorted.length; i++) {
    const v = referenceSorted[i]!;
    if (values.length === 0 || v !== values[values.length - 1]) values.push(v);
    below[values.length - 1] = i + 1;
  }
  const m = values.length;
  const grid = Float64Array.from(values);
  const locate = locator(grid);
  // gap[j]: current values strictly between values[j−1] and values[j] (gap[m]: above all); equal[j]: equal to values[j].
  const gap = new Float64Array(m + 1);
  const equal = new Float64Array(m);
  let n = 0;
  for (let i = 0; i < current.length; i++) {
    const v = current[i]!;
    if (v !== v) continue; // NaN
    n++;
    const j = locate(v);
    if (j < m && grid[j] === v) equal[j]!++;
    else gap[j]!++;
  }
  return { statistic: n === 0 ? Number.NaN : largestGap(gap, equal, below, referenceSorted.length, n), n };
}

/** Buckets per grid value in the lookup table: enough that a lookup rarely scans more than a step or two. */
const BUCKETS_PER_VALUE = 8;

/**
 * The first index j with grid[j] ≥ v (grid.length when none), through a table over equal-width buckets of the grid's
 * range and a short exact scan from the bucket's start: a binary search mispredicts a branch at every step and costs
 * as much as sorting a million values. The scan corrects any rounding in the bucket arithmetic.
 */
function locator(grid: Float64Array): (v: number) => number {
  const m = grid.length;
  const lo = grid[0]!;
  const hi = grid[m - 1]!;
  if (!(hi > lo)) return (v) => (v <= lo ? 0 : m);
  const size = Math.max(64, m * BUCKETS_PER_VALUE);
  const scale = size / (hi - lo);
  const start = new Uint32Array(size + 1);
  for (let b = 0, j = 0; b <= size; b++) {
    while (j < m && grid[j]! < lo + b / scale) j++;
    start[b] = j;
  }
  return (v) => {
    if (v <= lo) return 0;
    if (v > hi) return m;
    let j = start[Math.min(size, Math.floor((v - lo) * scale))]!;
    while (j > 0 && grid[j - 1]! >= v) j--;
    while (j < m && grid[j]! < v) j++;
    return j;
  };
}

function largestGap(gap: Float64Array, equal: Float64Array, below: readonly number[], k: number, n: number): number {
  let less = gap[0]!;
  let d = less / n;
  for (let j = 0; j < equal.length; j++) {
    const ref = below[j]! / k;
    const atOrBelow = less + equal[j]!;
    less = atOrBelow + gap[j + 1]!;
    d = Math.max(d, Math.abs(ref - atOrBelow / n), Math.abs(ref - less / n));
  }
  return Math.min(d, 1);
}
