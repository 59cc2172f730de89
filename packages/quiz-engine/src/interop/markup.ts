import { KEPT_TAGS } from "../render-markup.ts";

/**
 * HTML as GIFT and QTI carry it, read in one linear pass: no regex over tags, so a megabyte of
 * `<` or of unclosed tags costs one scan. `htmlToPlain` gives the text a reader sees;
 * `sanitizeHtml` keeps a small set of formatting tags, without attributes, and drops the rest.
 */

const BREAKS = new Set(["br", "hr", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"]);
/** Breaks with no closing tag. */
const VOID_BREAKS = new Set(["br", "hr"]);
/** Whether a tag ends a line: a void break, or the close of a block. */
const endsLine = (tag: { name: string; isClosing: boolean }) =>
  BREAKS.has(tag.name) && (VOID_BREAKS.has(tag.name) || tag.isClosing);
const KEPT: ReadonlySet<string> = new Set(KEPT_TAGS);
/** Where a dropped block ended a line; resolved to a `<br>` or nothing once its neighbours are known. */
const DROPPED_BREAK = "\u0000";
const BLOCK_START = /^<(?:p|ul|ol|pre|blockquote|table)>$/;
const BLOCK_END = /^<\/(?:p|li|ul|ol|pre|blockquote|table)>$/;
/** Layout that is dropped (its text stays) without being worth a warning: nothing in it can run or load. */
const HARMLESS = new Set(["span", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "font"]);
/** Elements whose content is never text: dropped with it. */
const OPAQUE = new Set(["script", "style", "iframe", "object", "template", "noscript", "svg", "math"]);

const ENTITIES: Record<string, string> = { nbsp: " ", lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

/** Decodes named and numeric character references in one pass. */
export function decodeEntities(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const amp = text.indexOf("&", from);
    if (amp < 0) break;
    // A reference is short: look no further than 12 characters for its “;” (keeps the scan linear).
    const near = text.slice(amp + 1, amp + 13).indexOf(";");
    const semi = near < 0 ? -1 : amp + 1 + near;
    const name = semi > amp ? text.slice(amp + 1, semi) : "";
    let decoded: string | undefined;
    if (/^#\d+$/.test(name)) decoded = safeCodePoint(Number(name.slice(1)));
    else if (/^#x[0-9a-f]+$/i.test(name)) decoded = safeCodePoint(Number.parseInt(name.slice(2), 16));
    else decoded = ENTITIES[name];
    if (decoded === undefined) {
      out += text.slice(from, amp + 1);
      from = amp + 1;
    } else {
      out += text.slice(from, amp) + decoded;
      from = semi + 1;
    }
  }
  return out + text.slice(from);
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

interface Tag {
  name: string;
  isClosing: boolean;
  /** Index just past the tag's `>`. */
  end: number;
}

const isNameChar = (c: string | undefined) =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9"));

/**
 * Reads tags left to right. The next `>` is looked up once and reused until passed, so a run of
 * `<` costs one scan, not one per `<`.
 */
class TagReader {
  private nextGt = -2;
  constructor(private readonly text: string) {}

  /** The tag at `lt` (a `<`); "text" when `<` starts no tag; null when no `>` follows (nor any tag). */
  read(lt: number): Tag | null | "text" {
    const text = this.text;
    let i = lt + 1;
    const isClosing = text[i] === "/";
    if (isClosing) i++;
    // A browser reads “<” as a tag only before a letter, “/” or “!”.
    if (!isClosing && !isNameChar(text[i]) && text[i] !== "!") return "text";
    if (this.nextGt !== -1 && this.nextGt <= lt) this.nextGt = text.indexOf(">", lt + 1);
    const gt = this.nextGt;
    if (gt < 0) return null;
    let name = "";
    while (i < gt && isNameChar(text[i])) name += text[i++];
    return { name: name.toLowerCase(), isClosing, end: gt + 1 };
  }
}

/** Where an opaque element's closing tag ends (or the text's end). */
function skipOpaque(lower: string, name: string, from: number): number {
  const close = lower.indexOf(`</${name}`, from);
  if (close < 0) return lower.length;
  const gt = lower.indexOf(">", close);
  return gt < 0 ? lower.length : gt + 1;
}

interface Walk {
  text: (chunk: string) => void;
  tag: (tag: Tag, source: string) => void;
  opaque?: (name: string) => void;
}

/** Calls `text` for each run between tags (a `<` that starts no tag stays in its run) and `tag` for each tag. */
function walk(html: string, visit: Walk): void {
  const lower = html.toLowerCase();
  const reader = new TagReader(html);
  let from = 0;
  let search = 0;
  for (;;) {
    const lt = html.indexOf("<", search);
    if (lt < 0) break;
    const tag = reader.read(lt);
    if (tag === null) break;
    if (tag === "text") {
      search = lt + 1;
      continue;
    }
    visit.text(html.slice(from, lt));
    if (!tag.isClosing && OPAQUE.has(tag.name)) {
      visit.opaque?.(tag.name);
      from = skipOpaque(lower, tag.name, tag.end);
    } else {
      visit.tag(tag, html.slice(lt, tag.end));
      from = tag.end;
    }
    search = from;
  }
  visit.text(html.slice(from));
}

/**
 * The plain text of an HTML fragment: tags removed, line breaks for `<br>` and block ends,
 * entities decoded, scripts and styles dropped with their content.
 *
 * @example
 * htmlToPlain("<p>Grant's <b>tomb</b></p>"); // "Grant's tomb"
 */
export function htmlToPlain(html: string): string {
  const parts: string[] = [];
  walk(html, {
    text: (chunk) => parts.push(chunk),
    tag: (tag) => {
      if (endsLine(tag)) parts.push("\n");
      else if ((tag.name === "td" || tag.name === "th") && tag.isClosing) parts.push(" ");
    },
  });
  return decodeEntities(parts.join(""))
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .trim();
}

function escapeText(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An HTML fragment reduced to formatting tags without attributes (`b`, `i`, `p`, lists, `code`, ...):
 * safe to render, since nothing can run or load. Reports what it removed.
 *
 * @example
 * sanitizeHtml('<p onclick="x()">Hi<script>bad()</script></p>'); // { html: "<p>Hi</p>", removed: ["script", "attributes"] }
 */
export function sanitizeHtml(html: string): { html: string; removed: string[] } {
  const parts: string[] = [];
  const removed = new Set<string>();
  walk(html, {
    text: (chunk) => parts.push(escapeText(chunk)),
    opaque: (name) => removed.add(name),
    tag: (tag, source) => {
      if (KEPT.has(tag.name)) {
        const inner = source.slice(1 + (tag.isClosing ? 1 : 0) + tag.name.length, -1).trim();
        if (inner !== "" && inner !== "/") removed.add("attributes");
        parts.push(tag.name === "br" ? "<br>" : `<${tag.isClosing ? "/" : ""}${tag.name}>`);
      } else if (endsLine(tag)) {
        // A dropped heading, rule or division still ends its line.
        parts.push(DROPPED_BREAK);
        if (!HARMLESS.has(tag.name)) removed.add(tag.name);
      } else if (tag.name !== "" && !HARMLESS.has(tag.name)) {
        removed.add(tag.name);
      }
    },
  });
  // A break from a dropped block is only needed between inline content: not at either end, nor next
  // to a kept block, which breaks the line itself. One pass over the parts.
  const out: string[] = [];
  let pending = false;
  let last = "";
  for (const part of parts) {
    if (part === DROPPED_BREAK) {
      pending = true;
      continue;
    }
    const solid = part.trim() !== "";
    if (pending && solid) {
      if (last !== "" && !BLOCK_END.test(last) && !BLOCK_START.test(part)) out.push("<br>");
      pending = false;
    }
    out.push(part);
    if (solid) last = part;
  }
  return { html: out.join("").trim(), removed: [...removed] };
}
