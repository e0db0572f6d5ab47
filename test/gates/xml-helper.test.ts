import { describe, expect, it } from 'vitest';
import { parseXml } from '../helpers/xml.js';

// The JUnit checks are only as good as this parser: it must refuse what a CI system's XML parser would refuse.
describe('the test XML parser', () => {
  it('reads elements, attributes, entities and text', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2" y=\'&#10;\'><b/>t&lt;u<c>v</c></a>\n');
    expect(root).toEqual({ name: 'a', attributes: { x: '1 & 2', y: '\n' }, text: 't<u', children: [{ name: 'b', attributes: {}, children: [], text: '' }, { name: 'c', attributes: {}, children: [], text: 'v' }] });
  });

  it.each([
    ['<a><b></a>', 'closes'],
    ['<a x="1" x="2"/>', 'duplicate attribute'],
    ['<a>1 & 2</a>', "bare '<' or '&'"],
    ['<a x="a<b"/>', "bare '<' or '&'"],
    ['<a/><b/>', 'content after the root element'],
    ['<a>', 'unclosed <a>'],
  ])('refuses %s', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });
});
