import { describe, expect, it } from 'vitest';
import { classifierLayout } from '../../test/helpers/layouts.js';
import { layoutOf } from './model-layout.js';
import { decodeMlflow, encodeMlflow } from './protocols/mlflow.js';

// MLflow's scoring formats decoded against hand-written layouts; every format of the same rows gives the same feeds.

const layout = classifierLayout;
const perInput = layoutOf({
  inputs: [
    { name: 'x', dtype: 'float32', shape: [null, 1] },
    { name: 'n', dtype: 'int32', shape: [null, 1] },
  ],
  outputs: [{ name: 'y', dtype: 'float32', shape: [null, 1] }],
});
const decode = (body: unknown) => decodeMlflow(body, layout, 'reject', 100);
const rows = [
  [1, 2, 3],
  [4, 5, 6],
];
const want = { rows: 2, tensors: { input: { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) } } };

describe('decodeMlflow', () => {
  it.each([
    ['dataframe_split with columns in another order', { dataframe_split: { columns: ['c', 'a', 'b'], data: [[3, 1, 2], [6, 4, 5]] } }],
    ['dataframe_split without columns', { dataframe_split: { data: rows } }],
    ['dataframe_split with index', { dataframe_split: { index: [7, 8], columns: ['a', 'b', 'c'], data: rows } }],
    ['dataframe_records', { dataframe_records: [{ a: 1, b: 2, c: 3 }, { c: 6, b: 5, a: 4 }] }],
    ['instances as rows', { instances: rows }],
    ['instances as records', { instances: [{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }] }],
    ['inputs as rows, with params', { inputs: rows, params: { k: 1 } }],
    ['inputs as a named tensor', { inputs: { input: rows } }],
    ['inputs as a named tensor of nested rows', { inputs: { input: [[[1, 2, 3]], [[4, 5, 6]]] } }],
    ['CSV with a header of feature names (any order)', 'b,a,c\n2,1,3\n5,4,6\n'],
    ['CSV with CRLF and a header of other names (positional)', 'x,y,z\r\n1,2,3\r\n4,5,6'],
  ])('%s', (_format, body) => {
    expect(decode(body)).toEqual(want);
  });

  it('takes one column per input for a model with one input per feature', () => {
    expect(decodeMlflow({ inputs: { x: [0.5, 1.5], n: [3, 4] } }, perInput, 'reject', 10).tensors).toEqual({
      x: { dtype: 'float32', shape: [2, 1], data: new Float32Array([0.5, 1.5]) },
      n: { dtype: 'int32', shape: [2, 1], data: new Int32Array([3, 4]) },
    });
    expect(() => decodeMlflow({ inputs: { x: [0.5] } }, perInput, 'reject', 10)).toThrow(/inputs needs a list for each of x, n/);
  });

  it.each([
    ['a list body', [rows], /not a JSON object/],
    ['a null body', null, /not a JSON object/],
    ['no known format', { rows }, /needs exactly one of dataframe_split, dataframe_records, instances, inputs: it has none of them/],
    ['two formats', { instances: rows, dataframe_records: [] }, /it has dataframe_records and instances/],
    ['instances not a list', { instances: { a: 1 } }, /instances is not a list/],
    ['dataframe_split without data', { dataframe_split: { columns: ['a'] } }, /dataframe_split has no data list/],
    ['dataframe_split columns not names', { dataframe_split: { columns: [0, 1, 2], data: rows } }, /columns is not a list of names/],
    ['inputs without the input name', { inputs: { other: rows } }, /inputs has no 'input' list/],
    ['a record lacking a feature', { dataframe_records: [{ a: 1, b: 2 }] }, /row 0 lacks feature\(s\) c/],
    ['a string value', { instances: [[1, 2, 3], [4, '5', 6]] }, /row 1, column 1 \(b\) is string, not a number/],
  ])('refuses %s with MP_SERVING_INPUT_INVALID', (_what, body, message) => {
    expect(() => decode(body)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID', status: 400, message: expect.stringMatching(message) }));
  });

  it('reads an empty CSV cell as missing and a non-number as NaN, both refused under reject with row and column', () => {
    expect(() => decode('a,b,c\n1,,3')).toThrow(expect.objectContaining({ code: 'MP_SERVING_NON_FINITE', message: expect.stringMatching(/^row 0, column 1 \(b\) is null \(missing\)/) }));
    expect(() => decode('a,b,c\n1,2,3\n4,5,six')).toThrow(expect.objectContaining({ code: 'MP_SERVING_NON_FINITE', message: expect.stringMatching(/^row 1, column 2 \(c\) is NaN/) }));
    // Under allow they pass as NaN (trees treat it as missing).
    expect(Array.from(decodeMlflow('a,b,c\n1,,3', layout, 'allow', 10).tensors['input']!.data as Float32Array)).toEqual([1, NaN, 3]);
  });

  it('refuses CSV that is not CSV with MP_SERVING_BODY_INVALID, and no rows or too many rows', () => {
    expect(() => decode('a,b,c\n1,2')).toThrow(expect.objectContaining({ code: 'MP_SERVING_BODY_INVALID', message: expect.stringMatching(/not valid CSV: line 2/) }));
    expect(() => decode('')).toThrow(expect.objectContaining({ code: 'MP_SERVING_BODY_INVALID' }));
    expect(() => decode('a,b,c\n')).toThrow(/the request has no rows/);
    expect(() => decodeMlflow({ instances: Array.from({ length: 101 }, () => [1, 2, 3]) }, layout, 'reject', 100)).toThrow(expect.objectContaining({ code: 'MP_SERVING_TOO_MANY_ROWS' }));
  });
});

describe('encodeMlflow', () => {
  it('writes a list of values for a regressor and a record per row for a classifier', () => {
    expect(JSON.parse(encodeMlflow({ values: [1.5, 2] }))).toEqual({ predictions: [1.5, 2] });
    expect(JSON.parse(encodeMlflow({ labels: [1, 0], probabilities: [[0.2, 0.8], [0.9, 0.1]] }))).toEqual({
      predictions: [
        { label: 1, probabilities: [0.2, 0.8] },
        { label: 0, probabilities: [0.9, 0.1] },
      ],
    });
    expect(JSON.parse(encodeMlflow({ labels: [2] }))).toEqual({ predictions: [{ label: 2 }] });
  });
});
