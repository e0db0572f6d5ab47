/**
 * A reference profile keeps 101 percentiles of each numeric feature, not the raw values. Tests that need a sample
 * (KS, Wasserstein) use a pseudo-sample that follows those percentiles: exact at every percentile, linear between
 * them, so the reference ECDF is known to within one percentile.
 */

/**
 * `size` sorted values at quantiles i/(size−1) of the piecewise-linear quantile function through the percentiles
 * (for size = count this reproduces every percentile exactly as numpy would compute it from the pseudo-sample).
 * @example referenceSample([0, 1, 2, …, 100], 3) // Float64Array [0, 50, 100]
 */
export function referenceSample(percentiles: readonly number[], size: number): Float64Array {
  const last = percentiles.length - 1;
  if (size === 1) return Float64Array.of(percentiles[Math.floor(last / 2)]!);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const pos = (i / (size - 1)) * last;
    const j = Math.min(Math.floor(pos), last - 1);
    const t = pos - j;
    const a = percentiles[j]!;
    const b = percentiles[j + 1]!;
    out[i] = t === 0 ? a : t === 1 ? b : a + (b - a) * t;
  }
  return out;
}

/** Percentiles a feature needs to count as discrete: values repeated at ≥ 2 percentiles that cover ≥ 90 of them. */
const MAX_DISCRETE_VALUES = 5;
const DISCRETE_COVERAGE = 0.9;

/**
 * The values of a discrete feature (at most 5, as Evidently's "n_unique ≤ 5"), read from its percentiles: values that
 * repeat across percentiles are real atoms; a single percentile between two atoms is an interpolation artifact.
 * Null for a continuous feature.
 * @example discreteValues([0, 0, …, 0, 0.5, 1, …, 1]) // [0, 1]
 */
export function discreteValues(percentiles: readonly number[]): number[] | null {
  const counts = new Map<number, number>();
  for (const p of percentiles) counts.set(p, (counts.get(p) ?? 0) + 1);
  const atoms = [...counts].filter(([, n]) => n >= 2);
  const covered = atoms.reduce((s, [, n]) => s + n, 0);
  if (atoms.length === 0 || atoms.length > MAX_DISCRETE_VALUES || covered < DISCRETE_COVERAGE * percentiles.length) return null;
  return atoms.map(([v]) => v).sort((a, b) => a - b);
}

/** Index of the value in sorted `values` nearest to v (ties to the lower one). */
export function nearest(values: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i]! - v) < Math.abs(values[best]! - v)) best = i;
  return best;
}
