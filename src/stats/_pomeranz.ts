/**
 * P(Dₙ ≤ x) by Pomeranz's recursion (1974), as scipy's `_kolmogn_Pomeranz`: 2n + 1 rows, each the convolution
 * of the previous row with one of three Poisson-like weight vectors; only a sliding window of each row is non-zero.
 */
import { ldexp } from './_scaling.js';

const SCALE_EXPONENT = 128;
const BIG = 2 ** SCALE_EXPONENT;
const SMALL = 2 ** -SCALE_EXPONENT;

interface Grid {
  readonly n: number;
  readonly ll: number;
  readonly ceilF: number;
  readonly roundF: number;
}

/** CDF of the two-sided one-sample statistic Dₙ at x (scipy uses it for n ≤ 140 and 0.75 < n·x² ≤ 4). */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const grid: Grid = { n, ll, ceilF: f > 0 ? 1 : 0, roundF: f > 0.5 ? 1 : 0 };
  const weights = weightVectors(n, Math.min(f, 1 - f), 2 * (ll + 1));
  let previous = new Float64Array(weights.g.length);
  let current = new Float64Array(weights.g.length);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1] = window(0, grid);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    const [nextJ1, j2] = window(i, grid);
    j1 = nextJ1;
    const powers = i === 1 || i === 2 * n + 1 ? weights.g : i % 2 === 1 ? weights.twoG : weights.oneMinusTwoG;
    const length = j2 - k1 + 1;
    if (length <= 0) continue;
    convolveWindow(previous, k1 - previousStart, length, powers, j1 - k1, j2 - j1 + 1, current);
    const max = current.reduce((a, b) => Math.max(a, b), 0);
    if (max > 0 && max < SMALL) {
      for (let j = 0; j < current.length; j++) current[j]! *= BIG;
      exponent -= SCALE_EXPONENT;
    }
    currentStart = previousStart + j1 - k1;
  }
  return finish(current[n - currentStart]!, n, exponent);
}

/** Multiply by n! (with rescaling) and undo the exponent carried through the recursion. */
function finish(value: number, n: number, exponent: number): number {
  let answer = value;
  let e = exponent;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > BIG) {
      answer *= SMALL;
      e += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, ldexp(answer, e)));
}

/** (g/n)^m/m!, (2g/n)^m/m! and ((1−2g)/n)^m/m! for m < count: Poisson weights without their normalisers. */
function weightVectors(n: number, g: number, count: number) {
  const vectors = { g: new Float64Array(count), twoG: new Float64Array(count), oneMinusTwoG: new Float64Array(count) };
  vectors.g[0] = vectors.twoG[0] = vectors.oneMinusTwoG[0] = 1;
  for (let m = 1; m < count; m++) {
    vectors.g[m] = (vectors.g[m - 1]! * (g / n)) / m;
    vectors.twoG[m] = (vectors.twoG[m - 1]! * ((2 * g) / n)) / m;
    vectors.oneMinusTwoG[m] = (vectors.oneMinusTwoG[m - 1]! * ((1 - 2 * g) / n)) / m;
  }
  return vectors;
}

/**
 * out[0..outLength) = (row[from..from+length) ∗ powers[0..length))[skip..skip+outLength), the slice of the full
 * convolution the next row keeps (both slices are cut at the end of their arrays, as numpy slicing does).
 */
function convolveWindow(
  row: Float64Array,
  from: number,
  length: number,
  powers: Float64Array,
  skip: number,
  outLength: number,
  out: Float64Array,
): void {
  const rowLength = Math.max(0, Math.min(length, row.length - from));
  const powerLength = Math.min(length, powers.length);
  for (let o = 0; o < outLength; o++) {
    const k = skip + o;
    let sum = 0;
    for (let i = Math.max(0, k - powerLength + 1); i <= Math.min(k, rowLength - 1); i++) sum += row[from + i]! * powers[k - i]!;
    out[o] = sum;
  }
}

/** The interval [j1, j2] of row i that can be non-zero (scipy's `_pomeranz_compute_j1j2`). */
function window(i: number, { n, ll, ceilF, roundF }: Grid): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    [j1, j2] = [-ll - ceilF - 1, ll + ceilF - 1];
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      [j1, j2] = half === n + 1 ? [n - ll - ceilF - 1, n + ll + ceilF - 1] : [half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1];
    } else {
      [j1, j2] = [half - 1 - ll - 1, half + ll + roundF - 1];
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
