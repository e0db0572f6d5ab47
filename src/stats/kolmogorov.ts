/**
 * Kolmogorov's limiting distribution of √n·Dₙ (two-sided) and Smirnov's exact distribution of the one-sided
 * statistic Dₙ⁺, as `scipy.special.kolmogorov`, `kolmogc` and `smirnov`.
 */

/** Below this x the two-sided limit is computed with the theta-function series in e^(−π²/8x²) (van Mulbregt). */
const KOLMOGOROV_CUTOVER = 0.82;
/** exp() of anything below this is 0 in double precision. */
const MIN_EXP = -746;
const LOG_MIN = Math.log(Number.MIN_VALUE);
/** Past this n scipy uses an approximation instead of the exact sum; so do we. */
const SMIRNOV_MAX_N = 1_000_000;

/**
 * K̄(x) = P(√n·Dₙ > x) as n → ∞, the Kolmogorov survival function, as `scipy.special.kolmogorov(x)`.
 * @example kolmogorov(3.5) // 4.579469691291106e-11; kolmogorov(1.3580986393225507) ≈ 0.05
 */
export function kolmogorov(x: number): number {
  return kolmogorovBoth(x).sf;
}

/**
 * K(x) = 1 − K̄(x), as `scipy.special.kolmogc(x)`, precise where K is tiny (x near 0).
 * @example kolmogorovCdf(0.5) // 0.036054756335124914
 */
export function kolmogorovCdf(x: number): number {
  return kolmogorovBoth(x).cdf;
}

function kolmogorovBoth(x: number): { sf: number; cdf: number } {
  if (Number.isNaN(x)) return { sf: Number.NaN, cdf: Number.NaN };
  if (x <= Math.PI / Math.sqrt(-MIN_EXP * 8)) return { sf: 1, cdf: 0 };
  if (x <= KOLMOGOROV_CUTOVER) {
    const cdf = smallXCdf(x);
    return { sf: clamp01(1 - cdf), cdf: clamp01(cdf) };
  }
  const sf = largeXSf(x);
  return { sf: clamp01(sf), cdf: clamp01(1 - sf) };
}

/** K(x) = √(2π)/x · Σₖ u^((2k−1)²), u = e^(−π²/8x²); three terms reach double precision below the cutover. */
function smallXCdf(x: number): number {
  const w = Math.sqrt(2 * Math.PI) / x;
  const logU8 = (-Math.PI * Math.PI) / (x * x);
  const u = Math.exp(logU8 / 8);
  if (u === 0) return Math.exp(logU8 / 8 + Math.log(w));
  const u8 = Math.exp(logU8);
  let p = 1 + u8 ** 3;
  p = 1 + u8 * u8 * p;
  p = 1 + u8 * p;
  return w * u * p;
}

/** K̄(x) = 2 Σₖ (−1)^(k−1) v^(k²), v = e^(−2x²), nested as 2v(1 − v³(1 − v⁵(1 − v⁷))). */
function largeXSf(x: number): number {
  const v = Math.exp(-2 * x * x);
  const v3 = v ** 3;
  let p = 1 - v3 * v3 * v;
  p = 1 - v3 * v * v * p;
  p = 1 - v3 * p;
  return 2 * v * p;
}

/**
 * P(Dₙ⁺ > x), the exact one-sided Kolmogorov–Smirnov survival function, as `scipy.special.smirnov(n, x)`:
 * the Birnbaum–Tingey sum Σᵥ C(n,v)·x·(x+v/n)^(v−1)·(1−x−v/n)^(n−v), each term in logs so that neither the
 * binomial nor the powers overflow. For n > 10⁶ it uses scipy's approximation e^(−(6nx+1)²/18n).
 * @example smirnov(10, 0.3) // 0.1354635556
 */
export function smirnov(n: number, x: number): number {
  if (!(n >= 1 && Number.isInteger(n) && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  if (n * x <= 1) return 1 - x * Math.exp((n - 1) * Math.log1p(x));
  if (-2 * n * x * x < LOG_MIN) return 0;
  if (n * x >= n - 1) return Math.exp(n * Math.log1p(-x));
  if (n > SMIRNOV_MAX_N) return Math.exp(-((6 * n * x + 1) ** 2) / 18 / n);
  return birnbaumTingey(n, x);
}

function birnbaumTingey(n: number, x: number): number {
  const last = Math.floor(n * (1 - x));
  const logX = Math.log(x);
  // log C(n, v) grows to ~n·log 2 while the terms that matter are tiny: sum it with Kahan compensation, or the
  // rounding of ~10⁵ additions shows up at 1e-9 in the result.
  let logBinomial = 0;
  let compensation = 0;
  let sum = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (let v = 0; v <= last; v++) {
    const term = Math.exp(logBinomial - compensation + logX + logTermPowers(n, x, v));
    sum += term;
    // Terms fall off geometrically once past their peak: stop when the rest cannot reach the last bit.
    if (term < previous && 4 * (last - v) * term < Number.EPSILON * sum) break;
    previous = term;
    const step = Math.log((n - v) / (v + 1)) - compensation;
    const next = logBinomial + step;
    compensation = next - logBinomial - step;
    logBinomial = next;
  }
  return clamp01(sum);
}

/** (v−1)·log(x+v/n) + (n−v)·log(1−x−v/n), with log1p where 1−x−v/n is close to 1. */
function logTermPowers(n: number, x: number, v: number): number {
  const t = x + v / n;
  const w = (n - v) / n - x;
  if (w <= 0) return Number.NEGATIVE_INFINITY;
  const rest = t < 0.5 ? Math.log1p(-t) : Math.log(w);
  return (v - 1) * Math.log(t) + (n - v) * rest;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
