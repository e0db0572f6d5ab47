import type { Clock } from '../core/index.js';
import type { LoadedModel, TensorData, TensorValues } from '../engine/index.js';
import type { Feeds } from './feeds.js';
import { companyFor, LINGER_ROWS, nextMeanGap, QUIET_GAP_MS } from './linger.js';

export interface BatcherOptions {
  /** Most rows merged into one run. */
  readonly maxBatchRows: number;
  /** Longest a request waits for company when requests arrive densely; 0 = never waits (only what was already read merges). */
  readonly maxWaitMs: number;
  readonly clock: Clock;
  /** Called after every run (metrics, mirroring). */
  readonly onRun?: (run: RunRecord) => void;
}

/** One finished run: its merged inputs, its outputs (undefined when it failed) and the engine's own time for it. */
export interface RunRecord {
  readonly rows: number;
  readonly requests: number;
  readonly inputs: Record<string, TensorData>;
  readonly outputs: Record<string, TensorData> | undefined;
  readonly ms: number;
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
 * (up to `maxBatchRows`). At low rates a request that finds the model idle runs at once (after a run that merged
 * several, once the event loop's current turn has read what it can). When requests arrive densely (linger.ts), a
 * run first waits for the few expected within a quarter millisecond, or 16 rows, and never longer than `maxWaitMs`.
 * @example const batcher = createBatcher(model, { maxBatchRows: 256, maxWaitMs: 1, clock });
 */
export function createBatcher(model: LoadedModel, options: BatcherOptions): Batcher {
  const { clock } = options;
  const queue: Pending[] = [];
  let queuedRows = 0;
  let running = false;
  let waiting: unknown;
  let lingering: unknown;
  let lastRequests = 1;
  let depth = 0;
  let meanGap = QUIET_GAP_MS;
  let lastArrival = -Infinity;
  const idleWaiters: (() => void)[] = [];

  const company = (): boolean => options.maxWaitMs <= 0 || queuedRows >= LINGER_ROWS || queue.length >= companyFor(meanGap);
  const linger = (): void => {
    lingering = clock.setTimeout(() => {
      lingering = undefined;
      dispatch();
    }, options.maxWaitMs);
  };

  const dispatch = (): void => {
    waiting = undefined;
    if (running || queue.length === 0) return;
    running = true;
    const batch = take(queue, options.maxBatchRows);
    for (const p of batch) queuedRows -= p.feeds.rows;
    lastRequests = batch.length;
    void runBatch(model, batch, clock).then((run) => {
      depth -= batch.length;
      options.onRun?.(run);
      running = false;
      if (queue.length === 0) {
        if (depth === 0 && idleWaiters.length) for (const wake of idleWaiters.splice(0)) wake();
      } else if (company()) dispatch();
      else linger();
    });
  };

  /** A request arrived while the model is idle. */
  const arrived = (): void => {
    if (lingering !== undefined) {
      if (!company()) return;
      clock.clearTimeout(lingering);
      lingering = undefined;
      waiting = clock.afterIo(dispatch);
    } else if (waiting !== undefined) return;
    else if (!company()) linger();
    else if (lastRequests === 1) queueMicrotask(dispatch);
    // The last run merged requests: gather what this turn of the event loop reads.
    else waiting = clock.afterIo(dispatch);
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
      if (options.maxWaitMs > 0) {
        // Only lingering reads how densely requests arrive.
        const now = clock.monotonic();
        meanGap = nextMeanGap(meanGap, now - lastArrival);
        lastArrival = now;
      }
      return new Promise((resolve, reject) => {
        queue.push({ feeds, resolve, reject });
        queuedRows += feeds.rows;
        if (!running) arrived();
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
 * Runs one batch and settles each of its requests; resolves with the run's record (never rejects). A failed run
 * has no outputs and counts the time until every request was settled.
 */
async function runBatch(model: LoadedModel, batch: readonly Pending[], clock: Clock): Promise<RunRecord> {
  const started = clock.monotonic();
  const rows = batch.reduce((s, p) => s + p.feeds.rows, 0);
  let inputs: Record<string, TensorData> = {};
  try {
    inputs = batch.length === 1 ? batch[0]!.feeds.tensors : merge(batch.map((p) => p.feeds));
    const { outputs, ms: runMs } = await model.runTimed(inputs);
    if (batch.length === 1) {
      batch[0]!.resolve({ outputs, runMs });
    } else {
      let offset = 0;
      for (const p of batch) {
        p.resolve({ outputs: slice(outputs, offset, p.feeds.rows), runMs });
        offset += p.feeds.rows;
      }
    }
    return { rows, requests: batch.length, inputs, outputs, ms: runMs };
  } catch (e) {
    if (batch.length === 1) batch[0]!.reject(e);
    else await runAlone(model, batch);
    return { rows, requests: batch.length, inputs, outputs: undefined, ms: clock.monotonic() - started };
  }
}

/**
 * A merged run failed: one request's rows can fail a run for all (a model that rejects some values), so each
 * request runs on its own and only those that fail alone get the error.
 */
async function runAlone(model: LoadedModel, batch: readonly Pending[]): Promise<void> {
  for (const p of batch) {
    await model.runTimed(p.feeds.tensors).then(({ outputs, ms }) => p.resolve({ outputs, runMs: ms }), p.reject);
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
