import { mpError } from '../../core/index.js';
import type { TensorData, TensorValues } from '../../engine/index.js';
import { feedWriter, valueError, type NonFinitePolicy } from '../feeds.js';
import type { InputSlot, ModelLayout } from '../model-layout.js';
import { describeValue } from './json-tensor.js';

/**
 * The Open Inference Protocol's binary tensor data extension: tensors sent as raw little-endian bytes after the
 * body's JSON, in the order of the JSON's inputs (or outputs), each sized by its `binary_data_size` parameter.
 */

// Typed arrays use the host's byte order; the extension's is little-endian, as are the hosts onnxruntime ships for.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const bad = (what: string, fix: string): Error => mpError('MP_SERVING_INPUT_INVALID', what, fix);

/** The binary part of a request, handed out tensor by tensor in the order the JSON names them. */
export class BinaryTail {
  private at = 0;

  constructor(private readonly bytes: Buffer) {}

  /** The next `size` bytes, for input `name`. */
  take(size: number, name: string): Buffer {
    if (this.at + size > this.bytes.length) throw bad(`input '${name}' declares ${size} bytes of binary data, ${this.bytes.length - this.at} are left in the body`, 'send each binary input\'s bytes after the JSON, in the order of "inputs"');
    const slice = this.bytes.subarray(this.at, this.at + size);
    this.at += size;
    return slice;
  }

  /** Fails when bytes are left over: the sizes and the body disagree. */
  finish(): void {
    const left = this.bytes.length - this.at;
    if (left > 0) throw bad(`${left} bytes of binary data follow the last binary input`, 'make the binary_data_size parameters add up to the bytes after the JSON');
  }
}

/** An input's declared binary size, or undefined when its values are in `data`. */
export function binarySizeOf(parameters: unknown, name: string): number | undefined {
  const size = (parameters as { binary_data_size?: unknown } | null | undefined)?.binary_data_size;
  if (size === undefined) return undefined;
  if (!Number.isSafeInteger(size) || (size as number) < 0) throw bad(`input '${name}' has binary_data_size ${describeValue(size)}`, 'send the size in bytes as a non-negative integer');
  return size as number;
}

/**
 * One input's values from its raw bytes, checked as `data` values are: the size against the shape, floats
 * against the NaN/Inf policy (the error names row and column), booleans as 0 or 1.
 */
export function decodeBinary(bytes: Buffer, slot: InputSlot, layout: ModelLayout, rows: number, policy: NonFinitePolicy): TensorValues {
  if (!LITTLE_ENDIAN) throw bad('binary tensor data is little-endian and this host is not', 'send the values in "data"');
  // The typed array `data` values would be written into (it refuses the dtypes the data plane does not take).
  const data = feedWriter(slot, rows, policy).data as Exclude<TensorValues, readonly string[]>;
  const per = data.BYTES_PER_ELEMENT;
  if (bytes.length !== data.length * per) throw bad(`input '${slot.name}' has ${bytes.length} bytes of binary data for ${data.length} values`, `send ${data.length * per} bytes (${per} per ${slot.dtype} value)`);
  // Copied, not viewed: the body's bytes are not aligned for the element size, and the batcher keeps the array.
  new Uint8Array(data.buffer).set(bytes);
  checkValues(data, slot, layout, policy);
  return data;
}

function checkValues(data: TensorValues, slot: InputSlot, layout: ModelLayout, policy: NonFinitePolicy): void {
  if (data instanceof Float32Array || data instanceof Float64Array) {
    if (policy === 'allow') return;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v - v !== 0) throw valueError(layout, slot, i, String(v));
    }
  } else if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i++) if (data[i]! > 1) throw valueError(layout, slot, i, `${data[i]}, not a boolean`);
  }
}

/**
 * A tensor's values as the extension's bytes: the typed array's own bytes (little-endian on this host), and for
 * strings (BYTES) each element as a 4-byte little-endian length followed by its UTF-8 bytes.
 */
export function binaryOf(t: TensorData): Buffer {
  const d = t.data;
  if (!Array.isArray(d)) {
    const typed = d as Exclude<TensorValues, readonly string[]>;
    return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  }
  const parts: Buffer[] = [];
  for (const s of d as readonly string[]) {
    const text = Buffer.from(s, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    parts.push(length, text);
  }
  return Buffer.concat(parts);
}
