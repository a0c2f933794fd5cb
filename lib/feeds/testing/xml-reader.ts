// A deliberately small XML reader for tests: enough of XML 1.0 to prove a generated feed is
// well-formed (one root, balanced and properly nested tags, quoted attributes, no raw "<" or bare
// "&" in text, only the predefined and numeric entities) and to read it back as a tree.
// Not for untrusted input in production: no DTDs, no CDATA, no processing instructions but the
// XML declaration.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside this element (children's text excluded). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = "XmlSyntaxError";
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

const isNameStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === ":";
const isNameChar = (c: string) => isNameStart(c) || (c >= "0" && c <= "9") || c === "-" || c === ".";
const isSpace = (c: string | undefined) => c === " " || c === "\n" || c === "\t" || c === "\r";

export function readXml(source: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, pos);
  };
  const startsWith = (s: string) => source.startsWith(s, pos);
  const skipSpace = () => {
    while (isSpace(source[pos])) pos++;
  };
  const readName = () => {
    const start = pos;
    if (!isNameStart(source[pos] ?? "")) fail("expected a name");
    while (pos < source.length && isNameChar(source[pos] ?? "")) pos++;
    return source.slice(start, pos);
  };
  const decode = (raw: string, at: number): string => {
    let out = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i] ?? "";
      if (c === "<") throw new XmlSyntaxError('raw "<" in text', at + i);
      if (c !== "&") {
        out += c;
        continue;
      }
      const end = raw.indexOf(";", i);
      if (end < 0) throw new XmlSyntaxError('bare "&"', at + i);
      const ref = raw.slice(i + 1, end);
      if (ref.startsWith("#x")) out += String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      else if (ref.startsWith("#")) out += String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      else if (ref in ENTITIES) out += ENTITIES[ref];
      else throw new XmlSyntaxError(`unknown entity &${ref};`, at + i);
      i = end;
    }
    return out;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) {
        const end = source.indexOf("-->", pos);
        if (end < 0) fail("unclosed comment");
        pos = end + 3;
      } else return;
    }
  };

  const readElement = (): XmlElement => {
    if (!startsWith("<")) fail('expected "<"');
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = isSpace(source[pos]);
      skipSpace();
      if (startsWith("/>")) {
        pos += 2;
        return { name, attributes, children: [], text: "" };
      }
      if (startsWith(">")) {
        pos++;
        break;
      }
      if (!hadSpace) fail("expected whitespace between attributes");
      const attr = readName();
      if (attr in attributes) fail(`duplicate attribute ${attr}`);
      skipSpace();
      if (source[pos] !== "=") fail(`expected "=" after ${attr}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail("attribute value must be quoted");
      const end = source.indexOf(quote as string, pos + 1);
      if (end < 0) fail("unclosed attribute value");
      attributes[attr] = decode(source.slice(pos + 1, end), pos + 1);
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      if (pos >= source.length) fail(`unclosed <${name}>`);
      if (startsWith("</")) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (source[pos] !== ">") fail('expected ">"');
        pos++;
        return { name, attributes, children, text };
      }
      if (startsWith("<!--")) {
        skipMisc();
        continue;
      }
      if (startsWith("<")) {
        children.push(readElement());
        continue;
      }
      const next = source.indexOf("<", pos);
      const end = next < 0 ? source.length : next;
      text += decode(source.slice(pos, end), pos);
      pos = end;
    }
  };

  if (startsWith("<?xml")) {
    const end = source.indexOf("?>", pos);
    if (end < 0) fail("unclosed XML declaration");
    pos = end + 2;
  }
  skipMisc();
  const root = readElement();
  skipMisc();
  if (pos !== source.length) fail("content after the root element");
  return root;
}

/** Direct children named `name`. */
export const childrenNamed = (element: XmlElement, name: string) =>
  element.children.filter((c) => c.name === name);

/** The text of the first direct child named `name`, or undefined. */
export const childText = (element: XmlElement, name: string) => childrenNamed(element, name)[0]?.text;
