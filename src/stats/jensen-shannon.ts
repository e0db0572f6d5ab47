/** The Jensen–Shannon distance between two discrete distributions. */

/**
 * √(JSD(p‖q)) with logarithms in `base` (default 2, which bounds it by 1), as
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: p and q are normalized to sum 1 first, so raw counts work.
 * Bins empty on both sides contribute nothing. Arrays of different lengths or an all-zero side are caller bugs.
 * @example jensenShannon([1, 0], [0, 1]) // 1; jensenShannon([0.5, 0.5], [0.5, 0.5]) // 0
 */
export function jensenShannon(p: readonly number[], q: readonly number[], base = 2): number {
  if (p.length !== q.length) throw new RangeError('jensenShannon needs distributions over the same bins');
  const pn = normalize(p);
  const qn = normalize(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    left += relativeEntropy(pn[i]!, m);
    right += relativeEntropy(qn[i]!, m);
  }
  return Math.sqrt((left + right) / Math.log(base) / 2);
}

/** scipy.special.rel_entr: x·ln(x/y), 0 when x = 0. */
function relativeEntropy(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

function normalize(values: readonly number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  if (!(total > 0)) throw new RangeError('jensenShannon needs a positive total on each side');
  return values.map((v) => v / total);
}
