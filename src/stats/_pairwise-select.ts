/**
 * Order statistics of the n·m pairwise differences y[j] − x[i] of two ascending samples, without storing them:
 * O(n + m) memory and O((n + m)·log) time, so a Hodges–Lehmann interval on a million values per arm needs no
 * subsampling. The k-th smallest difference is found by bisecting a bracket of doubles (exact: ties and rounding
 * are those of the computed differences) until few enough differences remain in it to list and sort them.
 */

const floats = new Float64Array(1);
const bits = new BigInt64Array(floats.buffer);
const MAGNITUDE = 0x7fffffffffffffffn;
const SIGN = 1n << 63n;

/** A bigint that orders like the double it encodes (−0 and +0 share 0n). */
function toKey(d: number): bigint {
  floats[0] = d;
  const b = bits[0]!;
  return b < 0n ? -(b & MAGNITUDE) : b;
}

function fromKey(k: bigint): number {
  bits[0] = k < 0n ? -k | SIGN : k;
  return floats[0]!;
}

/**
 * #{(i, j): y[j] − x[i] ≤ d}. Floating-point subtraction is monotone, so for ascending x the qualifying j form a
 * growing prefix of y and one forward pointer suffices.
 */
export function countAtMost(x: Float64Array, y: Float64Array, d: number): number {
  let j = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    while (j < y.length && y[j]! - x[i]! <= d) j++;
    count += j;
  }
  return count;
}

/** The k-th smallest (1-based) of all y[j] − x[i], exactly as a sort of the materialized differences would give. */
export function kthDifference(x: Float64Array, y: Float64Array, k: number): number {
  // Listing and sorting the last candidates costs more per element than a counting pass: keep the list short.
  const limit = Math.max(1024, Math.ceil((x.length + y.length) / 8));
  let lo = toKey(y[0]! - x[x.length - 1]!) - 1n;
  let hi = toKey(y[y.length - 1]! - x[0]!);
  let countLo = 0;
  let countHi = x.length * y.length;
  for (let step = 0; hi - lo > 1n && countHi - countLo > limit; step++) {
    const mid = probe({ lo, hi, countLo, countHi }, k, limit, step);
    const count = countAtMost(x, y, fromKey(mid));
    if (count >= k) [hi, countHi] = [mid, count];
    else [lo, countLo] = [mid, count];
  }
  if (hi - lo === 1n) return fromKey(hi);
  const between = differencesBetween(x, y, fromKey(lo), fromKey(hi), countHi - countLo);
  return between.sort()[k - countLo - 1]!;
}

interface Bracket {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly countLo: number;
  readonly countHi: number;
}

/**
 * The next value to count at. Mostly interpolation on the counts, aimed alternately just below and just above rank
 * k so both ends close in on it (ordinary data takes a handful of passes); every fourth probe halves the bit
 * pattern, which bounds the work by 4·64 passes whatever the data.
 */
function probe({ lo, hi, countLo, countHi }: Bracket, k: number, limit: number, step: number): bigint {
  const halve = (lo + hi) >> 1n;
  if (step % 4 === 3) return halve;
  const a = fromKey(lo);
  const b = fromKey(hi);
  const target = step % 4 === 0 ? k : step % 4 === 1 ? k - limit / 2 : k + limit / 2;
  const share = Math.min(1, Math.max(0, (target - countLo) / (countHi - countLo)));
  const key = toKey(a + (b - a) * share);
  return key > lo && key < hi ? key : halve;
}

/**
 * The k-th smallest difference given the (k−1)-th, `previous`, in one pass: `previous` again when enough
 * differences equal it, else the smallest difference above it (the even-N median needs ranks N/2 and N/2 + 1).
 */
export function nextDifference(x: Float64Array, y: Float64Array, k: number, previous: number): number {
  if (countAtMost(x, y, previous) >= k) return previous;
  let j = 0;
  let next = Number.POSITIVE_INFINITY;
  // For ascending x the first y[j] − x[i] above `previous` moves right, so one forward pointer serves every i.
  for (let i = 0; i < x.length; i++) {
    while (j < y.length && y[j]! - x[i]! <= previous) j++;
    if (j < y.length) next = Math.min(next, y[j]! - x[i]!);
  }
  return next;
}

/** All differences in (lo, hi]: for each x[i] a contiguous run of y, bounded by two forward pointers. */
function differencesBetween(x: Float64Array, y: Float64Array, lo: number, hi: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let start = 0;
  let end = 0;
  let filled = 0;
  for (let i = 0; i < x.length; i++) {
    while (start < y.length && y[start]! - x[i]! <= lo) start++;
    while (end < y.length && y[end]! - x[i]! <= hi) end++;
    for (let j = start; j < end; j++) out[filled++] = y[j]! - x[i]!;
  }
  return out;
}
