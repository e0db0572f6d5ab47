import type { GateContext } from '../gate.js';
import type { ModelIo } from './model-io.js';

/**
 * Feature columns of `count` rows to probe a model with: holdout rows, else the profile's sample rows, else zeros —
 * repeated to reach `count`. Text or missing cells become NaN.
 * @example const columns = probeColumns(ctx, io, 8); await model.run(feedsFor(io, columns, 0, 8));
 */
export function probeColumns(ctx: GateContext, io: ModelIo, count: number): Float64Array[] {
  const base = baseRows(ctx, io);
  return Array.from({ length: io.width }, (_, c) => Float64Array.from({ length: count }, (_, r) => base[r % base.length]![c] ?? Number.NaN));
}

function baseRows(ctx: GateContext, io: ModelIo): number[][] {
  const h = ctx.holdout;
  if (h && h.features.length === io.width) {
    return Array.from({ length: Math.min(h.rows, 64) }, (_, r) => h.features.map((col) => col[r]!));
  }
  const samples = ctx.profile?.sampleRows.filter((row) => row.length === io.width) ?? [];
  if (samples.length > 0) return samples.map((row) => row.map((v) => (typeof v === 'number' ? v : Number.NaN)));
  return [new Array<number>(io.width).fill(0)];
}
