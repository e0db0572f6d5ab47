/**
 * The exact distribution of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ, as `scipy.stats.kstwo`,
 * choosing between methods by n and n·x² as Simard & L'Ecuyer (2011) recommend and scipy implements
 * (`scipy.stats._ksstats._kolmogn`): Ruben–Gambino closed forms at the ends, Durbin's matrix for small n·x²,
 * Pomeranz for moderate n·x² and n ≤ 140, 2·smirnov(n, x) in the upper tail, Pelz–Good for large n.
 */
import { durbinCdf } from './_durbin.js';
import { pelzGoodCdf } from './_pelz-good.js';
import { pomeranzCdf } from './_pomeranz.js';
import { smirnov } from './kolmogorov.js';

/** B₂ⱼ/(2j(2j−1)) for j = 8…1: Stirling's series coefficients, highest order first. */
const STIRLING = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];
const SMALL_N = 140;
const DURBIN_MAX_N = 100_000;

/**
 * P(Dₙ > x), as `scipy.stats.kstwo.sf(x, n)`. NaN unless n is a positive integer.
 * @example kstwoSf(10, 0.5) // 0.00777741 (= 2·smirnov(10, 0.5))
 */
export function kstwoSf(n: number, x: number): number {
  return kstwo(n, x, false);
}

/**
 * P(Dₙ ≤ x), as `scipy.stats.kstwo.cdf(x, n)`.
 * @example kstwoCdf(100, 0.1) // 0.7473072429936125
 */
export function kstwoCdf(n: number, x: number): number {
  return kstwo(n, x, true);
}

function kstwo(n: number, x: number, cdf: boolean): number {
  if (!(n >= 1 && Number.isInteger(n)) || Number.isNaN(x)) return Number.NaN;
  const pick = (cdfValue: number, sfValue: number) => clamp01(cdf ? cdfValue : sfValue);
  if (x >= 1) return pick(1, 0);
  if (x <= 0) return pick(0, 1);
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return pick(0, 1);
    const p = rubenGambinoLow(n, t);
    return pick(p, 1 - p);
  }
  if (t >= n - 1) {
    const p = 2 * (1 - x) ** n;
    return pick(1 - p, p);
  }
  if (x >= 0.5) return fromSf(2 * smirnov(n, x), cdf);
  return n <= SMALL_N ? smallN(n, x, cdf) : largeN(n, x, cdf);
}

function smallN(n: number, x: number, cdf: boolean): number {
  const nx2 = n * x * x;
  if (nx2 <= 0.754693) return fromCdf(durbinCdf(n, x), cdf);
  if (nx2 <= 4) return fromCdf(pomeranzCdf(n, x), cdf);
  return fromSf(2 * smirnov(n, x), cdf);
}

/** The survival function has its own cut-offs: the tail is computed directly rather than as 1 − CDF. */
function largeN(n: number, x: number, cdf: boolean): number {
  const nx2 = n * x * x;
  if (!cdf) {
    if (nx2 >= 370) return 0;
    if (nx2 >= 2.2) return clamp01(2 * smirnov(n, x));
  }
  if (nx2 >= 18) return fromCdf(1, cdf);
  if (n <= DURBIN_MAX_N && n * x ** 1.5 <= 1.4) return fromCdf(durbinCdf(n, x), cdf);
  return fromCdf(pelzGoodCdf(n, x), cdf);
}

/** n!/nⁿ·(2t − 1)ⁿ, exact for 1/2n < x ≤ 1/n; in logs (Stirling) past n = 140 where the product underflows. */
function rubenGambinoLow(n: number, t: number): number {
  if (n <= SMALL_N) {
    let p = 1;
    for (let i = 1; i <= n; i++) p *= i * (1 / n) * (2 * t - 1);
    return p;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/** log(n!/nⁿ) = log(n)/2 − n + log(2π)/2 + Σ B₂ⱼ/(2j(2j−1)n^(2j−1)), with n·log n removed up front. */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  let series = 0;
  for (const c of STIRLING) series = series * (r / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + r * series;
}

function fromCdf(cdfValue: number, cdf: boolean): number {
  return clamp01(cdf ? cdfValue : 1 - cdfValue);
}

function fromSf(sfValue: number, cdf: boolean): number {
  return clamp01(cdf ? 1 - sfValue : sfValue);
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
