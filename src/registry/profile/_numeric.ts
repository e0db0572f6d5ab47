import type { NumericFeatureProfile } from '../../contract/index.js';
import { PROFILE_BINS } from '../../core/index.js';
import { histogram, mean, quantileEdges, quantileSorted, sortNumbers, std } from '../../stats/index.js';
import { presentCells, type NumericColumn } from './_column.js';

// i / 100 rather than a linspace so that percentiles[i] is bit for bit numpy.percentile(a, i).
const PERCENTILE_QS = Array.from({ length: 101 }, (_, i) => i / 100);

/** Moments, percentiles 0..100 and quantile bins of a numeric column with at least one present value. */
export function numericProfile(column: NumericColumn, rowCount: number): NumericFeatureProfile {
  const values = Float64Array.from(presentCells(column.cells));
  const sorted = sortNumbers(values);
  // The same binning rule drift monitoring uses later (stats/histogram.ts): a constant column keeps one [c, c] bin.
  const edges = quantileEdges(sorted, PROFILE_BINS);
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
    counts: histogram(sorted, edges),
    percentiles: PERCENTILE_QS.map((q) => quantileSorted(sorted, q)),
  };
}
