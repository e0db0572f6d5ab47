import { describe, expect, it } from 'vitest';
import type { Signature } from '../contract/index.js';
import { feedWriter, rowsToFeeds } from './feeds.js';
import { layoutOf, type InputSlot } from './model-layout.js';

// Decoding rows into typed arrays, value by value, against hand-written signatures shaped like the fixtures'.

const classifier: Signature = {
  inputs: [{ name: 'input', dtype: 'float32', shape: [null, 3] }],
  outputs: [
    { name: 'label', dtype: 'int64', shape: [null] },
    { name: 'probabilities', dtype: 'float32', shape: [null, 2] },
  ],
  featureNames: ['age', 'bmi', 'bp'],
};
const layout = layoutOf(classifier);
/** One input per feature, of different dtypes (as some converters write them). */
const perFeature = layoutOf({
  inputs: [
    { name: 'price', dtype: 'float64', shape: [null, 1] },
    { name: 'rooms', dtype: 'int64', shape: [null, 1] },
    { name: 'garden', dtype: 'bool', shape: [null, 1] },
  ],
  outputs: [{ name: 'variable', dtype: 'float32', shape: [null, 1] }],
});

const slot = (dtype: string): InputSlot => ({ name: 'x', dtype, width: 1, offset: 0 });

describe('layoutOf', () => {
  it('reads width, feature names, label and probability outputs, and the task', () => {
    expect(layout).toMatchObject({ width: 3, featureNames: ['age', 'bmi', 'bp'], labelOutput: 'label', probabilitiesOutput: 'probabilities', task: 'classification' });
    expect(layout.columnOf.get('bmi')).toBe(1);
    expect(perFeature).toMatchObject({ width: 3, featureNames: ['price', 'rooms', 'garden'], labelOutput: undefined, task: 'regression' });
    expect(perFeature.inputs.map((s) => [s.name, s.offset, s.width])).toEqual([
      ['price', 0, 1],
      ['rooms', 1, 1],
      ['garden', 2, 1],
    ]);
    // Feature names that do not fit the width are ignored for f0…
    expect(layoutOf({ ...classifier, featureNames: ['a'] }).featureNames).toEqual(['f0', 'f1', 'f2']);
  });
});

describe('feedWriter', () => {
  it('float32 under reject: finite values pass; Infinity, beyond-float32, null and non-numbers are named', () => {
    const w = feedWriter(slot('float32'), 6, 'reject');
    expect([w.put(0, 1.5), w.put(1, -0), w.put(2, 3.4e38)]).toEqual([undefined, undefined, undefined]);
    expect([w.put(3, Infinity), w.put(3, -Infinity), w.put(3, 1e39), w.put(3, null), w.put(3, '1'), w.put(3, [1]), w.put(3, undefined)]).toEqual([
      'Infinity',
      '-Infinity',
      'out of range for float32',
      'null (missing)',
      'string, not a number',
      'object, not a number',
      'undefined, not a number',
    ]);
    expect(Array.from(w.data as Float32Array).slice(0, 3)).toEqual([1.5, -0, Math.fround(3.4e38)]);
  });

  it('float64 under allow: null becomes NaN and infinities pass', () => {
    const w = feedWriter(slot('float64'), 3, 'allow');
    expect([w.put(0, null), w.put(1, Infinity), w.put(2, 1e300)]).toEqual([undefined, undefined, undefined]);
    expect(Array.from(w.data as Float64Array)).toEqual([NaN, Infinity, 1e300]);
    expect(w.put(0, 'x')).toBe('string, not a number');
  });

  it('int32 and int64 take whole numbers in range only', () => {
    const i32 = feedWriter(slot('int32'), 2, 'reject');
    expect([i32.put(0, -7), i32.put(1, 2 ** 31 - 1)]).toEqual([undefined, undefined]);
    expect([i32.put(0, 1.5), i32.put(0, 2 ** 31), i32.put(0, '3'), i32.put(0, NaN)]).toEqual(['1.5, not an integer', '2147483648, out of range', 'string, not an integer', 'NaN, not an integer']);
    const i64 = feedWriter(slot('int64'), 2, 'reject');
    expect([i64.put(0, 2 ** 53 - 1), i64.put(1, -5)]).toEqual([undefined, undefined]);
    expect(i64.data).toEqual(new BigInt64Array([2n ** 53n - 1n, -5n]));
    expect(i64.put(0, 2 ** 53)).toBe('9007199254740992, out of range');
  });

  it('bool takes true/false/0/1', () => {
    const w = feedWriter(slot('bool'), 4, 'reject');
    expect([w.put(0, true), w.put(1, false), w.put(2, 1), w.put(3, 0)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(w.data).toEqual(new Uint8Array([1, 0, 1, 0]));
    expect([w.put(0, 2), w.put(0, 'true'), w.put(0, null)]).toEqual(['2, not a boolean', '"true", not a boolean', 'null, not a boolean']);
  });

  it('refuses dtypes it cannot write upfront', () => {
    expect(() => feedWriter(slot('string'), 1, 'reject')).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID', message: expect.stringMatching(/dtype string/) }));
  });
});

describe('rowsToFeeds', () => {
  it('takes rows as arrays or as records by feature name (extra keys ignored), in one [rows, width] tensor', () => {
    const feeds = rowsToFeeds(layout, [[1, 2, 3], { bp: 6, age: 4, bmi: 5, note: 'ignored' }], 'reject', 10);
    expect(feeds.rows).toBe(2);
    expect(feeds.tensors['input']).toEqual({ dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
  });

  it('splits a row across one input per feature, each with its own dtype', () => {
    const feeds = rowsToFeeds(perFeature, [[1.25, 3, true], { price: 2.5, rooms: 4, garden: 0 }], 'reject', 10);
    expect(feeds.tensors).toEqual({
      price: { dtype: 'float64', shape: [2, 1], data: new Float64Array([1.25, 2.5]) },
      rooms: { dtype: 'int64', shape: [2, 1], data: new BigInt64Array([3n, 4n]) },
      garden: { dtype: 'bool', shape: [2, 1], data: new Uint8Array([1, 0]) },
    });
    expect(() => rowsToFeeds(perFeature, [[1, 2.5, true]], 'reject', 10)).toThrow(/row 0, column 1 \(rooms\) is 2.5, not an integer/);
  });

  it.each([
    ['no rows', [], /the request has no rows/],
    ['a short row', [[1, 2, 3], [1, 2]], /row 1 has 2 values — the model takes 3: age, bmi, bp/],
    ['a null row', [null], /row 0 is null/],
    ['a string row', ['1,2,3'], /row 0 is string/],
    ['a record lacking features', [{ age: 1 }], /row 0 lacks feature\(s\) bmi, bp/],
    ['a wrong value', [[1, 2, 3], [1, 'x', 3]], /row 1, column 1 \(bmi\) is string, not a number/],
  ])('refuses %s with MP_SERVING_INPUT_INVALID', (_what, rows, message) => {
    expect(() => rowsToFeeds(layout, rows as unknown[], 'reject', 10)).toThrow(expect.objectContaining({ code: 'MP_SERVING_INPUT_INVALID', status: 400, message: expect.stringMatching(message) }));
  });

  it('names row and column of a non-finite value (MP_SERVING_NON_FINITE) and refuses too many rows with 413', () => {
    expect(() => rowsToFeeds(layout, [[1, 2, 3], { age: 1, bmi: null, bp: 3 }], 'reject', 10)).toThrow(
      expect.objectContaining({ code: 'MP_SERVING_NON_FINITE', message: 'row 1, column 1 (bmi) is null (missing) — send finite numbers (the NaN/Inf policy is reject)' }),
    );
    expect(() => rowsToFeeds(layout, Array.from({ length: 11 }, () => [1, 2, 3]), 'reject', 10)).toThrow(expect.objectContaining({ code: 'MP_SERVING_TOO_MANY_ROWS', status: 413 }));
  });

  it('lists at most five missing features', () => {
    const wide = layoutOf({ inputs: [{ name: 'input', dtype: 'float32', shape: [null, 8] }], outputs: [] });
    expect(() => rowsToFeeds(wide, [{}], 'reject', 10)).toThrow(/lacks feature\(s\) f0, f1, f2, f3, f4, …/);
  });

  it('does not take features from a __proto__ key of a record', () => {
    expect(() => rowsToFeeds(layout, [JSON.parse('{"__proto__": {"age": 1, "bmi": 2, "bp": 3}}') as unknown], 'reject', 10)).toThrow(/lacks feature\(s\) age, bmi, bp/);
  });
});
