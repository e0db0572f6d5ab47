/**
 * Binning of raw values: quantile bin edges from a reference sample and counts against edges, with one rule for
 * the whole code base — bin j holds edges[j] ≤ v < edges[j+1], and the last bin is closed so it holds the maximum
 * (numpy.histogram's rule).
 */
import { quantileSorted, sortNumbers } from './quantile.js';

export interface HistogramOptions {
  /**
   * Count values below the first edge in the first bin and values above the last edge in the last bin instead of
   * dropping them (numpy drops them). Drift checks want this: new values outside the reference range are drift.
   */
  readonly clip?: boolean;
}

/**
 * Counts of `values` in the bins delimited by ascending `edges` (edges.length − 1 bins, at least one); NaN values
 * are never counted. Binary search per value: O(n log bins).
 * @example histogram([0, 0.5, 1, 1.5, 2, 7], [0, 1, 2]) // [2, 3]; with { clip: true } → [2, 4]
 */
export function histogram(values: ArrayLike<number>, edges: readonly number[], options: HistogramOptions = {}): number[] {
  const bins = edges.length - 1;
  if (bins < 1) throw new RangeError('histogram needs at least two edges');
  const counts = new Array<number>(bins).fill(0);
  const first = edges[0]!;
  const last = edges[bins]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= first && v <= last) counts[binOf(edges, v)]!++;
    else if (options.clip === true && v < first) counts[0]!++;
    else if (options.clip === true && v > last) counts[bins - 1]!++;
  }
  return counts;
}

/** The last j with edges[j] ≤ v, capped at the last bin so that v = last edge lands in it. */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Edges at the reference's quantiles i/bins (numpy's linear quantiles), made strictly increasing by dropping
 * repeats, so a heavily tied reference gets fewer, wider bins; a constant reference keeps one bin [c, c].
 * Throws a RangeError for an empty reference or bins < 1.
 * @example quantileEdges([1, 2, 3, 4, 5], 4) // [1, 2, 3, 4, 5]
 */
export function quantileEdges(reference: ArrayLike<number>, bins: number): number[] {
  if (!(bins >= 1 && Number.isInteger(bins))) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  const sorted = sortNumbers(reference);
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    const edge = quantileSorted(sorted, i / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges.length === 1 ? [edges[0]!, edges[0]!] : edges;
}
