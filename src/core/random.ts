/** Randomness, injected and seedable, so splits and samples replay in tests. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

/**
 * A seeded PRNG (mulberry32): fast, 32-bit state, good enough for sampling and traffic splits.
 * @example const r = createSeededRandom(42); r.next();
 */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
