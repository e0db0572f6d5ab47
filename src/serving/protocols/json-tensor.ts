import type { TensorData } from '../../engine/index.js';

/**
 * A tensor's values as JSON array text, without building an intermediate array of boxed numbers.
 * Non-finite floats become null (JSON has no NaN); int64 prints as digits; bool as true/false.
 * @example flatJson({ dtype: 'float32', shape: [2], data: new Float32Array([0.5, 1]) }) // '[0.5,1]'
 */
export function flatJson(t: TensorData): string {
  const d = t.data;
  if (t.dtype === 'bool') return `[${Array.from(d as Uint8Array, (v) => (v ? 'true' : 'false')).join(',')}]`;
  if (t.dtype === 'string') return JSON.stringify(d);
  if (d instanceof Float32Array || d instanceof Float64Array) return floatsJson(d);
  return `[${Array.prototype.join.call(d, ',')}]`;
}

function floatsJson(d: Float32Array | Float64Array): string {
  let text = '[';
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    text += `${i ? ',' : ''}${v - v === 0 ? v : 'null'}`;
  }
  return `${text}]`;
}

/** The value at row `r` of a [rows, k] or [rows] tensor, as plain JS (a number or a list of numbers). */
export function rowValue(t: TensorData, r: number): number | boolean | number[] | string {
  const width = t.shape.length > 1 ? t.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
  if (t.shape.length <= 1) return scalar(t, r);
  return Array.from({ length: width }, (_, k) => scalar(t, r * width + k) as number);
}

function scalar(t: TensorData, i: number): number | boolean | string {
  const v = (t.data as ArrayLike<unknown>)[i];
  if (typeof v === 'bigint') return Number(v);
  if (t.dtype === 'bool') return v === 1;
  if (typeof v === 'number') return Number.isFinite(v) ? v : (null as unknown as number);
  return v as string;
}

/**
 * A short, safe description of a client's JSON value for an error message: never String() or JSON.stringify on
 * it, since a deeply nested array overflows the stack.
 */
export function describeValue(v: unknown): string {
  return typeof v === 'string' ? `'${v.slice(0, 100)}'` : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : Array.isArray(v) ? 'a list' : v === undefined ? '(none)' : `a ${typeof v}`;
}
