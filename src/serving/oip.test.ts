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
const decode = (body: unknown, maxRows = 100) => decodeOipRequest(body, layout, 'reject', maxRows);
const input = (over: Record<string, unknown> = {}) => ({ name: 'input', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6], ...over });

describe('decodeOipRequest', () => {
  it('decodes flat and nested data alike into one float32 tensor, with id and requested outputs', () => {
    const flat = decode({ id: 'r1', inputs: [input()], outputs: [{ name: 'probabilities' }] });
    const nested = decode({ id: 'r1', inputs: [input({ data: [[1, 2, 3], [4, 5, 6]] })], outputs: [{ name: 'probabilities' }] });
    expect(flat).toEqual(nested);
    expect(flat).toEqual({ id: 'r1', outputs: ['probabilities'], feeds: { rows: 2, tensors: { input: { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) } } } });
    expect(decode({ inputs: [input()] }).outputs).toBeUndefined();
  });

  it('decodes several inputs of other datatypes (FP64, BOOL) and checks they have the same rows', () => {
    const body = {
      inputs: [
        { name: 'flag', shape: [2, 1], datatype: 'BOOL', data: [true, false] },
        { name: 'dense', shape: [2, 2], datatype: 'FP64', data: [[0.1, 0.2], [0.3, 0.4]] },
      ],
    };
    const { feeds } = decodeOipRequest(body, twoInputs, 'reject', 10);
    expect(feeds.tensors).toEqual({
      flag: { dtype: 'bool', shape: [2, 1], data: new Uint8Array([1, 0]) },
      dense: { dtype: 'float64', shape: [2, 2], data: new Float64Array([0.1, 0.2, 0.3, 0.4]) },
    });
    const mismatch = { inputs: [body.inputs[0], { ...body.inputs[1], shape: [1, 2], data: [0.1, 0.2] }] };
    expect(() => decodeOipRequest(mismatch, twoInputs, 'reject', 10)).toThrow(/input 'dense' has 1 rows, another input has 2/);
    expect(() => decodeOipRequest({ inputs: [body.inputs[1]] }, twoInputs, 'reject', 10)).toThrow(/input\(s\) flag missing/);
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

describe('encodeOipResponse', () => {
  const outputs: Record<string, TensorData> = {
    label: { dtype: 'int64', shape: [2], data: new BigInt64Array([1n, 0n]) },
    probabilities: { dtype: 'float32', shape: [2, 2], data: new Float32Array([0.25, 0.75, NaN, -Infinity]) },
  };

  it('writes model name, version as text, the id (escaped), and the tensors asked for, in that order', () => {
    const text = encodeOipResponse('bc', 3, 'a "quoted" id', outputs, ['probabilities', 'label']);
    expect(JSON.parse(text)).toEqual({
      model_name: 'bc',
      model_version: '3',
      id: 'a "quoted" id',
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [2, 2], data: [0.25, 0.75, null, null] },
        { name: 'label', datatype: 'INT64', shape: [2], data: [1, 0] },
      ],
    });
    expect(JSON.parse(encodeOipResponse('bc', 3, undefined, outputs, ['label']))).not.toHaveProperty('id');
  });

  it('flatJson writes every dtype as valid JSON', () => {
    expect(flatJson({ dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) })).toBe('[true,false]');
    expect(flatJson({ dtype: 'float64', shape: [3], data: new Float64Array([1e-7, -0, Infinity]) })).toBe('[1e-7,0,null]');
    expect(flatJson({ dtype: 'string', shape: [1], data: ['a"b'] })).toBe('["a\\"b"]');
    expect(JSON.parse(flatJson({ dtype: 'float32', shape: [1], data: new Float32Array([0.1]) }))).toEqual([Math.fround(0.1)]);
  });
});
