import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { createSeededRandom, type Random } from './random.js';

/**
 * A reference implementation: sort keys at every depth, then let JSON.stringify do the rest. It is only valid
 * for keys that are not array indices ('9', '10'): JS enumerates those numerically first, whatever the insertion.
 */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedDeep((value as Record<string, unknown>)[key]);
  return out;
}

const KEYS = ['a', 'b', 'B', 'aa', '', 'é', 'z', 'x10', 'x9', 'k"q', 'line\nbreak', '😀'];
const STRINGS = ['', 'x', 'quote"', 'back\\slash', 'tab\t', '\u0000', 'ünï', '😀', '</script>'];

function randomJson(r: Random, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r.next() * list.length)]!;
  const kind = depth <= 0 ? Math.floor(r.next() * 4) : Math.floor(r.next() * 6);
  if (kind === 0) return pick([null, true, false]);
  if (kind === 1) return pick([0, -1, 1.5, 1e21, -2.5e-7, 123456789, Number.MAX_SAFE_INTEGER]);
  if (kind === 2) return pick(STRINGS);
  if (kind === 3) return Math.floor(r.next() * 1000) / 8;
  if (kind === 4) return Array.from({ length: Math.floor(r.next() * 4) }, () => randomJson(r, depth - 1));
  const entries = Array.from({ length: Math.floor(r.next() * 5) }, () => [pick(KEYS), randomJson(r, depth - 1)] as const);
  return Object.fromEntries(entries);
}

/** The same object with its keys inserted in the reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order (the documented example)', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('prints scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(0)).toBe('0');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('a"b\n')).toBe('"a\\"b\\n"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('drops undefined members, and writes undefined, NaN and Infinity as null like JSON.stringify', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
    expect(canonicalJson([undefined, NaN, Infinity])).toBe('[null,null,null]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('orders keys by UTF-16 code unit, as JSON canonicalisation (RFC 8785) does', () => {
    expect(canonicalJson({ b: 0, a: 0, B: 0, '10': 0, '9': 0, é: 0, '': 0 })).toBe('{"":0,"10":0,"9":0,"B":0,"a":0,"b":0,"é":0}');
  });

  it('sorts index-like keys as text too, unlike JS property order', () => {
    expect(canonicalJson({ '9': 0, '10': 1 })).toBe('{"10":1,"9":0}');
    expect(canonicalJson({ '10': 1, '9': 0 })).toBe('{"10":1,"9":0}');
  });

  it('escapes keys like JSON.stringify', () => {
    expect(canonicalJson({ 'k"q': 1, 'line\nbreak': 2 })).toBe('{"k\\"q":1,"line\\nbreak":2}');
  });

  it('gives the same text for equal values built in different key orders (200 seeded random values)', () => {
    const r = createSeededRandom(20260115);
    for (let i = 0; i < 200; i++) {
      const value = randomJson(r, 4);
      const text = canonicalJson(value);
      expect(text).toBe(JSON.stringify(sortedDeep(value)));
      expect(canonicalJson(reversedKeys(value))).toBe(text);
      expect(JSON.parse(text)).toEqual(value);
      expect(text).not.toMatch(/^\s|\s$|":\s|,\s/);
    }
  });

  it('tells different values apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: { b: 1 } })).not.toBe(canonicalJson({ 'a.b': 1 }));
  });
});
