import { mpError } from '../core/index.js';
import type { TensorData, TensorValues } from '../engine/index.js';
import type { InputSlot, ModelLayout } from './model-layout.js';

/** What to do with NaN, ±Inf or null in numeric inputs. `allow` passes NaN through (trees treat it as missing). */
export type NonFinitePolicy = 'reject' | 'allow';

/** Decoded model inputs for `rows` rows, one tensor per model input, ready for the batcher. */
export interface Feeds {
  readonly rows: number;
  readonly tensors: Record<string, TensorData>;
}

/** Writes values into one input's typed array, checking each against the dtype and the NaN/Inf policy. */
export interface FeedWriter {
  readonly data: TensorValues;
  /** Stores `value` at flat index `i`; returns a reason when the value is not acceptable. */
  put(i: number, value: unknown): string | undefined;
}

/** A typed-array writer for one input of `rows` rows. Strings and other dtypes are refused upfront. */
export function feedWriter(slot: InputSlot, rows: number, policy: NonFinitePolicy): FeedWriter {
  const n = rows * slot.width;
  switch (slot.dtype) {
    case 'float32':
    case 'float64':
      return floatWriter(slot.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n), policy);
    case 'int32':
      return intWriter(new Int32Array(n), (a, i, v) => ((a as Int32Array)[i] = v), 2 ** 31);
    case 'int64':
      return intWriter(new BigInt64Array(n), (a, i, v) => ((a as BigInt64Array)[i] = BigInt(v)), 2 ** 53);
    case 'bool':
      return boolWriter(new Uint8Array(n));
    default:
      throw mpError('MP_SERVING_INPUT_INVALID', `input '${slot.name}' has dtype ${slot.dtype}`, 'this server accepts float, int and bool inputs only');
  }
}

function floatWriter(data: Float32Array | Float64Array, policy: NonFinitePolicy): FeedWriter {
  return {
    data,
    put(i, value) {
      if (typeof value === 'number') {
        data[i] = value;
        if (policy === 'reject' && !Number.isFinite(data[i]!)) return Number.isFinite(value) ? 'out of range for float32' : String(value);
        return undefined;
      }
      if (value === null && policy === 'allow') {
        data[i] = NaN;
        return undefined;
      }
      return value === null ? 'null (missing)' : `${typeof value}, not a number`;
    },
  };
}

function intWriter(data: Int32Array | BigInt64Array, set: (a: TensorValues, i: number, v: number) => void, limit: number): FeedWriter {
  return {
    data,
    put(i, value) {
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeof value === 'number' ? `${value}, not an integer` : `${typeof value}, not an integer`;
      if (value >= limit || value < -limit) return `${value}, out of range`;
      set(data, i, value);
      return undefined;
    },
  };
}

function boolWriter(data: Uint8Array): FeedWriter {
  return {
    data,
    put(i, value) {
      if (typeof value === 'boolean') data[i] = value ? 1 : 0;
      else if (value === 0 || value === 1) data[i] = value;
      else return `${JSON.stringify(value) ?? typeof value}, not a boolean`;
      return undefined;
    },
  };
}

/** The error for a refused value at flat index `i` of `slot`. */
export function valueError(layout: ModelLayout, slot: InputSlot, i: number, reason: string): Error {
  const row = Math.floor(i / slot.width);
  const col = slot.offset + (i % slot.width);
  const name = layout.featureNames[col] ?? String(col);
  if (/^(NaN|Infinity|-Infinity|null \(missing\)|out of range for float32)$/.test(reason)) {
    return mpError('MP_SERVING_NON_FINITE', row, `${col} (${name})`, reason);
  }
  return mpError('MP_SERVING_INPUT_INVALID', `row ${row}, column ${col} (${name}) is ${reason}`, `send ${slot.dtype} values`);
}

/**
 * Builds feeds from rows given as arrays (positional) or records (by feature name); used by MLflow and /predict.
 * @example rowsToFeeds(layout, [[5.1, 3.5, 1.4, 0.2]], 'reject', 1000)
 */
export function rowsToFeeds(layout: ModelLayout, rows: readonly unknown[], policy: NonFinitePolicy, maxRows: number): Feeds {
  if (rows.length === 0) throw mpError('MP_SERVING_INPUT_INVALID', 'the request has no rows', 'send at least one row');
  if (rows.length > maxRows) throw mpError('MP_SERVING_TOO_MANY_ROWS', rows.length, maxRows);
  const writers = layout.inputs.map((slot) => ({ slot, w: feedWriter(slot, rows.length, policy) }));
  rows.forEach((row, r) => writeRow(layout, writers, row, r));
  const tensors: Record<string, TensorData> = {};
  for (const { slot, w } of writers) tensors[slot.name] = { dtype: slot.dtype, shape: [rows.length, slot.width], data: w.data };
  return { rows: rows.length, tensors };
}

function writeRow(layout: ModelLayout, writers: readonly { slot: InputSlot; w: FeedWriter }[], row: unknown, r: number): void {
  const values = rowValues(layout, row, r);
  for (const { slot, w } of writers) {
    for (let k = 0; k < slot.width; k++) {
      const i = r * slot.width + k;
      const problem = w.put(i, values[slot.offset + k]);
      if (problem) throw valueError(layout, slot, i, problem);
    }
  }
}

function rowValues(layout: ModelLayout, row: unknown, r: number): readonly unknown[] {
  if (Array.isArray(row)) {
    if (row.length !== layout.width) throw mpError('MP_SERVING_INPUT_INVALID', `row ${r} has ${row.length} values`, `the model takes ${layout.width}: ${layout.featureNames.join(', ')}`);
    return row;
  }
  if (row === null || typeof row !== 'object') throw mpError('MP_SERVING_INPUT_INVALID', `row ${r} is ${row === null ? 'null' : typeof row}`, 'send each row as an array of values or an object keyed by feature name');
  const record = row as Record<string, unknown>;
  const missing = layout.featureNames.filter((n) => !(n in record));
  if (missing.length) throw mpError('MP_SERVING_INPUT_INVALID', `row ${r} lacks feature(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, 'send every feature the model takes by name');
  return layout.featureNames.map((n) => record[n]);
}
