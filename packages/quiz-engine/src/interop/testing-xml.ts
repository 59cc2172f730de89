/**
 * A small, strict XML 1.0 well-formedness checker for tests (no XML parser is installed, and the
 * QTI export must not pull one in): elements, attributes, entities, comments, the prolog. It
 * returns the element tree so tests can check structure. Not part of the public API.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

export class XmlError extends Error {}

function decode(text: string, at: number): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "<") throw new XmlError(`raw "<" at ${at + i}`);
    if (c === "&") {
      const m = ENTITY.exec(text.slice(i));
      if (!m) throw new XmlError(`bad entity at ${at + i}: ${text.slice(i, i + 10)}`);
      const e = m[0];
      out +=
        e === "&amp;"
          ? "&"
          : e === "&lt;"
            ? "<"
            : e === "&gt;"
              ? ">"
              : e === "&quot;"
                ? '"'
                : e === "&apos;"
                  ? "'"
                  : String.fromCodePoint(
                      e.startsWith("&#x") ? Number.parseInt(e.slice(3, -1), 16) : Number(e.slice(2, -1)),
                    );
      i += e.length - 1;
    } else out += c;
  }
  return out;
}

/** Parses `xml`, throwing `XmlError` on the first well-formedness error. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) throw new XmlError("unterminated prolog");
    if (
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(
        xml.slice(0, end + 2),
      )
    ) {
      throw new XmlError("bad prolog");
    }
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0) {
      if (text.trim() !== "") throw new XmlError(`text outside the root at ${i}`);
    } else {
      (stack[stack.length - 1] as XmlElement).text += decode(text, i);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) throw new XmlError("unterminated comment");
      if (xml.slice(i + 4, end).includes("--")) throw new XmlError("-- inside a comment");
      i = end + 3;
      continue;
    }
    if (xml.startsWith("</", i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const name = m?.[0] ?? "";
      const close = xml.indexOf(">", i);
      if (!m || xml.slice(i + 2 + name.length, close).trim() !== "")
        throw new XmlError(`bad end tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new XmlError(`</${name}> closes <${open?.name ?? "nothing"}> at ${i}`);
      i = close + 1;
      continue;
    }
    if (xml.startsWith("<!", i) || xml.startsWith("<?", i)) throw new XmlError(`unexpected markup at ${i}`);
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) throw new XmlError(`bad tag name at ${i}`);
    const element: XmlElement = { name: m[0], attributes: {}, children: [], text: "" };
    i += 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
      i += ws;
      if (xml.startsWith("/>", i) || xml.startsWith(">", i)) break;
      if (ws === 0) throw new XmlError(`attributes need white space before them at ${i}`);
      const a = /^([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(i));
      if (!a) throw new XmlError(`bad attribute at ${i}: ${xml.slice(i, i + 30)}`);
      const name = a[1] as string;
      if (name in element.attributes) throw new XmlError(`duplicate attribute ${name} at ${i}`);
      element.attributes[name] = decode(a[3] ?? a[4] ?? "", i);
      i += a[0].length;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) throw new XmlError(`a second root element at ${i}`);
    else root = element;
    if (xml.startsWith("/>", i)) i += 2;
    else {
      i += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (!root) throw new XmlError("no root element");
  return root;
}

/** Every descendant element named `name`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) found.push(e);
    for (const c of e.children) walk(c);
  };
  walk(element);
  return found;
}
