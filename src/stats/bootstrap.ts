/** Percentile bootstrap confidence intervals with injected randomness, so that results replay exactly. */
import { quantileSorted } from './quantile.js';

export interface BootstrapOptions {
  /** Resamples. Default 1000. */
  readonly iterations?: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Uniform in [0, 1): pass a seeded source (`() => createSeededRandom(seed).next()`) to make runs repeatable. */
  readonly random: () => number;
}

export interface BootstrapResult {
  /** The statistic on the original values. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Percentile bootstrap: `iterations` resamples with replacement (index ⌊random()·n⌋), the statistic of each, and
 * the (1 − confidence)/2 and (1 + confidence)/2 quantiles of those statistics (numpy's linear quantiles). One
 * buffer is reused for every resample: `statistic` must not keep a reference to its argument. Resamples whose
 * statistic is NaN are dropped. An empty input is a caller bug (RangeError).
 * @example bootstrapCI([3, 1, 4, 1, 5, 9, 2, 6], mean, { random: () => rng.next() }) // with rng = createSeededRandom(1): { estimate: 3.875, lower: 2.25, upper: 5.753124999999997 }
 */
export function bootstrapCI(
  values: ArrayLike<number>,
  statistic: (sample: Float64Array) => number,
  options: BootstrapOptions,
): BootstrapResult {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrapCI needs at least one value');
  const iterations = options.iterations ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is outside (0, 1)`);
  const original = Float64Array.from(values);
  const sample = new Float64Array(n);
  const statistics: number[] = [];
  for (let b = 0; b < iterations; b++) {
    for (let i = 0; i < n; i++) sample[i] = original[Math.floor(options.random() * n)]!;
    const s = statistic(sample);
    if (!Number.isNaN(s)) statistics.push(s);
  }
  const estimate = statistic(Float64Array.from(values));
  if (statistics.length === 0) return { estimate, lower: Number.NaN, upper: Number.NaN };
  const sorted = Float64Array.from(statistics).sort();
  const alpha = (1 - confidence) / 2;
  return { estimate, lower: quantileSorted(sorted, alpha), upper: quantileSorted(sorted, 1 - alpha) };
}
