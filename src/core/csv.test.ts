import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.js';

function syntaxError(text: string): CsvSyntaxError {
  try {
    parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('parseCsv', () => {
  it('splits a header and rows, all as text', () => {
    expect(parseCsv('a,b,c\n1,2,3\n4,5,6\n')).toEqual({ header: ['a', 'b', 'c'], rows: [['1', '2', '3'], ['4', '5', '6']] });
  });

  it('gives the same table with or without a trailing newline', () => {
    const want = { header: ['a', 'b'], rows: [['1', '2']] };
    expect(parseCsv('a,b\n1,2')).toEqual(want);
    expect(parseCsv('a,b\n1,2\n')).toEqual(want);
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual(want);
  });

  it('accepts a header with no rows', () => {
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [] });
    expect(parseCsv('a,b')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  it('reads quoted fields with commas, doubled quotes and empty quotes', () => {
    const t = parseCsv('a,b,c\n"x,y","say ""hi""",""\n"""",plain,"a""""b"\n');
    expect(t.rows).toEqual([
      ['x,y', 'say "hi"', ''],
      ['"', 'plain', 'a""b'],
    ]);
  });

  it('keeps newlines (LF and CRLF) inside quoted fields', () => {
    const t = parseCsv('id,note\n1,"two\nlines"\n2,"crlf\r\ninside"\r\n3,"x"\n');
    expect(t.rows).toEqual([
      ['1', 'two\nlines'],
      ['2', 'crlf\r\ninside'],
      ['3', 'x'],
    ]);
  });

  it('treats CRLF, LF and a lone CR as record ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4').rows).toEqual([['1', '2'], ['3', '4']]);
    expect(parseCsv('a,b\r1,2\r3,4\r').rows).toEqual([['1', '2'], ['3', '4']]);
    expect(parseCsv('a,b\n1,2\r\n3,4\r5,6').rows).toEqual([['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('strips a UTF-8 byte order mark before the header, and only there', () => {
    const t = parseCsv('\uFEFFa,b\n1,\uFEFF2\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([['1', '\uFEFF2']]);
  });

  it('trims header names but not values', () => {
    expect(parseCsv(' a , b\n 1 ,2 \n')).toEqual({ header: ['a', 'b'], rows: [[' 1 ', '2 ']] });
  });

  it('skips empty lines anywhere after the header', () => {
    expect(parseCsv('a,b\n\n1,2\n\r\n\n3,4\n\n').rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('keeps empty unquoted fields', () => {
    expect(parseCsv('a,b,c\n,,\n1,,3\n').rows).toEqual([['', '', ''], ['1', '', '3']]);
  });

  it('keeps a row whose only field is a quoted empty string (a missing value, not a blank line)', () => {
    // RFC 4180: "" is an empty field. In a one-column file, dropping it would silently lose a missing value.
    expect(parseCsv('y\n1\n""\n3\n').rows).toEqual([['1'], [''], ['3']]);
  });

  it.each([
    ['a,b\n1,2\n3\n', 3, 'has 1 fields, the header has 2'],
    ['a,b\n1,2,3\n', 2, 'has 3 fields, the header has 2'],
    ['a,b\r\n1,2\r\n\r\n4,5,6\r\n', 4, 'has 3 fields, the header has 2'],
    ['a,b\n"multi\nline",1\n"x\r\ny",2\nbad\n', 6, 'has 1 fields, the header has 2'],
    ['a,b\n1,2\n3,4,\n', 3, 'has 3 fields, the header has 2'],
  ])('refuses a ragged row with the line where it starts (%#)', (text, line, message) => {
    const e = syntaxError(text);
    expect(e.line).toBe(line);
    expect(e.message).toBe(`line ${line}: ${message}`);
  });

  it('refuses an unclosed quote with the line of the record it opens', () => {
    const e = syntaxError('a,b\n1,2\n3,"never\nclosed\n');
    expect(e.line).toBe(3);
    expect(e.message).toBe('line 3: a quoted field is never closed');
  });

  it.each(['', '\n', ',,\n1,2,3\n', '\uFEFF'])('refuses %j: no header row, on line 1', (text) => {
    const e = syntaxError(text);
    expect(e.line).toBe(1);
    expect(e.message).toBe('line 1: no header row');
  });
});
