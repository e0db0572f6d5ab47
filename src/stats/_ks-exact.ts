/**
 * Exact two-sided p-values of the two-sample Kolmogorov–Smirnov statistic by lattice-path counting, following
 * Hodges (1958) as scipy does: paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm(m, n).
 */

/**
 * P(D_{n,n} ≥ h/n) for equal sample sizes: 2·Σₖ (−1)^(k−1) C(2n, n−kh)/C(2n, n), each ratio a product of h simple
 * factors, nested Horner-style (P = 2A₀(1 − A₁(1 − A₂(…)))) so that the alternating sum does not cancel
 * (scipy's `_compute_prob_outside_square`).
 */
export function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * The proportion of lattice paths that do not stay strictly inside |nx − my| < h·g, computed column by column
 * with Viehmann's (2021) recursion for 1 − p directly, which stays accurate for tiny p-values (scipy's
 * `_compute_outer_prob_inside_method`). Only a sliding window of one column is kept: O(n) memory.
 */
export function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (column[jj + minJ - lastMinJ]! * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    // Entries that slid out of the band on the low side count as already-escaped paths.
    if (lastLength > currentLength) column.fill(1, currentLength, currentLength + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1]!;
}
