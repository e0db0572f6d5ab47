import { mpError } from '../../core/index.js';
import type { TensorData } from '../../engine/index.js';
import { feedWriter, valueError, type Feeds, type NonFinitePolicy } from '../feeds.js';
import { OIP_DATATYPE, type InputSlot, type ModelLayout } from '../model-layout.js';
import { BinaryTail, binaryOf, binarySizeOf, decodeBinary } from './binary-tensors.js';
import { describeValue, flatJson } from './json-tensor.js';

/** A decoded Open Inference Protocol v2 infer request. */
export interface OipRequest {
  readonly id: string | undefined;
  readonly feeds: Feeds;
  /** Output names the client asked for; undefined means all. */
  readonly outputs: readonly string[] | undefined;
  /** Outputs to answer as binary tensor data (the extension's `binary_data` and `binary_data_output`). */
  readonly binary: ReadonlySet<string>;
}

/** An answer whose JSON part is followed by binary tensor data. */
export interface BinaryAnswer {
  readonly json: string;
  readonly tail: readonly Buffer[];
}

interface OipInput {
  name?: unknown;
  shape?: unknown;
  datatype?: unknown;
  data?: unknown;
  parameters?: unknown;
}

const bad = (what: string, fix: string): Error => mpError('MP_SERVING_INPUT_INVALID', what, fix);

/**
 * Checks an infer body against the model's inputs by hand (no schema library on the hot path) and decodes
 * each tensor straight into a typed array. Flat or nested `data` are both accepted, as the spec allows, and so
 * are inputs sent as binary tensor data (`binary` holds the bytes after the JSON).
 */
export function decodeOipRequest(body: unknown, binary: Buffer | undefined, layout: ModelLayout, policy: NonFinitePolicy, maxRows: number): OipRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('the body is not a JSON object', 'send {"inputs": [{"name", "shape", "datatype", "data"}]}');
  const { id, inputs, outputs, parameters } = body as { id?: unknown; inputs?: unknown; outputs?: unknown; parameters?: unknown };
  if (!Array.isArray(inputs) || inputs.length === 0) throw bad("'inputs' is missing or empty", 'send {"inputs": [{"name", "shape", "datatype", "data"}]}');
  if (id !== undefined && typeof id !== 'string') throw bad("'id' is not a string", 'send the request id as a string');
  const tensors: Record<string, TensorData> = {};
  const tail = binary ? new BinaryTail(binary) : NO_BINARY;
  let rows = -1;
  for (const raw of inputs as unknown[]) {
    const slot = slotFor(layout, raw);
    if (tensors[slot.name]) throw bad(`input '${slot.name}' is given twice`, 'send each input once');
    const tensor = decodeTensor(raw as OipInput, slot, layout, policy, maxRows, tail);
    if (rows >= 0 && tensor.shape[0] !== rows) throw bad(`input '${slot.name}' has ${tensor.shape[0]} rows, another input has ${rows}`, 'send the same number of rows for every input');
    rows = tensor.shape[0]!;
    tensors[slot.name] = tensor;
  }
  const absent = layout.inputs.filter((s) => !tensors[s.name]).map((s) => s.name);
  if (absent.length) throw bad(`input(s) ${absent.join(', ')} missing`, `the model takes ${layout.inputs.map((s) => s.name).join(', ')}`);
  tail.finish();
  const requested = requestedOutputs(outputs, layout);
  return { id, feeds: { rows, tensors }, outputs: requested?.map((o) => o.name), binary: binaryOutputs(requested, layout, parameters) };
}

// A JSON-only request's tail: nothing to take (a declared size fails), so its position never moves and one is shared.
const NO_BINARY = new BinaryTail(Buffer.alloc(0));

function slotFor(layout: ModelLayout, raw: unknown): InputSlot {
  const name = (raw as OipInput | null)?.name;
  if (typeof name !== 'string') throw bad('an input has no name', `name it one of ${layout.inputs.map((s) => s.name).join(', ')}`);
  const slot = layout.inputs.find((s) => s.name === name);
  if (!slot) throw bad(`the model has no input '${name.slice(0, 100)}'`, `its inputs are ${layout.inputs.map((s) => s.name).join(', ')}`);
  return slot;
}

function decodeTensor(input: OipInput, slot: InputSlot, layout: ModelLayout, policy: NonFinitePolicy, maxRows: number, tail: BinaryTail): TensorData {
  const want = OIP_DATATYPE[slot.dtype] ?? slot.dtype;
  if (input.datatype !== want) throw bad(`input '${slot.name}' has datatype ${typeof input.datatype === 'string' ? input.datatype.slice(0, 20) : describeValue(input.datatype)}`, `the model takes ${want}`);
  const shape = checkShape(input.shape, slot);
  if (shape[0]! > maxRows) throw mpError('MP_SERVING_TOO_MANY_ROWS', shape[0]!, maxRows);
  if (shape[0] === 0) throw bad(`input '${slot.name}' has no rows`, 'send at least one row');
  const rows = shape[0]!;
  const size = binarySizeOf(input.parameters, slot.name);
  if (size !== undefined) {
    if (input.data !== undefined) throw bad(`input '${slot.name}' has both data and binary_data_size`, 'send its values one way');
    return { dtype: slot.dtype, shape: [rows, slot.width], data: decodeBinary(tail.take(size, slot.name), slot, layout, rows, policy) };
  }
  const writer = feedWriter(slot, rows, policy);
  const count = fill(input.data, writer, layout, slot, rows * slot.width);
  if (count !== rows * slot.width) throw bad(`input '${slot.name}' has ${count} values for shape [${shape.join(',')}]`, `send ${rows * slot.width} values`);
  return { dtype: slot.dtype, shape: [rows, slot.width], data: writer.data };
}

function checkShape(shape: unknown, slot: InputSlot): number[] {
  const ok = Array.isArray(shape) && shape.length >= 1 && shape.length <= 8 && shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
  if (!ok) throw bad(`input '${slot.name}' has an invalid shape`, 'send shape as a list of non-negative integers, e.g. [1, 4]');
  const dims = shape as number[];
  const width = dims.slice(1).reduce((a, b) => a * b, 1);
  if (width !== slot.width) throw bad(`input '${slot.name}' has shape [${dims.join(',')}]`, `the model takes [rows, ${slot.width}]`);
  return dims;
}

/** Writes flat or nested data into the writer; returns how many values it held (stops counting past `limit`). */
function fill(data: unknown, writer: ReturnType<typeof feedWriter>, layout: ModelLayout, slot: InputSlot, limit: number): number {
  if (!Array.isArray(data)) throw bad(`input '${slot.name}' has no data array`, 'send data as a flat or nested list');
  if (data.length === limit && writer.data instanceof Float32Array && finiteFloats(data, writer.data)) return limit;
  let n = 0;
  const walk = (list: readonly unknown[], depth: number): void => {
    if (depth > 8) throw bad(`input '${slot.name}' data is nested too deeply`, 'send a flat list or one nested level per dimension');
    for (const v of list) {
      if (Array.isArray(v)) walk(v, depth + 1);
      else {
        if (n < limit) {
          const problem = writer.put(n, v);
          if (problem) throw valueError(layout, slot, n, problem);
        }
        n++;
      }
    }
  };
  walk(data, 1);
  return n;
}

/**
 * The common case in one tight loop: a flat list of numbers, each finite as float32. False as soon as a value is
 * anything else; the general walk then decides every value again (nesting, the NaN/Inf policy, the error).
 */
function finiteFloats(data: readonly unknown[], out: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number') return false;
    out[i] = v;
    if (out[i]! - out[i]! !== 0) return false;
  }
  return true;
}

interface RequestedOutput {
  readonly name: string;
  /** The output's own `binary_data` parameter, when it has one. */
  readonly binary: boolean | undefined;
}

function requestedOutputs(outputs: unknown, layout: ModelLayout): RequestedOutput[] | undefined {
  if (outputs === undefined) return undefined;
  if (!Array.isArray(outputs)) throw bad("'outputs' is not a list", 'send [{"name": "…"}]');
  const known = new Set(layout.outputs.map((o) => o.name));
  return outputs.map((o: unknown) => {
    const { name, parameters } = (o ?? {}) as { name?: unknown; parameters?: unknown };
    if (typeof name !== 'string' || !known.has(name)) throw bad(`the model has no output ${describeValue(name)}`, `its outputs are ${[...known].join(', ')}`);
    return { name, binary: flag(parameters, 'binary_data', `output '${name}'`) };
  });
}

/** The outputs to answer as binary data: those asking for it, else all when the request's `binary_data_output` says so. */
function binaryOutputs(requested: readonly RequestedOutput[] | undefined, layout: ModelLayout, parameters: unknown): ReadonlySet<string> {
  const all = flag(parameters, 'binary_data_output', 'the request') === true;
  if (requested === undefined) return all ? new Set(layout.outputNames) : NONE;
  const names = requested.filter((o) => o.binary ?? all).map((o) => o.name);
  return names.length ? new Set(names) : NONE;
}

const NONE: ReadonlySet<string> = new Set();

function flag(parameters: unknown, key: string, owner: string): boolean | undefined {
  if (parameters === undefined || parameters === null) return undefined;
  const value = (parameters as Record<string, unknown>)[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw bad(`${owner} has ${key} ${describeValue(value)}`, 'send true or false');
}

/**
 * The infer response body, serialized by hand: tensors go out as joined typed arrays, or, for the outputs in
 * `binary`, as binary tensor data after the JSON (their entries then carry `binary_data_size` instead of `data`).
 */
export function encodeOipResponse(model: string, version: number, id: string | undefined, outputs: Record<string, TensorData>, names: readonly string[], binary: ReadonlySet<string>): string | BinaryAnswer {
  let body = `{"model_name":${quoted(model)},"model_version":"${version}"${id === undefined ? '' : `,"id":${JSON.stringify(id)}`},"outputs":[`;
  const tail: Buffer[] = [];
  for (let i = 0; i < names.length; i++) {
    const t = outputs[names[i]!]!;
    body += `${i ? ',' : ''}{"name":${quoted(names[i]!)},"datatype":"${OIP_DATATYPE[t.dtype] ?? t.dtype}","shape":[${t.shape.join(',')}],`;
    if (binary.has(names[i]!)) {
      const bytes = binaryOf(t);
      tail.push(bytes);
      body += `"parameters":{"binary_data_size":${bytes.length}}}`;
    } else body += `"data":${flatJson(t)}}`;
  }
  body += ']}';
  return tail.length ? { json: body, tail } : body;
}

// Endpoint and output names as JSON strings: a few per loaded model, quoted once.
const QUOTED = new Map<string, string>();

function quoted(name: string): string {
  let q = QUOTED.get(name);
  if (q === undefined) {
    q = JSON.stringify(name);
    if (QUOTED.size < 10_000) QUOTED.set(name, q);
  }
  return q;
}
