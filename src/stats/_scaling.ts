/** Exact power-of-two scaling for algorithms that carry a binary exponent beside an over/underflowing value. */

/**
 * x · 2^e like C's ldexp, correct even when 2^e alone would over- or underflow (e = −1500 with x = 2^1200).
 * Multiplying by a power of two is exact until the result itself leaves the double range.
 */
export function ldexp(x: number, e: number): number {
  let value = x;
  let rest = e;
  while (rest > 1000) {
    value *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    value *= 2 ** -1000;
    rest += 1000;
  }
  return value * 2 ** rest;
}
