/** Characters XML 1.0 forbids even escaped (C0 controls but tab, newline, carriage return; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe inside an XML/HTML element or a double- or single-quoted attribute: markup characters escaped, characters
 * XML cannot carry dropped, and (for attributes) line breaks kept as character references.
 * @example escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** A number for a report: 4 significant digits, '–' for none. */
export function fmtNumber(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
