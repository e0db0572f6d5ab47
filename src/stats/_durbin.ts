/**
 * P(Dₙ ≤ d) by Durbin's matrix algorithm as Marsaglia, Tsang & Wang (2003) evaluate it: the k-th diagonal entry of
 * (n!/nⁿ)·Hⁿ for an m×m matrix H, m = 2k − 1, k = ⌈nd⌉. Cost O(m³ log n): scipy (and we) use it only for small m.
 */
import { ldexp } from './_scaling.js';

/** Rescale by 2^±128 whenever an entry leaves [2^−128, 2^128], keeping the exponent aside. */
const SCALE_EXPONENT = 128;
const BIG = 2 ** SCALE_EXPONENT;
const SMALL = 2 ** -SCALE_EXPONENT;

/** CDF of the two-sided one-sample statistic Dₙ at d. */
export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  const { value, exponent } = matrixPowerEntry(initialMatrix(m, k - nd), n, k - 1);
  let p = value;
  let e = exponent;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SMALL) {
      p *= BIG;
      e -= SCALE_EXPONENT;
    }
  }
  return Math.min(1, Math.max(0, ldexp(p, e)));
}

/** H: ones on and below the first superdiagonal scaled by 1/j!, first column and last row from (1 − hʲ)/j!. */
function initialMatrix(m: number, h: number): Float64Array {
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * factorial;
  const matrix = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) matrix[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) matrix[r * m] = v[r]!;
  for (let c = 0; c < m; c++) matrix[(m - 1) * m + c] = v[m - 1 - c]!;
  return matrix;
}

/** Entry (index, index) of Hⁿ by repeated squaring, with the scaling exponent kept separately. */
function matrixPowerEntry(h: Float64Array, n: number, index: number): { value: number; exponent: number } {
  const m = Math.round(Math.sqrt(h.length));
  let base = h;
  let power = identity(m);
  let exponent = 0;
  let baseExponent = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      power = multiply(power, base, m);
      exponent += baseExponent;
    }
    base = multiply(base, base, m);
    baseExponent *= 2;
    if (Math.abs(base[index * m + index]!) > BIG) {
      for (let i = 0; i < base.length; i++) base[i]! /= BIG;
      baseExponent += SCALE_EXPONENT;
    }
  }
  return { value: power[index * m + index]!, exponent };
}

function identity(m: number): Float64Array {
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i++) matrix[i * m + i] = 1;
  return matrix;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}
