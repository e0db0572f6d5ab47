import type { Clock } from '../core/index.js';
import type { LoadedModel, TensorData, TensorValues } from '../engine/index.js';
import type { Feeds } from './feeds.js';

export interface BatcherOptions {
  /** Most rows merged into one run. */
  readonly maxBatchRows: number;
  /** Longest a lone request waits for company under load; 0 = only for the requests already read (this loop turn). */
  readonly maxWaitMs: number;
  readonly clock: Clock;
  /** Called after every run with its size and the engine's own time for it (metrics). */
  readonly onRun?: (rows: number, requests: number, ms: number) => void;
}

/** One request's share of a run: its rows of every output, and the engine's own time for the whole run. */
export interface BatchResult {
  readonly outputs: Record<string, TensorData>;
  readonly runMs: number;
}

interface Pending {
  readonly feeds: Feeds;
  readonly resolve: (result: BatchResult) => void;
  readonly reject: (e: unknown) => void;
}

/** Merges requests that arrive together into one inference run and splits the answers back. */
export interface Batcher {
  submit(feeds: Feeds): Promise<BatchResult>;
  /** Requests queued or running. */
  readonly depth: number;
  /** Resolves once no request is queued or running. */
  idle(): Promise<void>;
}

/**
 * One run at a time per model: while a run is in flight, arrivals queue and the next run takes them all
 * (up to `maxBatchRows`). A request that finds the model idle runs at once, unless the last run merged
 * several requests — then load is high enough that waiting for company pays off: until the end of the event
 * loop's current turn (every request already read joins), or up to `maxWaitMs` when that is set.
 * @example const batcher = createBatcher(model, { maxBatchRows: 256, maxWaitMs: 0, clock });
 */
export function createBatcher(model: LoadedModel, options: BatcherOptions): Batcher {
  const queue: Pending[] = [];
  let running = false;
  let waiting: unknown;
  let lastRequests = 1;
  let depth = 0;
  const idleWaiters: (() => void)[] = [];

  const dispatch = (): void => {
    waiting = undefined;
    if (running || queue.length === 0) return;
    running = true;
    const batch = take(queue, options.maxBatchRows);
    lastRequests = batch.length;
    void runBatch(model, batch, options.clock).then((ms) => {
      depth -= batch.length;
      options.onRun?.(batch.reduce((s, p) => s + p.feeds.rows, 0), batch.length, ms);
      running = false;
      if (queue.length) dispatch();
      else if (depth === 0 && idleWaiters.length) for (const wake of idleWaiters.splice(0)) wake();
    });
  };

  return {
    get depth() {
      return depth;
    },
    idle() {
      return depth === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    submit(feeds) {
      depth++;
      return new Promise((resolve, reject) => {
        queue.push({ feeds, resolve, reject });
        if (running || waiting !== undefined) return;
        if (lastRequests === 1) queueMicrotask(dispatch);
        // The last run merged requests: gather what this turn of the event loop reads (and up to maxWaitMs more).
        else waiting = options.maxWaitMs > 0 ? options.clock.setTimeout(dispatch, options.maxWaitMs) : options.clock.afterIo(dispatch);
      });
    },
  };
}

function take(queue: Pending[], maxRows: number): Pending[] {
  let rows = 0;
  let n = 0;
  while (n < queue.length && (n === 0 || rows + queue[n]!.feeds.rows <= maxRows)) rows += queue[n++]!.feeds.rows;
  return queue.splice(0, n);
}

/**
 * Runs one batch and settles each of its requests; resolves with the engine's own time for the run (never
 * rejects). A failed run counts the time until it failed.
 */
async function runBatch(model: LoadedModel, batch: readonly Pending[], clock: Clock): Promise<number> {
  const started = clock.monotonic();
  try {
    const { outputs, ms: runMs } = await model.runTimed(batch.length === 1 ? batch[0]!.feeds.tensors : merge(batch.map((p) => p.feeds)));
    if (batch.length === 1) {
      batch[0]!.resolve({ outputs, runMs });
    } else {
      let offset = 0;
      for (const p of batch) {
        p.resolve({ outputs: slice(outputs, offset, p.feeds.rows), runMs });
        offset += p.feeds.rows;
      }
    }
    return runMs;
  } catch (e) {
    for (const p of batch) p.reject(e);
    return clock.monotonic() - started;
  }
}

/** Concatenates every input along the row axis. */
export function merge(all: readonly Feeds[]): Record<string, TensorData> {
  const rows = all.reduce((s, f) => s + f.rows, 0);
  const merged: Record<string, TensorData> = {};
  for (const [name, first] of Object.entries(all[0]!.tensors)) {
    const width = first.data.length / all[0]!.rows;
    const data = new (first.data.constructor as new (n: number) => Exclude<TensorValues, readonly string[]>)(rows * width);
    let at = 0;
    for (const f of all) {
      const part = f.tensors[name]!.data as Exclude<TensorValues, readonly string[]>;
      (data as Float32Array).set(part as Float32Array, at);
      at += part.length;
    }
    merged[name] = { dtype: first.dtype, shape: [rows, ...first.shape.slice(1)], data };
  }
  return merged;
}

/** Rows [offset, offset + rows) of every output, as views (no copy). Outputs without a row axis are shared. */
export function slice(outputs: Record<string, TensorData>, offset: number, rows: number): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(outputs)) {
    const total = t.shape[0] ?? 0;
    if (t.shape.length === 0 || total === 0) {
      out[name] = t;
      continue;
    }
    const width = t.data.length / total;
    const [from, to] = [offset * width, (offset + rows) * width];
    const data = Array.isArray(t.data) ? t.data.slice(from, to) : (t.data as Float32Array).subarray(from, to);
    out[name] = { dtype: t.dtype, shape: [rows, ...t.shape.slice(1)], data };
  }
  return out;
}
