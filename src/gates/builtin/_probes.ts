import type { TensorData } from '../../engine/index.js';
import type { ModelIo } from '../model/model-io.js';
import { feedsFor } from '../model/predict.js';

/** One hostile input for the robustness gate. */
export interface Probe {
  readonly name: string;
  readonly feeds: Record<string, TensorData>;
  /** Rows the input has (outputs must have as many). */
  readonly rows: number;
  /** NaN or ±Inf in the input: the data plane's non-finite policy decides whether the model ever sees it. */
  readonly nonFiniteInput: boolean;
}

/**
 * NaN, +Inf, −Inf and 1e30 in every column of one row; a row missing its last column; the wrong element type; an
 * empty batch; and one huge batch.
 * @example buildProbes(io, probeColumns(ctx, io, 1), hugeFeeds, 10_000).map((p) => p.name)
 */
export function buildProbes(io: ModelIo, base: readonly Float64Array[], huge: Record<string, TensorData>, hugeRows: number): Probe[] {
  const filled = (v: number): Record<string, TensorData> => feedsFor(io, base.map(() => Float64Array.of(v)), 0, 1);
  return [
    { name: 'NaN', feeds: filled(Number.NaN), rows: 1, nonFiniteInput: true },
    { name: '+Infinity', feeds: filled(Number.POSITIVE_INFINITY), rows: 1, nonFiniteInput: true },
    { name: '-Infinity', feeds: filled(Number.NEGATIVE_INFINITY), rows: 1, nonFiniteInput: true },
    { name: '1e30', feeds: filled(1e30), rows: 1, nonFiniteInput: false },
    { name: 'missing column', feeds: missingColumn(io, feedsFor(io, base, 0, 1)), rows: 1, nonFiniteInput: false },
    { name: 'wrong dtype', feeds: wrongDtype(feedsFor(io, base, 0, 1)), rows: 1, nonFiniteInput: false },
    { name: 'empty batch', feeds: feedsFor(io, base, 0, 0), rows: 0, nonFiniteInput: false },
    { name: `huge batch (${hugeRows} rows)`, feeds: huge, rows: hugeRows, nonFiniteInput: false },
  ];
}

/** The last input loses its last column (or, one input per feature, the last input is left out). */
function missingColumn(io: ModelIo, feeds: Record<string, TensorData>): Record<string, TensorData> {
  const last = io.inputs[io.inputs.length - 1];
  if (!last) return feeds;
  const out = { ...feeds };
  if (io.inputs.length > 1 && last.width === 1) {
    delete out[last.name];
    return out;
  }
  const t = feeds[last.name]!;
  const data = (t.data as Float32Array | Float64Array).slice(0, Math.max(last.width - 1, 0));
  out[last.name] = { dtype: t.dtype, shape: [1, Math.max(last.width - 1, 0)], data };
  return out;
}

/** Float32 inputs sent as float64 and the other way round. */
function wrongDtype(feeds: Record<string, TensorData>): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const data = t.dtype === 'float32' ? Float64Array.from(t.data as Float32Array) : Float32Array.from(t.data as Float64Array);
    out[name] = { dtype: t.dtype === 'float32' ? 'float64' : 'float32', shape: t.shape, data };
  }
  return out;
}
