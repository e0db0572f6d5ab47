import type { LoadedModel, TensorData } from '../../engine/index.js';
import type { Clock } from '../../core/index.js';
import { mean, quantiles } from '../../stats/index.js';
import { DEFAULT_LATENCY, section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { ioOf } from '../model/model-io.js';
import { feedsFor } from '../model/predict.js';
import { probeColumns } from '../model/rows.js';
import { round } from '../threshold.js';

/** Single-row runs timed by default (after WARMUP_RUNS untimed ones). */
const DEFAULT_RUNS = 200;
const WARMUP_RUNS = 5;

/** Latency of one kind of run, in milliseconds. */
export interface LatencyStats {
  readonly rows: number;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/**
 * p50 and p99 of in-process runs, single-row and (when the policy's batch is larger) batched, against the policy's
 * limits for runs of `batch` rows. Timed with the injected clock's monotonic time.
 */
export const latencyGate: Gate = {
  name: 'latency',
  category: 'performance',
  enabled: (policy) => typeof policy.latency === 'object',
  async check(_version, ctx) {
    const limits = { ...DEFAULT_LATENCY, ...section(ctx.policy, 'latency') };
    const runs = limits.runs ?? DEFAULT_RUNS;
    const model = await ctx.model();
    const io = ioOf(model.signature);
    const single = await measure(model, feedsFor(io, probeColumns(ctx, io, 1), 0, 1), 1, runs, ctx.clock);
    const batched = limits.batch > 1 ? await measure(model, feedsFor(io, probeColumns(ctx, io, limits.batch), 0, limits.batch), limits.batch, Math.max(20, Math.ceil(runs / 5)), ctx.clock) : null;
    const judged = batched ?? single;
    const over = [
      judged.p99Ms > limits.p99Ms ? `p99 ${round(judged.p99Ms)} ms > ${limits.p99Ms} ms` : '',
      limits.p50Ms !== undefined && judged.p50Ms > limits.p50Ms ? `p50 ${round(judged.p50Ms)} ms > ${limits.p50Ms} ms` : '',
    ].filter(Boolean);
    const threshold = `p99 <= ${limits.p99Ms} ms${limits.p50Ms !== undefined ? `, p50 <= ${limits.p50Ms} ms` : ''} (batch ${limits.batch})`;
    const details = { single, batched, limits };
    const summary = `batch ${judged.rows}: p50 ${round(judged.p50Ms)} ms, p99 ${round(judged.p99Ms)} ms over ${judged.runs} runs`;
    if (over.length > 0) return verdict('Fail', `${summary}; ${over.join(', ')}`, { score: judged.p99Ms, threshold, details });
    return verdict('Pass', summary, { score: judged.p99Ms, threshold, details });
  },
};

async function measure(model: LoadedModel, feeds: Record<string, TensorData>, rows: number, runs: number, clock: Clock): Promise<LatencyStats> {
  for (let i = 0; i < WARMUP_RUNS; i++) await model.run(feeds);
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = clock.monotonic();
    await model.run(feeds);
    times[i] = clock.monotonic() - start;
  }
  const [p50, p99, max] = quantiles(times, [0.5, 0.99, 1]);
  return { rows, runs, p50Ms: p50!, p99Ms: p99!, meanMs: mean(times), maxMs: max! };
}
