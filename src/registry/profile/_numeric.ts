import type { NumericFeatureProfile } from '../../contract/index.js';
import { PROFILE_BINS } from '../../core/index.js';
import { mean, quantileSorted, sortNumbers, std } from '../../stats/index.js';
import { presentCells, type NumericColumn } from './_column.js';

// i / 100 rather than a linspace so that percentiles[i] is bit for bit numpy.percentile(a, i).
const PERCENTILE_QS = Array.from({ length: 101 }, (_, i) => i / 100);

/** Moments, percentiles 0..100 and quantile bins of a numeric column with at least one present value. */
export function numericProfile(column: NumericColumn, rowCount: number): NumericFeatureProfile {
  const values = Float64Array.from(presentCells(column.cells));
  const sorted = sortNumbers(values);
  const edges = binEdges(sorted);
  return {
    name: column.name,
    type: 'numeric',
    count: values.length,
    missing: column.missing,
    missingRate: column.missing / rowCount,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: mean(values),
    std: std(values),
    edges,
    counts: binCounts(sorted, edges),
    percentiles: PERCENTILE_QS.map((q) => quantileSorted(sorted, q)),
  };
}

/**
 * Quantile edges at i / PROFILE_BINS, strictly increasing: repeated values collapse bins.
 * A constant column keeps one degenerate bin [c, c] so every profile has at least one bin.
 */
function binEdges(sorted: Float64Array): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= PROFILE_BINS; i++) {
    const edge = quantileSorted(sorted, i / PROFILE_BINS);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges.length === 1 ? [edges[0]!, edges[0]!] : edges;
}

/** counts[j] = #{edges[j] <= v < edges[j+1]}; the last bin is closed so that it holds the maximum. */
function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const starts = edges.slice(0, -1).map((edge) => lowerBound(sorted, edge));
  return starts.map((start, j) => (starts[j + 1] ?? sorted.length) - start);
}

/** Index of the first element >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
