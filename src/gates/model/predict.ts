import { mpError } from '../../core/index.js';
import type { LoadedModel, TensorData } from '../../engine/index.js';
import type { ModelIo } from './model-io.js';

/** Rows per engine run when predicting a whole holdout (bounds the size of one input tensor). */
export const PREDICT_CHUNK_ROWS = 16_384;

/** A model's answers for every row, as plain typed arrays. */
export interface Predictions {
  readonly rows: number;
  readonly task: 'classification' | 'regression';
  /** Predicted class per row (classifiers with a label output; else the argmax of the probabilities). */
  readonly labels: Float64Array | null;
  /** Row-major [rows × classes] (classifiers with a probability output). */
  readonly probabilities: Float64Array | null;
  readonly classes: number;
  /** Predicted value per row (regressors). */
  readonly values: Float64Array | null;
  /** Every output as the engine returned it, concatenated over chunks: shape (rows summed) and whether all finite. */
  readonly outputs: Readonly<Record<string, { readonly dtype: string; readonly shape: readonly number[]; readonly nonFinite: number }>>;
}

/**
 * Feeds for rows [start, start + count) of column-major features, one float tensor per model input.
 * Only float32/float64 inputs are supported (what sklearn/ONNX tabular models take).
 */
export function feedsFor(io: ModelIo, columns: readonly ArrayLike<number>[], start: number, count: number): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const slot of io.inputs) {
    if (slot.dtype !== 'float32' && slot.dtype !== 'float64') {
      throw mpError('MP_INPUT_INVALID', `input '${slot.name}' is ${slot.dtype}; the gates feed float32/float64 inputs only`);
    }
    const data = slot.dtype === 'float32' ? new Float32Array(count * slot.width) : new Float64Array(count * slot.width);
    for (let k = 0; k < slot.width; k++) {
      const column = columns[slot.offset + k]!;
      for (let r = 0; r < count; r++) data[r * slot.width + k] = column[start + r]!;
    }
    feeds[slot.name] = { dtype: slot.dtype, shape: [count, slot.width], data };
  }
  return feeds;
}

/**
 * Runs the model over every row in chunks and collects labels, probabilities or values.
 * @example const p = await predict(model, ioOf(model.signature), holdout.features, holdout.rows);
 */
export async function predict(model: LoadedModel, io: ModelIo, columns: readonly ArrayLike<number>[], rows: number): Promise<Predictions> {
  const parts: Record<string, TensorData>[] = [];
  for (let start = 0; start < rows; start += PREDICT_CHUNK_ROWS) {
    const count = Math.min(PREDICT_CHUNK_ROWS, rows - start);
    parts.push(await model.run(feedsFor(io, columns, start, count)));
  }
  return collect(io, parts, rows);
}

/** Predictions from the engine's outputs of one or more chunks (also used for hand-made feeds). */
export function collect(io: ModelIo, parts: readonly Record<string, TensorData>[], rows: number): Predictions {
  const outputs = describeOutputs(parts);
  const probabilities = io.probabilitiesOutput ? concat(parts, io.probabilitiesOutput) : null;
  const classes = probabilities && rows > 0 ? probabilities.length / rows : io.probabilitiesOutput ? (outputs[io.probabilitiesOutput]?.shape[1] ?? 0) : 0;
  const labels = io.labelOutput ? concat(parts, io.labelOutput) : probabilities ? argmaxRows(probabilities, rows, classes) : null;
  const values = io.valueOutput ? firstColumn(concat(parts, io.valueOutput), rows) : null;
  return { rows, task: io.task, labels, probabilities, classes: Math.max(classes, labels ? maxLabel(labels) + 1 : 0), values, outputs };
}

function describeOutputs(parts: readonly Record<string, TensorData>[]): Predictions['outputs'] {
  const out: Record<string, { dtype: string; shape: number[]; nonFinite: number }> = {};
  for (const part of parts) {
    for (const [name, t] of Object.entries(part)) {
      const seen = out[name] ?? (out[name] = { dtype: t.dtype, shape: [0, ...t.shape.slice(1)], nonFinite: 0 });
      seen.shape[0] = (seen.shape[0] ?? 0) + (t.shape[0] ?? 0);
      seen.nonFinite += countNonFinite(t);
    }
  }
  return out;
}

function countNonFinite(t: TensorData): number {
  if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) return 0;
  let n = 0;
  for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i]!)) n++;
  return n;
}

/** One output's values over all chunks, as float64 (int64 labels included). */
function concat(parts: readonly Record<string, TensorData>[], name: string): Float64Array {
  const total = parts.reduce((n, p) => n + (p[name]?.data.length ?? 0), 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const p of parts) {
    const data = p[name]?.data;
    if (!data) continue;
    if (Array.isArray(data)) throw mpError('MP_INPUT_INVALID', `output '${name}' holds strings; the gates read numeric outputs only`);
    for (let i = 0; i < data.length; i++) out[at++] = Number((data as ArrayLike<number | bigint>)[i]);
  }
  return out;
}

function firstColumn(values: Float64Array, rows: number): Float64Array {
  if (rows === 0 || values.length === rows) return values;
  const width = values.length / rows;
  return Float64Array.from({ length: rows }, (_, r) => values[r * width]!);
}

function argmaxRows(p: Float64Array, rows: number, k: number): Float64Array {
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[r * k + j]! > p[r * k + best]!) best = j;
    labels[r] = best;
  }
  return labels;
}

function maxLabel(labels: Float64Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > max) max = labels[i]!;
  return max;
}
