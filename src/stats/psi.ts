/** The population stability index between an expected (reference) and an actual binned distribution. */
import { histogram, quantileEdges } from './histogram.js';

/**
 * Proportion used for an empty bin, so that its log ratio stays finite (the value Evidently has long used).
 * @example psi([10, 0], [5, 5], { epsilon: PSI_EPSILON }) // the default, spelled out
 */
export const PSI_EPSILON = 1e-4;
/**
 * Ten quantile bins: the customary PSI binning (deciles of the reference).
 * @example psiOfSamples(reference, actual, { bins: PSI_BINS }) // the default, spelled out
 */
export const PSI_BINS = 10;

export interface PsiOptions {
  /** Replaces a zero proportion on either side. Default {@link PSI_EPSILON}. */
  readonly epsilon?: number;
}

/**
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over bins, with eᵢ and aᵢ the proportions of the expected and actual counts and a
 * zero proportion replaced by `epsilon`. Common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major.
 * Both count arrays must cover the same bins; an all-zero side is a caller bug (RangeError).
 * @example psi([25, 25, 25, 25], [10, 20, 30, 40]) // 0.22821740957339182
 */
export function psi(expectedCounts: readonly number[], actualCounts: readonly number[], options: PsiOptions = {}): number {
  if (expectedCounts.length !== actualCounts.length) throw new RangeError('psi needs counts over the same bins');
  const epsilon = options.epsilon ?? PSI_EPSILON;
  const expected = proportions(expectedCounts, epsilon);
  const actual = proportions(actualCounts, epsilon);
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += (actual[i]! - expected[i]!) * Math.log(actual[i]! / expected[i]!);
  return sum;
}

function proportions(counts: readonly number[], epsilon: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!(total > 0)) throw new RangeError('psi needs at least one count on each side');
  return counts.map((c) => (c === 0 ? epsilon : c / total));
}

export interface PsiSamplesOptions extends PsiOptions {
  /** Number of quantile bins of the reference. Default {@link PSI_BINS}. */
  readonly bins?: number;
}

/**
 * PSI of raw samples: quantile bins of the reference ({@link quantileEdges}), both samples counted with
 * {@link histogram} and `clip`, so actual values beyond the reference's range land in the end bins.
 * @example psiOfSamples([1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10, 11, 12], { bins: 4 }) // 4.4597… → major shift
 */
export function psiOfSamples(reference: ArrayLike<number>, actual: ArrayLike<number>, options: PsiSamplesOptions = {}): number {
  const edges = quantileEdges(reference, options.bins ?? PSI_BINS);
  const expected = histogram(reference, edges, { clip: true });
  return psi(expected, histogram(actual, edges, { clip: true }), options);
}
