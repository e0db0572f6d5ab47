import { describe, expect, it } from 'vitest';
import { isMpError, type ErrorCode } from './errors.js';
import { parseKeyValues, parseNumericKeyValues } from './key-value.js';

function codeOf(fn: () => unknown): { code: ErrorCode | null; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isMpError(e) ? e.code : null, message: (e as Error).message };
  }
  throw new Error('expected a throw');
}

describe('parseKeyValues', () => {
  it('parses pairs; the value keeps every later "="', () => {
    expect(parseKeyValues(['owner=ana', 'note=a=b', 'url=https://x/?q=1&r=2'])).toEqual({ owner: 'ana', note: 'a=b', url: 'https://x/?q=1&r=2' });
  });

  it('gives an empty record for no items', () => {
    expect(parseKeyValues([])).toEqual({});
  });

  it('lets a later key win', () => {
    expect(parseKeyValues(['a=1', 'b=2', 'a=3'])).toEqual({ a: '3', b: '2' });
  });

  it('trims the key but keeps the value verbatim, empty included', () => {
    expect(parseKeyValues([' team =  ml  ', 'empty='])).toEqual({ team: '  ml  ', empty: '' });
  });

  it.each([
    ['novalue', 'novalue=value'],
    ['=x', 'key=value'],
    ['   =x', '   =value'],
    ['', 'key=value'],
  ])('refuses %j with MP_INPUT_KV_MALFORMED and the fix %j', (item, fix) => {
    const { code, message } = codeOf(() => parseKeyValues(['ok=1', item]));
    expect(code).toBe('MP_INPUT_KV_MALFORMED');
    expect(message).toBe(`'${item}' is not key=value — write it as ${fix}`);
  });
});

describe('parseNumericKeyValues', () => {
  it('parses finite numbers in every JS notation', () => {
    expect(parseNumericKeyValues(['accuracy=0.93', 'loss=-1e-3', 'n=42', 'hex=0x10', 'pad= 7 '])).toEqual({
      accuracy: 0.93,
      loss: -0.001,
      n: 42,
      hex: 16,
      pad: 7,
    });
  });

  it.each(['accuracy=', 'accuracy=  ', 'accuracy=abc', 'accuracy=NaN', 'accuracy=Infinity', 'accuracy=-Infinity', 'accuracy=1,5'])(
    'refuses %j with MP_INPUT_INVALID naming the metric and an example',
    (item) => {
      const { code, message } = codeOf(() => parseNumericKeyValues([item]));
      expect(code).toBe('MP_INPUT_INVALID');
      expect(message).toContain(`metric ${item} is not a finite number`);
      expect(message).toContain('write it as accuracy=0.93');
    },
  );

  it('reports a malformed pair before checking numbers', () => {
    expect(codeOf(() => parseNumericKeyValues(['oops'])).code).toBe('MP_INPUT_KV_MALFORMED');
  });
});
