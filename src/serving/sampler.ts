import type { PredictionSample } from '../contract/index.js';
import { isMpError, type Clock, type Random } from '../core/index.js';

/** Where sampled predictions go (the composition root writes them to the store). */
export interface SampleSink {
  write(samples: readonly PredictionSample[]): Promise<void>;
}

export interface SamplerOptions {
  /** Fraction of requests sampled at start, 0–1 (`Sampler.rate` changes it while serving). */
  readonly rate: number;
  /** Most samples waiting to be written; beyond it new ones are dropped and counted. */
  readonly capacity: number;
  /** Write when the waiting samples' feature rows add up to this many (large samples are written sooner, so they die young)… */
  readonly flushRows: number;
  /** …or this long after the first one arrived. */
  readonly flushMs: number;
  readonly clock: Clock;
  readonly random: Random;
  readonly sink: SampleSink;
  readonly onDropped: (n: number) => void;
  readonly onWritten: (n: number) => void;
  /** A batch could not be written: it is dropped (the store is busy or down), and `n` says how many samples. */
  readonly onError: (e: unknown, n: number) => void;
}

/** A bounded, non-blocking queue of sampled predictions written in batches. */
export interface Sampler {
  /** True when this request should be sampled (decided before building the record, so unsampled requests allocate nothing). */
  shouldSample(): boolean;
  /** The fraction sampled now; `rate(r)` changes it for the requests that follow (0–1). */
  rate(next?: number): number;
  offer(sample: PredictionSample): void;
  /** Writes everything waiting; resolves when written. */
  flush(): Promise<void>;
  /** The last flush: a batch the store refuses now is dropped (counted), not retried. */
  close(): Promise<void>;
}

/**
 * Never slows a request: `offer` only pushes to an array; writes happen later, one batch at a time.
 * @example if (sampler.shouldSample()) sampler.offer(buildSample());
 */
export function createSampler(options: SamplerOptions): Sampler {
  let queue: PredictionSample[] = [];
  let queuedRows = 0;
  let timer: unknown;
  let writing: Promise<void> = Promise.resolve();
  // Samples queued or being written: the bound covers both, so a slow store cannot grow memory.
  let outstanding = 0;
  let closing = false;
  let rate = options.rate;

  const flush = (): Promise<void> => {
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    queuedRows = 0;
    if (batch.length === 0) return writing;
    writing = writing.then(() =>
      options.sink.write(batch).then(
        () => {
          outstanding -= batch.length;
          options.onWritten(batch.length);
        },
        (e: unknown) => failed(e, batch),
      ),
    );
    return writing;
  };

  // A busy store (retryable) gets the batch back at the front of the queue for the next flush; anything else drops it.
  const failed = (e: unknown, batch: PredictionSample[]): void => {
    if (isMpError(e) && e.retryable && !closing) {
      queue = [...batch, ...queue];
      queuedRows += batch.reduce((n, x) => n + x.inputs.length, 0);
      timer ??= options.clock.setTimeout(() => void flush(), options.flushMs);
      return;
    }
    outstanding -= batch.length;
    options.onError(e, batch.length);
  };

  return {
    shouldSample: () => rate > 0 && (rate >= 1 || options.random.next() < rate),
    rate(next) {
      if (next !== undefined) rate = next;
      return rate;
    },
    offer(sample) {
      if (outstanding >= options.capacity) {
        options.onDropped(1);
        return;
      }
      outstanding++;
      queue.push(sample);
      queuedRows += sample.inputs.length;
      if (queuedRows >= options.flushRows) void flush();
      else if (timer === undefined) timer = options.clock.setTimeout(() => void flush(), options.flushMs);
    },
    flush,
    close() {
      closing = true;
      return flush();
    },
  };
}
