import { describe, expect, it } from 'vitest';
import { isMpError } from './errors.js';
import { formatModelRef, parseModelUri, versionUri, type ModelRef } from './model-uri.js';

describe('parseModelUri', () => {
  it.each<[string, ModelRef]>([
    ['models:/fraud/3', { name: 'fraud', kind: 'version', version: 3 }],
    ['models:/fraud@champion', { name: 'fraud', kind: 'alias', alias: 'champion' }],
    ['models:/fraud/latest', { name: 'fraud', kind: 'latest' }],
    ['fraud/3', { name: 'fraud', kind: 'version', version: 3 }],
    ['fraud@champion', { name: 'fraud', kind: 'alias', alias: 'champion' }],
    ['fraud/latest', { name: 'fraud', kind: 'latest' }],
    ['  fraud/12  ', { name: 'fraud', kind: 'version', version: 12 }],
    ['Fraud.v2_x-y/007', { name: 'Fraud.v2_x-y', kind: 'version', version: 7 }],
    ['9lives@_shadow-2', { name: '9lives', kind: 'alias', alias: '_shadow-2' }],
    [`${'a'.repeat(128)}/1`, { name: 'a'.repeat(128), kind: 'version', version: 1 }],
    [`m@${'b'.repeat(64)}`, { name: 'm', kind: 'alias', alias: 'b'.repeat(64) }],
  ])('parses %s', (text, ref) => {
    expect(parseModelUri(text)).toEqual(ref);
  });

  it.each([
    '',
    'fraud',
    'models:/fraud',
    'models://fraud/3',
    'model:/fraud/3',
    'fraud/0',
    'fraud/-1',
    'fraud/1.5',
    'fraud/3/4',
    'fraud/',
    'fraud@',
    'fraud@2x',
    'fraud@a b',
    'fraud@a/3',
    '-fraud/3',
    '.fraud/3',
    'fr aud/3',
    'fraud/LATEST',
    `${'a'.repeat(129)}/1`,
    `m@${'b'.repeat(65)}`,
    'fraud/99999999999999999999',
  ])('refuses %j with MP_URI_INVALID naming the text', (text) => {
    let caught: unknown;
    try {
      parseModelUri(text);
    } catch (e) {
      caught = e;
    }
    expect(isMpError(caught, 'MP_URI_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(`'${text}'`);
  });
});

describe('formatModelRef', () => {
  it.each<[ModelRef, string]>([
    [{ name: 'fraud', kind: 'version', version: 3 }, 'models:/fraud/3'],
    [{ name: 'fraud', kind: 'alias', alias: 'champion' }, 'models:/fraud@champion'],
    [{ name: 'fraud', kind: 'latest' }, 'models:/fraud/latest'],
  ])('formats %o as %s and parses back to the same ref', (ref, text) => {
    expect(formatModelRef(ref)).toBe(text);
    expect(parseModelUri(formatModelRef(ref))).toEqual(ref);
  });

  it.each(['fraud/3', 'fraud@champion', 'fraud/latest', 'models:/a.b-c_d/42'])('canonicalises the short form %s idempotently', (text) => {
    const canonical = formatModelRef(parseModelUri(text));
    expect(canonical.startsWith('models:/')).toBe(true);
    expect(formatModelRef(parseModelUri(canonical))).toBe(canonical);
  });

  it('versionUri is the canonical text of a fixed version', () => {
    expect(versionUri('fraud', 3)).toBe('models:/fraud/3');
    expect(versionUri('fraud', 3)).toBe(formatModelRef({ name: 'fraud', kind: 'version', version: 3 }));
  });
});
