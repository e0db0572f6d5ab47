/** Tests on counts: chi-square homogeneity of two categorical samples and the pooled two-proportion z-test. */
import { chiSquareSf } from './chi-square.js';
import { normalSf } from './normal.js';

export interface ChiSquareResult {
  readonly statistic: number;
  /** Degrees of freedom: the number of categories seen in either sample, minus one. */
  readonly df: number;
  readonly pValue: number;
}

/**
 * Chi-square test that two samples of counts over the same k categories come from one distribution: Pearson's
 * statistic on the 2×k table, as `scipy.stats.chi2_contingency([countsA, countsB], correction=False)`.
 * Categories empty in both samples are dropped (scipy would refuse their zero expected counts); with fewer than
 * two categories left, or an empty sample, there is nothing to test and the result is { statistic: 0, pValue: 1 }.
 * @example chiSquareHomogeneity([10, 20, 30], [15, 15, 30]) // { statistic: 1.7142857142857144, df: 2, pValue: 0.42437284567695 }
 */
export function chiSquareHomogeneity(countsA: readonly number[], countsB: readonly number[]): ChiSquareResult {
  if (countsA.length !== countsB.length) throw new RangeError('chiSquareHomogeneity needs counts over the same categories');
  const columns: [number, number][] = [];
  for (let j = 0; j < countsA.length; j++) {
    const a = countsA[j]!;
    const b = countsB[j]!;
    if (!(a >= 0 && b >= 0)) throw new RangeError(`counts must be non-negative (category ${j}: ${a}, ${b})`);
    if (a + b > 0) columns.push([a, b]);
  }
  const df = Math.max(columns.length - 1, 0);
  const totalA = columns.reduce((s, [a]) => s + a, 0);
  const totalB = columns.reduce((s, [, b]) => s + b, 0);
  if (df === 0 || totalA === 0 || totalB === 0) return { statistic: 0, df, pValue: 1 };
  const total = totalA + totalB;
  let statistic = 0;
  for (const [a, b] of columns) {
    const expectedA = (totalA * (a + b)) / total;
    const expectedB = (totalB * (a + b)) / total;
    statistic += (a - expectedA) ** 2 / expectedA + (b - expectedB) ** 2 / expectedB;
  }
  return { statistic, df, pValue: chiSquareSf(statistic, df) };
}

export interface ZTestResult {
  /** (p_B − p_A) / SE: positive when the second rate is higher. */
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
}

/**
 * Two-sided z-test for equal proportions with the pooled standard error √(p̂(1−p̂)(1/n_A + 1/n_B)); z² equals
 * the uncorrected chi-square statistic of the 2×2 table. When both samples are all-failure or all-success the
 * rates cannot differ: { z: 0, pValue: 1 }. Throws a RangeError for empty samples or impossible counts.
 * @example twoProportionZTest(10, 1000, 25, 1000) // { z: 2.557943557892809, pValue: 0.0105293… } — B's error rate is higher
 */
export function twoProportionZTest(successA: number, nA: number, successB: number, nB: number): ZTestResult {
  checkCount(successA, nA);
  checkCount(successB, nB);
  const pooled = (successA + successB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (successB / nB - successA / nA) / se;
  return { z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

function checkCount(successes: number, n: number): void {
  if (!(n > 0 && successes >= 0 && successes <= n)) throw new RangeError(`need 0 <= successes <= n and n > 0 (got ${successes} of ${n})`);
}
