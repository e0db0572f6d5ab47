import { describe, expect, it } from 'vitest';
import type { TensorData } from '../engine/index.js';
import { classifierLayout } from '../../test/helpers/layouts.js';
import { layoutOf } from './model-layout.js';
import { flatJson } from './protocols/json-tensor.js';
import { decodeOipRequest, encodeOipResponse } from './protocols/oip.js';

// The Open Inference Protocol v2 codec on its own: hand-written checks against the layout, typed arrays out, and the
// response written by hand.

const layout = classifierLayout;
const twoInputs = layoutOf({
  inputs: [
    { name: 'dense', dtype: 'float64', shape: [null, 2] },
    { name: 'flag', dtype: 'bool', shape: [null, 1] },
  ],
  outputs: [{ name: 'y', dtype: 'float32', shape: [null, 1] }],
});
const decode = (body: unknown, maxRows = 100, binary?: Buffer) => decodeOipRequest(body, binary, layout, 'reject', maxRows);
const input = (over: Record<string, unknown> = {}) => ({ name: 'input', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6], ...over });

describe('decodeOipRequest', () => {
  it('decodes flat and nested data alike into one float32 tensor, with id and requested outputs', () => {
    const flat = decode({ id: 'r1', inputs: [input()], outputs: [{ name: 'probabilities' }] });
    const nested = decode({ id: 'r1', inputs: [input({ data: [[1, 2, 3], [4, 5, 6]] })], outputs: [{ name: 'probabilities' }] });
    expect(flat).toEqual(nested);
    expect(flat).toEqual({ id: 'r1', outputs: ['probabilities'], binary: new Set(), feeds: { rows: 2, tensors: { input: { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) } } } });
    expect(decode({ inputs: [input()] }).outputs).toBeUndefined();
  });

  it('decodes several inputs of other datatypes (FP64, BOOL) and checks they have the same rows', () => {
    const body = {
      inputs: [
        { name: 'flag', shape: [2, 1], datatype: 'BOOL', data: [true, false] },
        { name: 'dense', shape: [2, 2], datatype: 'FP64', data: [[0.1, 0.2], [0.3, 0.4]] },
      ],
    };
    const { feeds } = decodeOipRequest(body, undefined, twoInputs, 'reject', 10);
    expect(feeds.tensors).toEqual({
      flag: { dtype: 'bool', shape: [2, 1], data: new Uint8Array([1, 0]) },
      dense: { dtype: 'float64', shape: [2, 2], data: new Float64Array([0.1, 0.2, 0.3, 0.4]) },
    });
    const mismatch = { inputs: [body.inputs[0], { ...body.inputs[1], shape: [1, 2], data: [0.1, 0.2] }] };
    expect(() => decodeOipRequest(mismatch, undefined, twoInputs, 'reject', 10)).toThrow(/input 'dense' has 1 rows, another input has 2/);
    expect(() => decodeOipRequest({ inputs: [body.inputs[1]] }, undefined, twoInputs, 'reject', 10)).toThrow(/input\(s\) flag missing/);
  });

  it.each([
    ['a body that is not an object', [input()], /not a JSON object/],
    ['no inputs', {}, /'inputs' is missing or empty/],
    ['a numeric id', { id: 1, inputs: [input()] }, /'id' is not a string/],
    ['an input without a name', { inputs: [{ ...input(), name: undefined }] }, /an input has no name/],
    ['an unknown input', { inputs: [input({ name: 'x' })] }, /the model has no input 'x' — its inputs are input/],
    ['FP64 for an FP32 input', { inputs: [input({ datatype: 'FP64' })] }, /has datatype FP64 — the model takes FP32/],
    ['shape [6]', { inputs: [input({ shape: [6] })] }, /has shape \[6\] — the model takes \[rows, 3\]/],
    ['a shape of text', { inputs: [input({ shape: ['2', 3] })] }, /invalid shape/],
    ['nine dimensions', { inputs: [input({ shape: [1, 3, 1, 1, 1, 1, 1, 1, 1] })] }, /invalid shape/],
    ['too few values', { inputs: [input({ data: [1, 2, 3, 4, 5] })] }, /has 5 values for shape \[2,3\] — send 6 values/],
    ['too many values', { inputs: [input({ data: [1, 2, 3, 4, 5, 6, 7] })] }, /has 7 values/],
    ['data that is not a list', { inputs: [input({ data: { 0: 1 } })] }, /no data array/],
    ['a string value', { inputs: [input({ data: [1, 2, 3, 4, 'x', 6] })] }, /row 1, column 1 \(b\) is string, not a number/],
    ['an unknown output', { inputs: [input()], outputs: [{ name: 'logits' }] }, /no output 'logits' — its outputs are label, probabilities/],
  ])('refuses %s with MP_SERVING_INPUT_INVALID', (_what, body, message) => {
    expect(() => decode(body)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID', message: expect.stringMatching(message) }));
  });

  it('names row and column of a non-finite value, and refuses more rows than the limit with 413 before reading data', () => {
    expect(() => decode({ inputs: [input({ data: [1, 2, 3, 4, 5, null] })] })).toThrow(expect.objectContaining({ code: 'MP_SERVING_NON_FINITE', message: expect.stringMatching(/^row 1, column 2 \(c\) is null/) }));
    expect(() => decode({ inputs: [input({ shape: [101, 3], data: [] })] })).toThrow(expect.objectContaining({ code: 'MP_SERVING_TOO_MANY_ROWS', status: 413 }));
  });

  it('refuses an outputs entry without a name instead of passing undefined on', () => {
    for (const outputs of [[{}], [{ parameters: { binary_data: true } }], [['label']], [7]]) {
      expect(() => decode({ inputs: [input()], outputs }), JSON.stringify(outputs)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID' }));
    }
  });

  it('refuses deeply nested values where a name or datatype belongs with a catalog error, not a stack overflow', () => {
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
    for (const body of [{ inputs: [input({ datatype: deep })] }, { inputs: [input()], outputs: [{ name: deep }] }]) {
      expect(() => decode(body)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID' }));
    }
  });
});

describe('decodeOipRequest with binary tensor data', () => {
  const f32 = (...values: number[]) => Buffer.from(new Float32Array(values).buffer);
  const binaryInput = (size = 24, over: Record<string, unknown> = {}) => ({ name: 'input', shape: [2, 3], datatype: 'FP32', parameters: { binary_data_size: size }, ...over });

  it('reads an input from the bytes after the JSON, the same tensor as its data would give', () => {
    const viaBytes = decode({ inputs: [binaryInput()] }, 100, f32(1, 2, 3, 4, 5, 6));
    expect(viaBytes.feeds).toEqual(decode({ inputs: [input()] }).feeds);
  });

  it('reads several binary inputs in the order of the JSON, next to inputs given as data', () => {
    const flags = Buffer.from([1, 0]);
    const dense = Buffer.from(new Float64Array([0.1, 0.2, 0.3, 0.4]).buffer);
    const body = {
      inputs: [
        { name: 'flag', shape: [2, 1], datatype: 'BOOL', parameters: { binary_data_size: 2 } },
        { name: 'dense', shape: [2, 2], datatype: 'FP64', parameters: { binary_data_size: 32 } },
      ],
    };
    const { feeds } = decodeOipRequest(body, Buffer.concat([flags, dense]), twoInputs, 'reject', 10);
    expect(feeds.tensors.flag!.data).toEqual(new Uint8Array([1, 0]));
    expect(feeds.tensors.dense!.data).toEqual(new Float64Array([0.1, 0.2, 0.3, 0.4]));
    const mixed = { inputs: [body.inputs[0], { name: 'dense', shape: [2, 2], datatype: 'FP64', data: [0.1, 0.2, 0.3, 0.4] }] };
    expect(decodeOipRequest(mixed, flags, twoInputs, 'reject', 10).feeds).toEqual(feeds);
  });

  it.each([
    ['a size that does not fit the shape', [binaryInput(20)], f32(1, 2, 3, 4, 5), /has 20 bytes of binary data for 6 values — send 24 bytes/],
    ['a size past the end of the body', [binaryInput(24)], f32(1, 2, 3), /declares 24 bytes of binary data, 12 are left/],
    ['bytes left over', [binaryInput(24)], f32(1, 2, 3, 4, 5, 6, 7), /4 bytes of binary data follow the last binary input/],
    ['bytes without any binary input', [input()], f32(1), /4 bytes of binary data follow/],
    ['both data and a binary size', [binaryInput(24, { data: [1, 2, 3, 4, 5, 6] })], f32(1, 2, 3, 4, 5, 6), /has both data and binary_data_size/],
    ['a size that is not an integer', [binaryInput(-1)], f32(), /binary_data_size -1 — send the size in bytes/],
  ])('refuses %s with MP_SERVING_INPUT_INVALID', (_what, inputs, bytes, message) => {
    expect(() => decode({ inputs }, 100, bytes)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID', message: expect.stringMatching(message) }));
  });

  it('applies the NaN/Inf policy to binary floats, naming row and column, and refuses booleans other than 0 and 1', () => {
    expect(() => decode({ inputs: [binaryInput()] }, 100, f32(1, 2, 3, 4, Infinity, 6))).toThrow(expect.objectContaining({ code: 'MP_SERVING_NON_FINITE', message: expect.stringMatching(/^row 1, column 1 \(b\) is Infinity/) }));
    const allowed = decodeOipRequest({ inputs: [binaryInput()] }, f32(1, 2, NaN, 4, 5, 6), layout, 'allow', 10);
    expect(Number.isNaN(allowed.feeds.tensors.input!.data[2])).toBe(true);
    const body = { inputs: [{ name: 'flag', shape: [1, 1], datatype: 'BOOL', parameters: { binary_data_size: 1 } }, { name: 'dense', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] };
    expect(() => decodeOipRequest(body, Buffer.from([2]), twoInputs, 'reject', 10)).toThrow(/row 0, column 2 \(f2\) is 2, not a boolean/);
  });

  it('answers the outputs asked for as binary: per output binary_data, else the request binary_data_output', () => {
    const bytes = f32(1, 2, 3, 4, 5, 6);
    const binaryOf = (body: Record<string, unknown>) => [...decode({ inputs: [binaryInput()], ...body }, 100, bytes).binary].sort();
    expect(binaryOf({})).toEqual([]);
    expect(binaryOf({ parameters: { binary_data_output: true } })).toEqual(['label', 'probabilities']);
    expect(binaryOf({ parameters: { binary_data_output: true }, outputs: [{ name: 'label', parameters: { binary_data: false } }, { name: 'probabilities' }] })).toEqual(['probabilities']);
    expect(binaryOf({ outputs: [{ name: 'label', parameters: { binary_data: true } }] })).toEqual(['label']);
    expect(() => binaryOf({ parameters: { binary_data_output: 'yes' } })).toThrow(/the request has binary_data_output 'yes' — send true or false/);
  });
});

describe('encodeOipResponse', () => {
  const outputs: Record<string, TensorData> = {
    label: { dtype: 'int64', shape: [2], data: new BigInt64Array([1n, 0n]) },
    probabilities: { dtype: 'float32', shape: [2, 2], data: new Float32Array([0.25, 0.75, NaN, -Infinity]) },
  };

  it('writes model name, version as text, the id (escaped), and the tensors asked for, in that order', () => {
    const text = encodeOipResponse('bc', 3, 'a "quoted" id', outputs, ['probabilities', 'label'], new Set());
    expect(JSON.parse(text as string)).toEqual({
      model_name: 'bc',
      model_version: '3',
      id: 'a "quoted" id',
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [2, 2], data: [0.25, 0.75, null, null] },
        { name: 'label', datatype: 'INT64', shape: [2], data: [1, 0] },
      ],
    });
    expect(JSON.parse(encodeOipResponse('bc', 3, undefined, outputs, ['label'], new Set()) as string)).not.toHaveProperty('id');
  });

  it('writes the outputs asked for as binary data after the JSON, each entry with its binary_data_size', () => {
    const answer = encodeOipResponse('bc', 3, undefined, outputs, ['label', 'probabilities'], new Set(['probabilities']));
    if (typeof answer === 'string') throw new Error('expected binary data');
    expect(JSON.parse(answer.json).outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [2], data: [1, 0] },
      { name: 'probabilities', datatype: 'FP32', shape: [2, 2], parameters: { binary_data_size: 16 } },
    ]);
    const bytes = Buffer.concat(answer.tail);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8), bytes.readFloatLE(12)]).toEqual([0.25, 0.75, NaN, -Infinity]);
    const strings = encodeOipResponse('m', 1, undefined, { y: { dtype: 'string', shape: [2], data: ['ab', 'é'] } }, ['y'], new Set(['y']));
    expect(Buffer.concat((strings as { tail: readonly Buffer[] }).tail)).toEqual(Buffer.from([2, 0, 0, 0, 0x61, 0x62, 2, 0, 0, 0, 0xc3, 0xa9]));
  });

  it('flatJson writes every dtype as valid JSON', () => {
    expect(flatJson({ dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) })).toBe('[true,false]');
    expect(flatJson({ dtype: 'float64', shape: [3], data: new Float64Array([1e-7, -0, Infinity]) })).toBe('[1e-7,0,null]');
    expect(flatJson({ dtype: 'string', shape: [1], data: ['a"b'] })).toBe('["a\\"b"]');
    expect(JSON.parse(flatJson({ dtype: 'float32', shape: [1], data: new Float32Array([0.1]) }))).toEqual([Math.fround(0.1)]);
  });
});
