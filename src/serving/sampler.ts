import type { PredictionSample } from '../contract/index.js';
import type { Clock, Random } from '../core/index.js';

/** Where sampled predictions go (the composition root writes them to the store). */
export interface SampleSink {
  write(samples: readonly PredictionSample[]): Promise<void>;
}

export interface SamplerOptions {
  /** Fraction of requests sampled, 0–1. */
  readonly rate: number;
  /** Most samples waiting to be written; beyond it new ones are dropped and counted. */
  readonly capacity: number;
  /** Write when this many are waiting… */
  readonly flushCount: number;
  /** …or this long after the first one arrived. */
  readonly flushMs: number;
  readonly clock: Clock;
  readonly random: Random;
  readonly sink: SampleSink;
  readonly onDropped: (n: number) => void;
  readonly onWritten: (n: number) => void;
  readonly onError: (e: unknown) => void;
}

/** A bounded, non-blocking queue of sampled predictions written in batches. */
export interface Sampler {
  /** True when this request should be sampled (decided before building the record, so unsampled requests allocate nothing). */
  shouldSample(): boolean;
  offer(sample: PredictionSample): void;
  /** Writes everything waiting; resolves when written. */
  flush(): Promise<void>;
}

/**
 * Never slows a request: `offer` only pushes to an array; writes happen later, one batch at a time.
 * @example if (sampler.shouldSample()) sampler.offer(buildSample());
 */
export function createSampler(options: SamplerOptions): Sampler {
  let queue: PredictionSample[] = [];
  let timer: unknown;
  let writing: Promise<void> = Promise.resolve();
  // Samples queued or being written: the bound covers both, so a slow store cannot grow memory.
  let outstanding = 0;

  const flush = (): Promise<void> => {
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return writing;
    writing = writing.then(() =>
      options.sink
        .write(batch)
        .then(
          () => options.onWritten(batch.length),
          (e: unknown) => options.onError(e),
        )
        .finally(() => (outstanding -= batch.length)),
    );
    return writing;
  };

  return {
    shouldSample: () => options.rate > 0 && (options.rate >= 1 || options.random.next() < options.rate),
    offer(sample) {
      if (outstanding >= options.capacity) {
        options.onDropped(1);
        return;
      }
      outstanding++;
      queue.push(sample);
      if (queue.length >= options.flushCount) void flush();
      else if (timer === undefined) timer = options.clock.setTimeout(() => void flush(), options.flushMs);
    },
    flush,
  };
}
