/**
 * A small, strict XML parser for tests (elements, attributes, text, the five entities and numeric character
 * references, comments, the XML declaration). Written here so JUnit reports are checked by something that is not
 * the code that wrote them. Throws on anything malformed: unclosed or mismatched tags, a bare '&' or '<', a
 * duplicate attribute, text outside the root.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const cursor = new Cursor(source);
  cursor.skipMisc();
  const root = element(cursor);
  cursor.skipMisc();
  if (cursor.at !== source.length) cursor.fail('content after the root element');
  return root;
}

/** Child elements named `name`. */
export const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

class Cursor {
  at = 0;
  constructor(readonly source: string) {}

  fail(why: string): never {
    throw new Error(`XML error at ${this.at}: ${why} (…${this.source.slice(Math.max(0, this.at - 20), this.at + 20)}…)`);
  }

  skipSpace(): void {
    while (/\s/.test(this.source[this.at] ?? '')) this.at++;
  }

  /** Skips blanks, comments and processing instructions (the XML declaration). */
  skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.source.startsWith('<?', this.at)) this.skipPast('?>');
      else if (this.source.startsWith('<!--', this.at)) this.skipPast('-->');
      else return;
    }
  }

  skipPast(end: string): void {
    const i = this.source.indexOf(end, this.at);
    if (i < 0) this.fail(`no closing ${end}`);
    this.at = i + end.length;
  }

  name(what: string): string {
    const n = NAME.exec(this.source.slice(this.at))?.[0] ?? this.fail(`expected ${what}`);
    this.at += n.length;
    return n;
  }

  expect(c: string): void {
    if (this.source[this.at] !== c) this.fail(`expected ${c}`);
    this.at++;
  }

  decode(raw: string): string {
    if (/<|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) this.fail(`bare '<' or '&' in ${JSON.stringify(raw.slice(0, 40))}`);
    return raw.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
    );
  }
}

function element(c: Cursor): XmlElement {
  c.expect('<');
  const name = c.name('a tag name');
  const { attributes, selfClosing } = attributeList(c);
  return selfClosing ? { name, attributes, children: [], text: '' } : { name, attributes, ...content(c, name) };
}

function attributeList(c: Cursor): { attributes: Record<string, string>; selfClosing: boolean } {
  const attributes: Record<string, string> = {};
  for (;;) {
    c.skipSpace();
    if (c.source.startsWith('/>', c.at)) {
      c.at += 2;
      return { attributes, selfClosing: true };
    }
    if (c.source[c.at] === '>') {
      c.at++;
      return { attributes, selfClosing: false };
    }
    const attr = c.name('an attribute');
    c.skipSpace();
    c.expect('=');
    c.skipSpace();
    const quote = c.source[c.at];
    if (quote !== '"' && quote !== "'") c.fail('expected a quoted value');
    const end = c.source.indexOf(quote!, c.at + 1);
    if (end < 0) c.fail('unclosed attribute value');
    if (attr in attributes) c.fail(`duplicate attribute ${attr}`);
    attributes[attr] = c.decode(c.source.slice(c.at + 1, end));
    c.at = end + 1;
  }
}

function content(c: Cursor, name: string): { children: XmlElement[]; text: string } {
  const children: XmlElement[] = [];
  let text = '';
  for (;;) {
    const next = c.source.indexOf('<', c.at);
    if (next < 0) c.fail(`unclosed <${name}>`);
    text += c.decode(c.source.slice(c.at, next));
    c.at = next;
    if (c.source.startsWith('</', c.at)) {
      c.at += 2;
      const close = c.name('a closing tag name');
      if (close !== name) c.fail(`</${close}> closes <${name}>`);
      c.skipSpace();
      c.expect('>');
      return { children, text };
    }
    if (c.source.startsWith('<!--', c.at)) c.skipPast('-->');
    else children.push(element(c));
  }
}
