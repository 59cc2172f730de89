import type { NormalizationChange, NormalizationChangeKind, NormalizationReport } from "./bundle.ts";
import { lexicon } from "./lexicon.ts";
import { isInModelVocabulary, isKnownWord } from "./nlp.ts";
import { type CasingEvidence, collectCasingEvidence, titleCaseEdits } from "./title-case.ts";
import {
  hasLetter,
  hasLower,
  hasUpper,
  isAllLower,
  isAllUpper,
  isCapitalised,
  startsUpper,
} from "./word-classes.ts";
import { capitalAfter, forEachLetterRun, forEachWord, stopWords } from "./words.ts";

/**
 * Normalised text with its provenance: character `i` of `text` came from
 * `rawText.slice(rawStarts[i], rawEnds[i])` (an inserted character has an empty range).
 */
export interface NormalizedText {
  rawText: string;
  text: string;
  rawStarts: Int32Array;
  rawEnds: Int32Array;
  changes: NormalizationChange[];
}

/** One change a pass proposes to the current text: replace `[start, end)` by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
  kind: NormalizationChangeKind;
}

/**
 * A normalisation pass: the edits it proposes to `text`. `context` is the whole current text, for a
 * pass that looks beyond the lines it is given (it equals `text` on a full run).
 */
type Pass = (text: string, context: string) => Edit[];

/**
 * Maps a span of normalised text back to the raw text, end exclusive.
 *
 * @example
 * const n = normalizeText("Hello  world");
 * toRawSpan(n, 0, n.text.length); // { rawStart: 0, rawEnd: 12 }
 */
export function toRawSpan(
  normalized: Pick<NormalizedText, "rawStarts" | "rawEnds" | "rawText">,
  start: number,
  end: number,
): { rawStart: number; rawEnd: number } {
  const { rawStarts, rawEnds } = normalized;
  if (rawStarts.length === 0) return { rawStart: 0, rawEnd: 0 };
  const first = Math.min(Math.max(start, 0), rawStarts.length - 1);
  const last = Math.min(Math.max(end - 1, first), rawEnds.length - 1);
  let rawStart = rawStarts[first] ?? 0;
  let rawEnd = rawEnds[last] ?? rawStart;
  // Inserted characters at the edges have empty ranges: widen to the nearest real character.
  for (let i = first; i <= last && rawStarts[i] === rawEnds[i]; i++) rawStart = rawStarts[i + 1] ?? rawStart;
  for (let i = last; i >= first && rawStarts[i] === rawEnds[i]; i--) rawEnd = rawEnds[i - 1] ?? rawEnd;
  if (rawEnd < rawStart) rawEnd = rawStart;
  return { rawStart, rawEnd };
}

/** Applies a pass's edits; returns the new text and the edits it applied (sorted, disjoint). */
/**
 * Two pairs of offset buffers that passes write into in turn, so a pass that changes a few
 * characters does not allocate two new arrays the size of the text: the map is copied out once, at
 * the end. Each NormalizedText a pass returns is a view of the buffers it was written into.
 */
class OffsetBuffers {
  private pairs: Array<[Int32Array, Int32Array]> = [];
  private turn = 0;

  /** Views of `length` into the pair not holding `current` (grown when too small). */
  next(length: number, current: Int32Array): [Int32Array, Int32Array] {
    this.turn = 1 - this.turn;
    let pair = this.pairs[this.turn];
    if (pair && pair[0].buffer === current.buffer) {
      this.turn = 1 - this.turn;
      pair = this.pairs[this.turn];
    }
    if (!pair || pair[0].length < length) {
      const capacity = Math.ceil(length * 1.25) + 16;
      pair = [new Int32Array(capacity), new Int32Array(capacity)];
      this.pairs[this.turn] = pair;
    }
    return [pair[0].subarray(0, length), pair[1].subarray(0, length)];
  }
}

function applyEdits(
  current: NormalizedText,
  proposed: Edit[],
  buffers?: OffsetBuffers,
): [NormalizedText, Edit[]] {
  if (proposed.length === 0) return [current, []];
  const { text, rawStarts, rawEnds, rawText } = current;
  // At one place the longer edit wins (a table rule line over the pipe at its start).
  const sorted = [...proposed].sort((a, b) => a.start - b.start || b.end - a.end);
  const edits: Edit[] = [];
  let lastEnd = 0;
  let length = text.length;
  for (const edit of sorted) {
    if (edit.start < lastEnd) continue; // overlaps an earlier edit of the same pass
    if (text.slice(edit.start, edit.end) === edit.text) continue;
    edits.push(edit);
    lastEnd = edit.end;
    length += edit.text.length - (edit.end - edit.start);
  }
  if (edits.length === 0) return [current, []];

  const parts: string[] = [];
  const [starts, ends] = buffers
    ? buffers.next(length, rawStarts)
    : [new Int32Array(length), new Int32Array(length)];
  const changes = current.changes;
  let cursor = 0;
  let out = 0;
  const copy = (until: number) => {
    if (until <= cursor) return;
    parts.push(text.slice(cursor, until));
    starts.set(rawStarts.subarray(cursor, until), out);
    ends.set(rawEnds.subarray(cursor, until), out);
    out += until - cursor;
    cursor = until;
  };
  for (const edit of edits) {
    copy(edit.start);
    let rawStart: number;
    let rawEnd: number;
    if (edit.end > edit.start) {
      rawStart = rawStarts[edit.start] ?? 0;
      rawEnd = rawEnds[edit.end - 1] ?? rawStart;
    } else {
      rawStart = edit.start < text.length ? (rawStarts[edit.start] ?? 0) : (rawEnds[text.length - 1] ?? 0);
      rawEnd = rawStart;
    }
    const oneToOne = edit.text.length === edit.end - edit.start;
    parts.push(edit.text);
    for (let i = 0; i < edit.text.length; i++, out++) {
      if (oneToOne) {
        starts[out] = rawStarts[edit.start + i] ?? rawStart;
        ends[out] = rawEnds[edit.start + i] ?? rawEnd;
      } else {
        // A replacement of a different length maps every new character to the whole replaced range;
        // an insertion maps to an empty range at its place.
        starts[out] = rawStart;
        ends[out] = edit.end === edit.start ? rawStart : rawEnd;
      }
    }
    changes.push({
      kind: edit.kind,
      rawStart,
      rawEnd,
      before: rawText.slice(rawStart, rawEnd),
      after: edit.text,
    });
    cursor = edit.end;
  }
  copy(text.length);
  return [{ rawText, text: parts.join(""), rawStarts: starts, rawEnds: ends, changes }, edits];
}

function regexEdits(
  text: string,
  pattern: RegExp,
  kind: NormalizationChangeKind,
  replace: (m: RegExpExecArray) => string,
): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(pattern)) {
    edits.push({ start: m.index, end: m.index + m[0].length, text: replace(m), kind });
  }
  return edits;
}

// ---------------------------------------------------------------- whitespace

const whitespace: Pass = (text) => [
  ...regexEdits(text, /\r\n?/g, "whitespace", () => "\n"),
  ...regexEdits(text, /[\t\u00A0\u2000-\u200A\u202F\u3000]/g, "whitespace", () => " "),
  ...regexEdits(text, /[\u200B-\u200D\uFEFF\u00AD]/g, "whitespace", () => ""),
];

/**
 * Soft line wraps: a long line runs on into a lower-case continuation (list items are short). A text
 * hard-wrapped throughout (a copy from a PDF or a book page: most of its lines end mid-sentence) is
 * unwrapped line by line, short lines too: "The body\nhas two kinds of cells", "A few\nT-lymphocytes
 * stay around". A line that ends a sentence, a blank line, or a next line that opens a list item
 * still breaks.
 */
function softWraps(text: string): Edit[] {
  const lines = text.split("\n");
  const endsSentence = (line: string) => /[.!?:;"”')\]…]\s*$/.test(line);
  // A page wrapped at a fixed width: no line longer than a page is wide, and most lines that a line
  // follows end mid-sentence. (A copy from the web keeps a paragraph on one long line.)
  let running = 0;
  let runOn = 0;
  let width = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    width = Math.max(width, line.length);
    if (!/\p{L}/u.test(line) || !/\S/.test(lines[i + 1] ?? "")) continue;
    running++;
    if (!endsSentence(line)) runOn++;
  }
  const isHardWrapped = running >= 6 && width <= maxPageWidth && runOn * 2 >= running;
  const edits: Edit[] = [];
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) {
    const line = text.slice(lineStart, at);
    const next = text[at + 1] ?? "";
    // In a wrapped page a short line before a capital may be a heading: it breaks.
    const continues = isHardWrapped
      ? /\S/.test(next) &&
        !endsSentence(line) &&
        /\p{L}/u.test(line) &&
        !listOpening.test(text.slice(at + 1, at + 4)) &&
        (!/\p{Lu}/u.test(next) || line.length >= width * 0.6)
      : at - lineStart >= 50 && /[\p{L},]/u.test(text[at - 1] ?? "") && hasLower(next);
    if (continues) edits.push({ start: at, end: at + 1, text: " ", kind: "whitespace" });
    lineStart = at + 1;
  }
  return edits;
}

/** The widest line a fixed-width page has: printed and plain-text pages wrap at 60 to 100 characters. */
const maxPageWidth = 100;
/** A line that opens a list item: a bullet, or a number or letter with a stop or bracket. */
const listOpening = /^(?:[-*•·▪►‣–]\s|\d{1,3}[.)]\s|[a-z][.)]\s)/u;

const spacing: Pass = (text) => [
  ...regexEdits(text, / {2,}/g, "whitespace", () => " "),
  ...regexEdits(text, /^ +| +$/gm, "whitespace", () => ""),
  ...softWraps(text),
  ...regexEdits(text, /\n{2,}/g, "whitespace", () => "\n"),
  ...regexEdits(text, /^\n+|\n+$/g, "whitespace", () => ""),
  ...regexEdits(text, /(?<=\S) +(?=[,.;:!?](?:\s|$))/g, "whitespace", () => ""),
  ...regexEdits(text, /(?<=[$€£¥]) +(?=\d)/g, "whitespace", () => ""),
  // "state -of -the -art" -> "state-of-the-art"
  ...regexEdits(text, /(?<=[\p{Ll}\d]) -(?=\p{Ll})/gu, "whitespace", () => "-"),
];

/**
 * A word broken at a line end and joined back with its hyphen left in ("ser- vices", "infla- tion",
 * "Pos- itive"): the hyphen and space go where the two parts make one dictionary word. A suspended
 * hyphen ("pre- and post-war") makes no word with what follows, so it stays.
 */
const lineBreakHyphens: Pass = (text) => {
  if (!text.includes("- ")) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(/(?<![\p{L}-])(\p{L}+)- (\p{Ll}+)(?![\p{L}-])/gu)) {
    const joined = `${m[1] ?? ""}${m[2] ?? ""}`;
    if (!lexicon().isWord(joined)) continue;
    const at = m.index + (m[1]?.length ?? 0);
    edits.push({ start: at, end: at + 2, text: "", kind: "whitespace" });
  }
  return edits;
};

// ---------------------------------------------------------------- mojibake

// Windows-1252 bytes 0x80-0x9F, by the character they decode to.
const cp1252: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  ƒ: 0x83,
  "„": 0x84,
  "…": 0x85,
  "†": 0x86,
  "‡": 0x87,
  ˆ: 0x88,
  "‰": 0x89,
  Š: 0x8a,
  "‹": 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "•": 0x95,
  "–": 0x96,
  "—": 0x97,
  "˜": 0x98,
  "™": 0x99,
  š: 0x9a,
  "›": 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};
const continuation = "[\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]";
const mojibakeRun = new RegExp(`[\\u00C2-\\u00F4]${continuation}{1,3}`, "g");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function redecode(run: string): string | undefined {
  const bytes: number[] = [];
  for (const ch of run) {
    const code = ch.codePointAt(0) ?? 0;
    const byte = code <= 0xff ? code : cp1252[ch];
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** Mis-decoded UTF-8 always shows a lead byte read as Latin-1: text without one needs no scan. */
const mojibakeLead = /[\u00C2-\u00F4]/;

const mojibake: Pass = (text) => {
  if (!mojibakeLead.test(text)) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(mojibakeRun)) {
    const fixed = redecode(m[0]);
    if (fixed !== undefined && fixed.length < m[0].length) {
      edits.push({ start: m.index, end: m.index + m[0].length, text: fixed, kind: "mojibake" });
    }
  }
  // "weekâs": the apostrophe's last two bytes were lost, leaving only "â".
  if (text.includes("â")) {
    edits.push(...regexEdits(text, /(?<=\p{Ll})â(?=(?:s|t|ll|re|ve|d|m)\b)/gu, "mojibake", () => "'"));
  }
  return edits;
};

// ---------------------------------------------------------------- markup

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Markup rules, each with a character it cannot match without, so plain text costs one search each. */
const markupRules: Array<{ needs: string; pattern: RegExp; replace: (m: RegExpExecArray) => string }> = [
  { needs: "<", pattern: /<(?:br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^<>]*>/gi, replace: () => "\n" },
  { needs: "<", pattern: /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, replace: () => "" },
  {
    needs: "&",
    pattern: /&(amp|lt|gt|quot|apos|nbsp|#\d{1,6}|#x[0-9a-f]{1,6});/gi,
    replace: (m) => {
      const name = (m[1] ?? "").toLowerCase();
      if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return entities[name] ?? m[0];
    },
  },
  { needs: "#", pattern: /^#{1,6}[ \t]+/gm, replace: () => "" },
  // Wikitext copied from an edit page: references, templates, links, bold and italic quotes, headings.
  { needs: "<ref", pattern: /<ref\b[^<>]*\/>|<ref\b[^<>]*>[^<]*<\/ref>/gi, replace: () => "" },
  { needs: "{{", pattern: /\{\{[^{}\n]*\}\}/g, replace: () => "" },
  {
    needs: "[[",
    pattern: /\[\[((?:[^[\]|\n]*\|)*)([^[\]|\n]+)\]\]/g,
    replace: (m) => (/^(?:file|image):/i.test(m[1] || m[2] || "") ? "" : (m[2] ?? "")),
  },
  { needs: "''", pattern: /'{2,3}(?=\S)([^'\n]+?)(?<=\S)'{2,3}/g, replace: (m) => m[1] ?? "" },
  { needs: "==", pattern: /^={2,6}[ \t]*([^=\n]+?)[ \t]*={2,6}[ \t]*/gm, replace: (m) => `${m[1] ?? ""}\n` },
  { needs: "```", pattern: /^```.*$/gm, replace: () => "" },
  { needs: "-", pattern: /^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$/gm, replace: () => "" },
  { needs: "|", pattern: /^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$/gm, replace: () => "" },
  { needs: "|", pattern: /(?<=\S)[ \t]*\|[ \t]*(?=\S)/g, replace: () => "; " },
  // Neither the text nor the target may hold a bracket (a target may hold one pair of parentheses):
  // each scan then stops at the next "[", so scans from successive starts never overlap and a line
  // of "[" or "[a](" costs linear time.
  {
    needs: "](",
    pattern: /!?\[([^[\]\n]+)\]\((?:[^()[\]\s]|\([^()[\]\s]*\))+\)/g,
    replace: (m) => m[1] ?? "",
  },
  { needs: "*", pattern: /(\*\*)(?=\S)([^*_\n]+?)(?<=\S)\1/g, replace: (m) => m[2] ?? "" },
  { needs: "__", pattern: /(__)(?=\S)([^*_\n]+?)(?<=\S)\1/g, replace: (m) => m[2] ?? "" },
  // Single-marker emphasis, not inside words (snake_case) nor next to another marker.
  {
    needs: "*",
    pattern: /(?<![\w*_])(\*)(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_])\1(?![\w*_])/g,
    replace: (m) => m[2] ?? "",
  },
  {
    needs: "_",
    pattern: /(?<![\w*_])(_)(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_])\1(?![\w*_])/g,
    replace: (m) => m[2] ?? "",
  },
];

const markup: Pass = (text) =>
  markupRules.flatMap((rule) =>
    text.includes(rule.needs) ? regexEdits(text, rule.pattern, "markup", rule.replace) : [],
  );

// ---------------------------------------------------------------- boilerplate

const boilerplateLines = [
  /^advertisements?$/i,
  /^(?:sponsored(?: content)?|promoted|ad)$/i,
  /^leave a (?:reply|comment)$/i,
  /^(?:\d+ )?comments?$/i,
  /^share (?:this|on \w+|via \w+)\b.*$/i,
  /^(?:click to )?(?:share|tweet|print|email)(?: this)?(?: on \w+)?(?: \(opens in new window\))?$/i,
  /^(?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|telegram|tumblr|pocket|x)$/i,
  /^like this:?$/i,
  /^loading\.*$/i,
  /^related(?: posts| articles| stories)?:?$/i,
  /^(?:read more|continue reading|see also)\b.{0,40}$/i,
  /^(?:subscribe|sign up)\b.{0,80}$/i,
  /^follow us\b.{0,60}$/i,
  /^(?:previous|next) (?:post|article)\b.{0,120}$/i,
  /^(?:posted in|filed under|tags?:|categories:)\s.{0,200}$/i,
  /^(?:copyright|©).{0,120}$/i,
  /^all rights reserved\.?$/i,
  /^(?:we use cookies|this (?:web)?site uses cookies)\b.*$/i,
  /^(?:skip to (?:main )?content|back to top)$/i,
  /^you (?:may|might) also like:?$/i,
  /^(?:contents|table of contents|in this article|on this page)$/i,
  /^(?:home|news|world|business|technology|science|health)(?:\s*[>»›|/]\s*[\p{L} &'-]{1,30}){1,5}$/iu,
  /^(?:listen to (?:this )?article|print this page|\d{1,2} min(?:ute)?s? read)\b.{0,30}$/i,
  /^(?:share|copy link|copy article link|email this|save article)(?:\s*[|·•;]\s*\w+){0,6}$/i,
  /^(?:image|photo|video|picture) (?:caption|source|credit)s?\b.{0,120}$/i,
  /^(?:jump to (?:navigation|search)|from wikipedia, the free encyclopedia|edit(?: source)?|\[edit\])$/i,
];

/**
 * True when a whole line is web-page chrome rather than article text.
 *
 * @example
 * isBoilerplateLine("Leave a Reply"); // true
 * isBoilerplateLine("Advertisements paid for the site."); // false
 */
export function isBoilerplateLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length > 0 && anyBoilerplateLine.test(trimmed);
}

/** The patterns as one alternation: one regex test per line instead of one per pattern. */
const anyBoilerplateLine = new RegExp(
  boilerplateLines.map((pattern) => `(?:${pattern.source})`).join("|"),
  "iu",
);

const boilerplate: Pass = (text) => {
  const edits: Edit[] = [];
  for (const m of text.matchAll(/^.*$/gm)) {
    if (isBoilerplateLine(m[0])) {
      const hasNewline = text[m.index + m[0].length] === "\n";
      edits.push({
        start: m.index,
        end: m.index + m[0].length + (hasNewline ? 1 : 0),
        text: "",
        kind: "boilerplate",
      });
    }
  }
  return edits;
};

// ---------------------------------------------------------------- lists and quotes

const listMarkers: Pass = (text) =>
  regexEdits(text, /^[ \t]*(?:[-*•·▪►‣–]|\d{1,3}[.)])[ \t]+(?=\S)/gm, "list_marker", () => "");

/**
 * Section numbers of a table of contents or a numbered heading: "4.3 Recurrence", "40 Consequences".
 * A dotted number opens any short line; a plain one only a short title-cased line without a final stop.
 */
const tocNumbers: Pass = (text) => [
  ...regexEdits(
    text,
    /^[ \t]*\d{1,2}(?:\.\d{1,2})+\.?[ \t]+(?=\p{Lu}[^\n]{0,80}$)/gmu,
    "toc_number",
    () => "",
  ),
  ...regexEdits(
    text,
    /^[ \t]*\d{1,2}[ \t]+(?=\p{Lu}\p{Ll}*(?:[ \t]+[\p{L}'-]+){0,5}[ \t]*$)/gmu,
    "toc_number",
    () => "",
  ),
];

/**
 * Reference markers copied with the text: "[7]", "[12][13]", "[a]", "[citation needed]", "[note 3]".
 * A marker is text for the page, not for the reader.
 */
const citationMarkers: Pass = (text) =>
  text.includes("[")
    ? regexEdits(
        text,
        /\[(?:\d{1,3}(?:[,–-]\s?\d{1,3})*|[a-z]|citation needed|clarification needed|note \d{1,3}|nb \d{1,3}|page needed|when\?|who\?|by whom\?)\]/gi,
        "citation",
        () => "",
      )
    : [];

/** Stock ticker tags: "(NASDAQ: NVDA)", "(nasdaq:NVDA)", "(NYSE:TSM, +2.1%)". */
const tickerTags: Pass = (text) =>
  text.includes(":")
    ? regexEdits(
        text,
        /[ \t]?\((?:nasdaq|nyse|amex|lse|tsx|tse|hkex|sse|szse|otc|otcmkts|asx|nse|bse|xetra|euronext)(?:[ \t]?[a-z]{0,4})?[ \t]*:[ \t]*[A-Z][A-Z0-9.]{0,6}(?:[,;][^()\n]{0,24})?\)/gi,
        "ticker",
        () => "",
      )
    : [];

const quotes: Pass = (text) => [
  ...regexEdits(text, /[‘’‚‛′]/g, "quote", () => "'"),
  ...regexEdits(text, /[“”„‟″«»]/g, "quote", () => '"'),
];

// ---------------------------------------------------------------- sentence boundaries

/** Words that open sentences far more often than they end a camel-cased name. */
const sentenceOpeners = new Set(
  `The This That These Those It Its In On At By For From With As After Before However But And Yet So
  Although Though While When Where What Why How Unlike Despite Many Some Most Moreover Furthermore
  Additionally Also Lastly First Second Third Thirdly Finally Nonetheless Nevertheless Interestingly
  Recently Currently Indeed Thus Hence Such Our We They He She I Having Just If Since Even Given
  Meanwhile Instead Therefore Overall Similarly Still Today Here There Next Eventually Perhaps
  Probably Certainly Discussing Leveraging Many Both Each Every Once Only Other Another Which Who
  Let Consider Take Now Then Later Yesterday Tomorrow Last In Its Their His Her My Your`.split(/\s+/),
);

function isLetter(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  return code > 127 && hasLetter(ch);
}

/** True when `word` occurs in `text` as a whole word. */
function occursAsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isLetter(text[at - 1]) && !isLetter(text[at + word.length])) return true;
  }
  return false;
}

const sentenceBoundaries: Pass = (text, context) => {
  const edits: Edit[] = [];
  const standalone = new Map<string, boolean>();
  // Only words with a lower-case letter followed by a capital can hide a boundary.
  let lastWordStart = -1;
  for (const hit of capitalAfter(text, "lower")) {
    let from = hit;
    let to = hit + 2;
    while (from > 0 && isLetter(text[from - 1])) from--;
    while (to < text.length && isLetter(text[to])) to++;
    if (from === lastWordStart) continue;
    lastWordStart = from;
    const word = text.slice(from, to);
    if (word.length < 5 || isKnownWord(word)) continue;
    let split = -1;
    const acronymThenWord = /[A-Z]{2,}([A-Z][a-z]+)$/.exec(word);
    if (acronymThenWord?.[1] && sentenceOpeners.has(acronymThenWord[1])) {
      split = word.length - acronymThenWord[1].length;
    } else {
      for (let i = 2; i < word.length; i++) {
        const prev = word[i - 1] ?? "";
        const ch = word[i] ?? "";
        if (!(hasLower(prev) && hasUpper(ch))) continue;
        const left = word.slice(0, i);
        const right = word.slice(i);
        const rightWord = /^\p{Lu}\p{Ll}*/u.exec(right)?.[0] ?? "";
        const leftIsLower = isAllLower(left);
        // The right part stands alone elsewhere in the text ("toolkitChatGPT" when "ChatGPT" recurs).
        const rightStandsAlone = () => {
          let known = standalone.get(right);
          if (known === undefined) {
            known = occursAsWord(context, right);
            standalone.set(right, known);
          }
          return known;
        };
        // A capitalised right part followed by another capitalised word opens a name: "technologiesYann LeCun".
        const rightOpensName =
          rightWord.length > 2 &&
          /^ \p{Lu}\p{Ll}/u.test(text.slice(from + word.length, from + word.length + 3));
        const rightLooksLikeWord =
          right === "I" ||
          sentenceOpeners.has(rightWord) ||
          (rightWord.length > 2 && isKnownWord(rightWord)) ||
          /^\p{Lu}\p{Ll}+\p{Lu}/u.test(right) ||
          rightOpensName;
        // A two-letter left part ("ofHowever") needs a sentence opener on the right.
        const plausible = leftIsLower
          ? left.length === 2
            ? isKnownWord(left) && sentenceOpeners.has(rightWord)
            : (isKnownWord(left) && rightLooksLikeWord) ||
              (left.length >= 5 && right.length >= 4 && rightStandsAlone())
          : /^\p{Lu}\p{L}*\p{Ll}$/u.test(left) && sentenceOpeners.has(rightWord) && right === rightWord;
        if (plausible) {
          split = i;
          break;
        }
      }
    }
    if (split > 0)
      edits.push({ start: from + split, end: from + split, text: ". ", kind: "sentence_boundary" });
  }
  // "end.Next" -> "end. Next". Found from the stop: a look-behind is tried at every position.
  for (const m of text.matchAll(/[.!?](?=\p{Lu}\p{Ll})/gu)) {
    if (/\p{Ll}{2}$/u.test(text.slice(Math.max(0, m.index - 4), m.index)))
      edits.push({ start: m.index + 1, end: m.index + 1, text: " ", kind: "sentence_boundary" });
  }
  return edits;
};

// ---------------------------------------------------------------- repetitions

/** Longest phrase, in words, whose runaway repetition is collapsed. */
const maxRepeatedPhrase = 6;

/** Words that English doubles on purpose ("had had", "that that", "very very", "bye bye"). */
const doubledOnPurpose = new Set(
  "had that is very no yes bye ha so really far many much more again over on off and little bit long hush knock tut chop boo".split(
    " ",
  ),
);

/**
 * Two copies are a stutter (machine translation's "may may", a link title twice: "Great Britain
 * Great Britain") when the phrase is two words or more, or one lower-case word English does not
 * double on purpose, and only spaces part the copies of a single word.
 */
function isStutter(
  text: string,
  keys: readonly string[],
  starts: readonly number[],
  ends: readonly number[],
  i: number,
  n: number,
): boolean {
  if (n >= 2) return true;
  const word = text.slice(starts[i] ?? 0, ends[i] ?? 0);
  const gap = text.slice(ends[i] ?? 0, starts[i + 1] ?? 0);
  return gap === " " && isAllLower(word) && !doubledOnPurpose.has(keys[i] ?? "") && !/\d/.test(word);
}

const repeatedPhrases: Pass = (text) => {
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: string[] = [];
  forEachWord(text, (start, end) => {
    starts.push(start);
    ends.push(end);
    keys.push(text.slice(start, end).toLowerCase());
  });
  // Copies may be separated by spaces, commas or semicolons, never by a sentence or line break.
  const separatorOk = (a: number, b: number) => {
    for (let i = a; i < b; i++) {
      const ch = text[i];
      if (ch !== " " && ch !== "," && ch !== ";" && ch !== "\t") return false;
    }
    return true;
  };
  const edits: Edit[] = [];
  let i = 0;
  while (i < keys.length) {
    let collapsed = false;
    for (let n = 1; n <= maxRepeatedPhrase && i + 2 * n <= keys.length; n++) {
      if (keys[i] !== keys[i + n]) continue;
      let copies = 1;
      for (;;) {
        const next = i + copies * n;
        if (next + n > keys.length) break;
        let same = true;
        for (let k = 0; k < n && same; k++) {
          same =
            keys[i + k] === keys[next + k] && separatorOk(ends[next + k - 1] ?? 0, starts[next + k] ?? 0);
        }
        if (!same) break;
        copies++;
      }
      if (copies >= 3 || (copies === 2 && isStutter(text, keys, starts, ends, i, n))) {
        const firstEnd = ends[i + n - 1] ?? 0;
        edits.push({
          start: firstEnd,
          end: ends[i + copies * n - 1] ?? firstEnd,
          text: "",
          kind: "repetition",
        });
        i += copies * n;
        collapsed = true;
        break;
      }
    }
    if (!collapsed) i++;
  }
  return edits;
};

/**
 * True when `text` holds four copies in a row of a 2- or 3-letter unit: a necessary condition for the
 * back-reference pattern below, checked in one pass (the pattern itself is tried at every position).
 */
function hasPeriodicRun(text: string): boolean {
  let run2 = 0;
  let run3 = 0;
  // Whether each of the last three characters was an ASCII letter, newest first.
  let letter1 = false;
  let letter2 = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    run2 = letter && i >= 2 && c === text.charCodeAt(i - 2) && letter1 ? run2 + 1 : 0;
    run3 = letter && i >= 3 && c === text.charCodeAt(i - 3) && letter1 && letter2 ? run3 + 1 : 0;
    if (run2 >= 6 || run3 >= 9) return true;
    letter2 = letter1;
    letter1 = letter;
  }
  return false;
}

const repeatedSyllables: Pass = (text) => {
  const edits: Edit[] = [];
  // A stutter is four or more copies of a 2-3 letter unit. Latin letters only: a Unicode-aware
  // back-reference scan costs as much as the rest of normalisation.
  // Letters never run across a line break, so the pattern runs only on the lines that pass the check.
  for (let from = 0; from < text.length; ) {
    let to = text.indexOf("\n", from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    for (const m of hasPeriodicRun(line) ? line.matchAll(/([A-Za-z]{2,3})\1{3,}/g) : []) {
      const unit = m[1]?.length ?? 0;
      // Keep the first copy in place so the untouched characters keep their own raw offsets.
      const at = from + m.index;
      edits.push({ start: at + unit, end: at + m[0].length, text: "", kind: "repetition" });
    }
    from = to + 1;
  }
  return edits;
};

// ---------------------------------------------------------------- capitals

const shortFunctionWords = new Set(
  "A AN THE OF AND OR TO IN ON AT BY FOR IS IT ITS BE WAS ARE DID NOT AS SO IF NO WE HE".split(" "),
);

function isSentenceStart(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 4), index);
  return index === 0 || /(?:^|[.!?:]["')\]]?\s+|\n["'(]?|^["'(])$/.test(before) || /\n$/.test(before);
}

function recase(word: string, capitalize: boolean): string {
  const lower = word.toLowerCase();
  return capitalize ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
}

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)) return true;
  return code > 127 && /[\p{L}\p{N}]/u.test(ch);
}

/** The word ending before `from` (skipping separators), as [start, text]. */
function wordBefore(text: string, from: number): [number, string] | undefined {
  let i = from - 1;
  while (i >= 0 && !isWordChar(text[i])) i--;
  if (i < 0) return undefined;
  const end = i + 1;
  while (i >= 0 && isWordChar(text[i])) i--;
  return [i + 1, text.slice(i + 1, end)];
}

/** The word starting after `to` (skipping separators), as [start, text]. */
function wordAfter(text: string, to: number): [number, string] | undefined {
  let i = to;
  while (i < text.length && !isWordChar(text[i])) i++;
  if (i >= text.length) return undefined;
  const start = i;
  while (i < text.length && isWordChar(text[i])) i++;
  return [start, text.slice(start, i)];
}

// An acronym the dictionary has only in capitals (NASA, MRTA) is a name, though the model knows "nasa".
const isShouted = (w: string | undefined) =>
  w !== undefined &&
  w.length >= 2 &&
  isAllUpper(w) &&
  isKnownWord(w) &&
  (w.length > 3 || shortFunctionWords.has(w)) &&
  lexicon().isWord(w.toLowerCase());

/**
 * Mixed-case terms the dictionary knows as written (pH), or whose lower-case form is no word (mRNA,
 * iPhone, eBay): terms, not noise ("eACH" is "each").
 */
function isMixedCaseTerm(word: string): boolean {
  if (!hasLower(word) || !hasUpper(word)) return false;
  const words = lexicon();
  return words.isWord(word) || (/^\p{Ll}+\p{Lu}/u.test(word) && !words.isWord(word.toLowerCase()));
}

// Compiled once: a Unicode regex literal in a function is rebuilt on every call once esbuild lowers it.
const lowerOrAcronym = /\p{Ll}|^\p{Lu}{2,}$/u;
const capitalPastFirst = /^.+\p{Lu}/u;

const capitals: Pass = (text) => {
  const edits: Edit[] = [];
  let lastWordStart = -1;
  // Only words with a capital after their first character need a look.
  for (const hit of capitalAfter(text, "word")) {
    let start = hit;
    while (start > 0 && isWordChar(text[start - 1])) start--;
    if (start === lastWordStart) continue;
    lastWordStart = start;
    let end = hit + 2;
    while (end < text.length && isWordChar(text[end])) end++;
    const word = text.slice(start, end);
    if (/\d/.test(word) || !lowerOrAcronym.test(word)) continue;
    if (isMixedCaseTerm(word)) continue;
    let fixed: string | undefined;
    if (isAllUpper(word)) {
      // Shouting: lower known words, keep acronyms and names the vocabulary does not know (NVIDIA, GPU).
      if (!isShouted(word)) continue;
      const next = wordAfter(text, end);
      const neighbourShouts = isShouted(wordBefore(text, start)?.[1]) || isShouted(next?.[1]);
      // "TOOK A DIFFERENT": a lone "A" between shouted words is shouting too.
      if (next?.[1] === "A" && isShouted(wordAfter(text, next[0] + 1)?.[1])) {
        edits.push({
          start: next[0],
          end: next[0] + 1,
          text: isSentenceStart(text, next[0]) ? "A" : "a",
          kind: "capitalization",
        });
      }
      if (word.length <= 3 && !neighbourShouts) continue;
      fixed = recase(word, isSentenceStart(text, start));
    } else {
      // Random capitals inside a word: "PARTICularly", "eACH", "CurrenTly", but not "OpenAI", "ChatGPT", "GPUs".
      if (/^\p{Lu}{2,}s$/u.test(word)) continue;
      const tail = /\p{Ll}(\p{Lu}+)$/u.exec(word)?.[1];
      if (startsUpper(word) && tail !== undefined && (tail.length <= 3 || !isKnownWord(tail))) continue;
      if (!isKnownWord(word)) continue;
      const leadingCaps = /^\p{Lu}+/u.exec(word)?.[0].length ?? 0;
      fixed = recase(word, leadingCaps === 1 || isSentenceStart(text, start));
    }
    if (fixed !== word) edits.push({ start, end, text: fixed, kind: "capitalization" });
  }
  return edits;
};

// ---------------------------------------------------------------- spelling

/**
 * Counts of each word (lower case) across a course, so that words that recur are never "corrected":
 * a term or name the course uses again and again is not a typo.
 *
 * @example
 * countCourseWords(["Liang said.", "Liang left."]).get("liang"); // 2
 */
export function countCourseWords(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    forEachLetterRun(text, (start, end) => {
      const key = text.slice(start, end).toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
  }
  return counts;
}

/** How a course writes each word: lower-cased word -> form as written -> count (`countWordForms`). */
export type WordForms = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Counts every form a word is written in across a course ("OpenAI" 40, "Openai" 3), by lower-cased
 * word, so a rare casing of a word the course otherwise writes one distinctive way stands out.
 *
 * @example
 * countWordForms(["OpenAI and OpenAI.", "Openai"]).get("openai"); // Map { "OpenAI" => 2, "Openai" => 1 }
 */
export function countWordForms(texts: readonly string[]): Map<string, Map<string, number>> {
  // Counted by the form as written first, then grouped: one lookup per word, one lower-casing per form.
  const counts = new Map<string, number>();
  for (const text of texts) {
    forEachLetterRun(text, (start, end) => {
      const word = text.slice(start, end);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    });
  }
  const forms = new Map<string, Map<string, number>>();
  for (const [word, n] of counts) {
    const key = word.toLowerCase();
    let byForm = forms.get(key);
    if (!byForm) {
      byForm = new Map();
      forms.set(key, byForm);
    }
    byForm.set(word, n);
  }
  return forms;
}

/**
 * The lower-cased word counts of `countCourseWords`, read off a course's word forms (one count, not two).
 *
 * @example
 * vocabularyOf(countWordForms(["AI and ai"])).get("ai"); // 2
 */
export function vocabularyOf(forms: WordForms): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [word, byForm] of forms) {
    let total = 0;
    for (const n of byForm.values()) total += n;
    counts.set(word, total);
  }
  return counts;
}

/** How a course pairs neighbouring words: lower-cased word -> lower-cased next word -> count. */
export type WordPairs = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The shortest words the consistency repair reads: the word before, and the word it repairs. */
const minPairedLength = 4;
const minConsistentLength = 6;

/**
 * Counts the pairs of neighbouring words across a course, lower-cased, that the consistency repair
 * reads (`consistentWordOf`): a word of four letters or more, spaces only, then one of six or more.
 *
 * @example
 * countWordPairs(["Reasoning Training, and reasoning training."]).get("reasoning")?.get("training"); // 2
 */
export function countWordPairs(texts: readonly string[]): Map<string, Map<string, number>> {
  const pairs = new Map<string, Map<string, number>>();
  for (const text of texts) {
    let previousStart = 0;
    let previousEnd = 0;
    forEachLetterRun(text, (start, end) => {
      if (
        end - start >= minConsistentLength &&
        previousEnd - previousStart >= minPairedLength &&
        isSpaces(text, previousEnd, start)
      ) {
        const first = text.slice(previousStart, previousEnd).toLowerCase();
        const next = text.slice(start, end).toLowerCase();
        let followers = pairs.get(first);
        if (!followers) {
          followers = new Map();
          pairs.set(first, followers);
        }
        followers.set(next, (followers.get(next) ?? 0) + 1);
      }
      previousStart = start;
      previousEnd = end;
    });
  }
  return pairs;
}

/** True when `text` holds one space or more, and nothing else, from `start` to `end`. */
function isSpaces(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/**
 * The form a course writes a word in when that form is distinctive (a capital after the first letter:
 * "AI", "DeepSeek", "alphaGo"'s "AlphaGo"), used at least three times and three times as often as
 * `word`'s own form, and the word is no everyday word in lower case ("us" for "US" stays).
 *
 * @example
 * usualFormOf("Deepseek", countWordForms(["DeepSeek DeepSeek DeepSeek Deepseek"])); // "DeepSeek"
 */
export function usualFormOf(word: string, forms: WordForms): string | undefined {
  if (forms !== lastForms) {
    lastForms = forms;
    lastMemo = usualForms.get(forms) ?? new Map();
    usualForms.set(forms, lastMemo);
  }
  const known = lastMemo.get(word);
  if (known !== undefined) return known || undefined;
  const usual = findUsualForm(word, forms);
  lastMemo.set(word, usual ?? "");
  return usual;
}

// Every token of every article asks: the answer per course and written form is kept ("" for none),
// and the course asked last is at hand without a WeakMap lookup per token.
const usualForms = new WeakMap<WordForms, Map<string, string>>();
let lastForms: WordForms | undefined;
let lastMemo = new Map<string, string>();

function findUsualForm(word: string, forms: WordForms): string | undefined {
  const byForm = forms.get(word.toLowerCase());
  // Most words come in one form, the word itself: it is its own usual form.
  if (!byForm || (byForm.size === 1 && byForm.has(word))) return undefined;
  let usual = "";
  let usualCount = 0;
  for (const [form, n] of byForm) {
    if (n > usualCount) {
      usual = form;
      usualCount = n;
    }
  }
  if (usual === word || !capitalPastFirst.test(usual) || usualCount < 3) return undefined;
  if ((byForm.get(word) ?? 0) * 3 > usualCount || usual.toUpperCase() === word) return undefined;
  if (lexicon().frequencyPerMillion(word) >= 5) return undefined;
  return usual;
}

/** Characters next to a word that make it part of something else: a URL, a contraction, a code. */
const attached = /[-'’_@/\\\d]/;

/**
 * The one clear correction of a misspelt word, or undefined. Only plain lower-case or capitalised
 * words the dictionary lacks, that do not recur in the course, and whose near dictionary words hold
 * exactly one candidate in common use (rivals within a twentieth of the best one's frequency count
 * as a second suggestion), or several of which `tieBreak` picks one. The distance is one edit, and only for words long enough that one edit is
 * a small share of them: five letters in lower case, seven when capitalised (capitalised short words
 * are mostly names).
 */
function correctionOf(
  word: string,
  vocabulary: ReadonlyMap<string, number>,
  minCapitalised = 7,
): string | undefined {
  if (word.length < 5 || word.length > 24) return undefined;
  const lower = word.toLowerCase();
  if ((vocabulary.get(lower) ?? 0) >= 2) return undefined;
  const capitalised = isCapitalised(word);
  if (!capitalised && !isAllLower(word)) return undefined;
  if (capitalised && word.length < minCapitalised) return undefined;
  const words = lexicon();
  // The model's own vocabulary, not its guesses at inflections: "dramaticly" is no word.
  if (words.isWord(word) || isInModelVocabulary(lower) || isPluralOfKnown(lower)) return undefined;
  const near = words.nearWords(lower);
  const best = near[0];
  if (!best || words.frequencyPerMillion(best) < 0.05) return undefined;
  const rivals = near.filter((w) => words.frequencyPerMillion(w) * 20 >= words.frequencyPerMillion(best));
  const chosen = rivals.length === 1 ? best : tieBreak(lower, rivals, vocabulary);
  if (!chosen) return undefined;
  return capitalised ? chosen.charAt(0).toUpperCase() + chosen.slice(1) : chosen;
}

/**
 * One of several near dictionary words, when exactly one of them has two independent signs for it:
 * the course uses it elsewhere, and the misspelling is it with one letter dropped, the commonest slip
 * of typing and scanning ("Enginers" where the course writes "engineers"; not "engines", which it
 * also writes). Either sign alone picks wrong words too often ("extens": "extends" for "extent").
 * Otherwise none: an unclear word stays as written and its sentence stays flagged.
 */
function tieBreak(
  lower: string,
  rivals: readonly string[],
  vocabulary: ReadonlyMap<string, number>,
): string | undefined {
  const passing = rivals.filter(
    (w) => (vocabulary.get(w) ?? 0) > 0 && w.length === lower.length + 1 && isOneLetterDropped(lower, w),
  );
  return passing.length === 1 ? passing[0] : undefined;
}

/** True when `short` is `long` with one letter left out. */
function isOneLetterDropped(short: string, long: string): boolean {
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** A plural the dictionary lacks of a word the model knows ("dementias"): a word, not a typo. */
function isPluralOfKnown(lower: string): boolean {
  if (!lower.endsWith("s") || lower.endsWith("ss")) return false;
  return (
    isInModelVocabulary(lower.slice(0, -1)) ||
    (lower.endsWith("es") && isInModelVocabulary(lower.slice(0, -2)))
  );
}

/**
 * The word the course means where it writes, once, a dictionary word in place of a near twin that
 * follows the same word elsewhere: "reasoning trailing" in a course that writes "reasoning training"
 * twice or more. A misspelling that makes another word is invisible to the dictionary; the course's
 * own phrases are the evidence. Only when all of these hold: both words have six letters or more and
 * differ in one letter, not in their last two (an ending marks grammar: "price increases" and "the
 * price increased" are both right); the word before is no stop word and has four letters or more;
 * the course writes that pair exactly once and the other pair at least twice; the word itself occurs
 * once in the course and its twin twice or more; neither is a name; and there is one twin only.
 */
function consistentWordOf(
  previous: string,
  word: string,
  vocabulary: ReadonlyMap<string, number>,
  pairs: WordPairs,
): string | undefined {
  if (word.length < minConsistentLength || previous.length < minPairedLength) return undefined;
  // The pair first: most words follow a word whose pairs hold no twin of theirs.
  const followers = pairs.get(previous.toLowerCase());
  if (!followers || followers.size < 2) return undefined;
  const lower = word.toLowerCase();
  if (followers.get(lower) !== 1 || (vocabulary.get(lower) ?? 0) > 1) return undefined;
  const capitalised = isCapitalised(word);
  if (!capitalised && !isAllLower(word)) return undefined;
  if (stopWords.has(previous.toLowerCase())) return undefined;
  let twin: string | undefined;
  for (const [next, n] of followers) {
    if (n < 2 || (vocabulary.get(next) ?? 0) < 2 || !isOneInnerSubstitution(lower, next)) continue;
    if (twin) return undefined; // two near twins: no clear one
    twin = next;
  }
  if (!twin) return undefined;
  const words = lexicon();
  if (!words.isWord(twin) || words.isProperNoun(word) || words.isProperNoun(twin)) return undefined;
  return capitalised ? twin.charAt(0).toUpperCase() + twin.slice(1) : twin;
}

/** True when `a` and `b` have one length and differ in one letter, and not in their last two. */
function isOneInnerSubstitution(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return false;
    at = i;
  }
  return at >= 0 && at < a.length - 2;
}

/**
 * Corrections of misspelt words, with the context checks a word alone cannot give: a capitalised
 * word is left alone next to another capitalised word the dictionary lacks (a name: "Liang Wenfeng"),
 * and inside ordinary sentence-case prose, where a capital mid-sentence marks a name. It is corrected
 * at the start of a line or sentence, or among title-cased words (headings, machine-translated text).
 */
function spellingEdits(
  text: string,
  vocabulary: ReadonlyMap<string, number>,
  forms: WordForms | undefined,
  pairs: WordPairs,
): Edit[] {
  const edits: Edit[] = [];
  const tokens: Array<{ text: string; index: number }> = [];
  forEachLetterRun(text, (start, end) => tokens.push({ text: text.slice(start, end), index: start }));
  tokens.forEach((m, i) => {
    const word = m.text;
    const start = m.index;
    const end = start + word.length;
    const before = text[start - 1] ?? "";
    const after = text[end] ?? "";
    if (attached.test(before) || attached.test(after)) return;
    // A word split by a stray space ("b razil") is not a word of its own.
    const previous = tokens[i - 1];
    if (
      previous &&
      previous.text.length === 1 &&
      !/^[aAI]$/.test(previous.text) &&
      previous.index + 2 === start
    )
      return;
    if (after === "." && hasLetter(text[end + 1] ?? "")) return;
    if (before === "." && hasLetter(text[start - 2] ?? "")) return; // a domain: "cc.nih.gov"
    // A stray casing of a term the course writes one way: "Deepseek" -> "DeepSeek", "ai" -> "AI".
    const usual = forms && usualFormOf(word, forms);
    if (usual) {
      edits.push({ start, end, text: usual, kind: "capitalization" });
      return;
    }
    if (word.length < 5 || word.length > 24) return;
    // Most words are dictionary words: only a slip in a phrase the course repeats can be repaired,
    // so the context of most goes unread.
    let consistent: string | undefined;
    if (lexicon().isWord(word)) {
      const isPaired =
        word.length >= minConsistentLength &&
        previous !== undefined &&
        previous.index + previous.text.length + 1 === start &&
        text.charCodeAt(start - 1) === 32;
      consistent = isPaired ? consistentWordOf(previous.text, word, vocabulary, pairs) : undefined;
      if (!consistent) return;
    }
    const capitalised = isCapitalised(word);
    // Among title-cased words (machine translation, headings) a capital marks nothing: shorter
    // capitalised words may be corrected there; elsewhere they are mostly names.
    let inTitleCase = false;
    if (capitalised) {
      // A capital that opens a sentence says nothing about title case.
      const context = tokens.slice(Math.max(0, i - 4), i + 5).filter((n) => n !== m && n.text.length > 3);
      const titled = context.filter(
        (n) =>
          startsUpper(n.text) &&
          !/(?:^|[.!?:]["')]?\s+|\n["'(]?)$/.test(text.slice(Math.max(0, n.index - 4), n.index)),
      ).length;
      inTitleCase = context.length >= 4 && titled * 2 >= context.length;
    }
    const fixed = consistent ?? correctionOf(word, vocabulary, inTitleCase ? 5 : 7);
    if (!fixed) return;
    if (capitalised) {
      // Next to a capitalised word the dictionary lacks, it is part of a name ("Liang Wenfeng"),
      // unless that word is a clear misspelling too ("Heelped Occelerate").
      const neighbours = [tokens[i - 1], tokens[i + 1]];
      const inName = neighbours.some(
        (n) =>
          n &&
          isCapitalised(n.text) &&
          /^ $/.test(
            text.slice(
              Math.min(n.index, start) + (n.index < start ? n.text.length : word.length),
              Math.max(n.index, start),
            ),
          ) &&
          !lexicon().isWord(n.text) &&
          correctionOf(n.text, vocabulary) === undefined,
      );
      if (inName) return;
      const atSentenceStart = /(?:^|[.!?:]["')]?\s+|\n["'(]?)$/.test(
        text.slice(Math.max(0, start - 4), start),
      );
      if (!atSentenceStart && !inTitleCase) return;
    }
    edits.push({ start, end, text: fixed, kind: consistent ? "consistency" : "spelling" });
  });
  return edits;
}

/** The ligatures a PDF's text layer can lose in a copy: "fi" in "first", "fl" in "flow", "ff", "ffi", "ffl". */
const ligatures = ["fi", "fl", "ff", "ffi", "ffl"];

/** The one dictionary word that putting back a lost ligature somewhere in `word` makes, if exactly one. */
function ligatureWordOf(word: string): string | undefined {
  const words = lexicon();
  let found: string | undefined;
  for (let at = 0; at <= word.length; at++)
    for (const ligature of ligatures) {
      const candidate = `${word.slice(0, at)}${ligature}${word.slice(at)}`;
      if (candidate === found || !words.isWord(candidate)) continue;
      if (found) return undefined; // two readings: no clear one
      found = candidate;
    }
  return found;
}

/**
 * Words a PDF copy lost a ligature from ("rst" for "first", "ghts" for "fights"): a lower-case word
 * of three letters or more that no dictionary knows, which exactly one ligature put back makes a
 * word. A text shows the defect in two different words or more, or none is repaired: one odd word is
 * more likely a name, a term or another slip than a copy's fault.
 */
function ligatureEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  forEachLetterRun(text, (start, end) => {
    if (end - start < 3 || end - start > 20) return;
    const word = text.slice(start, end);
    // Most words are dictionary words: the answer per word comes first, the context only for a repair.
    const fixed = isAllLower(word) ? ligatureRepairOf(word) : undefined;
    if (!fixed) return;
    if (attached.test(text[start - 1] ?? "") || attached.test(text[end] ?? "")) return;
    // After a lone letter the word is the rest of a word split by a stray space ("T ower"), no loss.
    if (text.charCodeAt(start - 1) === 32 && loneLetterBefore.test(text.slice(Math.max(0, start - 3), start)))
      return;
    edits.push({ start, end, text: fixed, kind: "spelling" });
  });
  const distinct = new Set(edits.map((e) => e.text));
  return distinct.size >= 2 ? edits : [];
}

const loneLetterBefore = /(?:^|[^\p{L}])\p{L} $/u;

/** `ligatureWordOf` of a word no dictionary knows ("" for none): a pure function of the dictionaries, kept for the process. */
const ligatureRepairs = new Map<string, string>();

function ligatureRepairOf(word: string): string | undefined {
  let repair = ligatureRepairs.get(word);
  if (repair === undefined) {
    repair = (lexicon().isWord(word) ? undefined : ligatureWordOf(word)) ?? "";
    if (ligatureRepairs.size < 200_000) ligatureRepairs.set(word, repair);
  }
  return repair || undefined;
}

// ---------------------------------------------------------------- pipeline

function identityOffsets(length: number, shift: number): Int32Array {
  const offsets = new Int32Array(length);
  for (let i = 0; i < length; i++) offsets[i] = i + shift;
  return offsets;
}

interface Span {
  start: number;
  end: number;
}

/** A span of changed text, and when it changed (the count of pass runs before it). */
interface Change extends Span {
  at: number;
}

/**
 * Maps changed spans of the text before `applied` onto the text after it (a span that an edit cuts
 * into widens to the whole edit), and adds the output of each edit in `fresh` as a change made `at`.
 */
function trackChanges(changes: Change[], applied: Edit[], fresh: readonly Edit[], at: number): Change[] {
  // before[i]: the length change of the edits before edit i.
  const before = new Array<number>(applied.length);
  let shift = 0;
  for (const [i, edit] of applied.entries()) {
    before[i] = shift;
    shift += edit.text.length - (edit.end - edit.start);
  }
  // The index of the first edit that ends after p (applied is sorted and disjoint, so ends ascend).
  const firstEndingAfter = (p: number) => {
    let lo = 0;
    let hi = applied.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((applied[mid]?.end ?? 0) <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const map = (p: number, side: "start" | "end") => {
    const i = firstEndingAfter(p);
    const edit = applied[i];
    const offset = i < applied.length ? (before[i] ?? 0) : shift;
    if (edit && edit.start < p)
      return side === "start" ? edit.start + offset : edit.start + offset + edit.text.length;
    return p + offset;
  };
  const mapped = changes.map((c) => {
    const start = map(c.start, "start");
    return { start, end: Math.max(map(c.end, "end"), start), at: c.at };
  });
  const isFresh = new Set(fresh);
  for (const [i, edit] of applied.entries()) {
    if (!isFresh.has(edit)) continue;
    const start = edit.start + (before[i] ?? 0);
    mapped.push({ start, end: start + edit.text.length, at });
  }
  return mapped.sort((x, y) => x.start - y.start || x.end - y.end);
}

/** The lines that hold the spans, with one line of context on each side, merged. Ends exclude "\n". */
function windowsAround(text: string, spans: Span[]): Span[] {
  const windows: Span[] = [];
  for (const span of spans) {
    // Spans come sorted: one inside the last window needs no search (a long line of many edits
    // would otherwise cost a scan of the line per edit).
    const open = windows.at(-1);
    if (open && span.end <= open.end) continue;
    let start = text.lastIndexOf("\n", span.start - 1) + 1;
    if (start > 0) start = text.lastIndexOf("\n", start - 2) + 1;
    let end = text.indexOf("\n", span.end);
    if (end < 0) end = text.length;
    else {
      end = text.indexOf("\n", end + 1);
      if (end < 0) end = text.length;
    }
    const last = windows.at(-1);
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows;
}

// Quotes come right after mojibake (which can produce curly quotes), so that the later passes see
// straight quotes and the changes they make rarely concern a pass that has already run.
const passes: Pass[] = [
  whitespace,
  mojibake,
  quotes,
  markup,
  boilerplate,
  listMarkers,
  tocNumbers,
  citationMarkers,
  tickerTags,
  sentenceBoundaries,
  repeatedPhrases,
  repeatedSyllables,
  capitals,
  lineBreakHyphens,
  spacing,
];

/** Passes whose decisions depend on the whole text: when they have work, they look at all of it. */
const wholeTextPasses = new Set<Pass>([sentenceBoundaries]);

/** An edit that only removes newlines and keeps at least one (or trims the text's ends). */
function isBlankLineRemoval(text: string, edit: Edit): boolean {
  if (!/^\n*$/.test(edit.text)) return false;
  for (let i = edit.start; i < edit.end; i++) if (text[i] !== "\n") return false;
  return edit.text.length > 0 || edit.start === 0 || edit.end === text.length;
}

/** Runs `pass` over the whole text, or only over the lines around `spans`. */
function proposeEdits(pass: Pass, text: string, spans: Span[] | undefined): Edit[] {
  if (!spans || wholeTextPasses.has(pass)) return pass(text, text);
  const proposed: Edit[] = [];
  for (const w of windowsAround(text, spans)) {
    for (const edit of pass(text.slice(w.start, w.end), text)) {
      proposed.push({ ...edit, start: edit.start + w.start, end: edit.end + w.start });
    }
  }
  return proposed;
}

export interface NormalizeOptions {
  /** False reruns every pass over the whole text in every round (the reference for the tests). */
  incremental?: boolean;
  /** Correct misspelt words (default true). */
  repairSpelling?: boolean;
  /**
   * Word counts across the whole course (`countCourseWords`), so that a word recurring anywhere in it
   * is never corrected; by default the article's own words.
   */
  vocabulary?: ReadonlyMap<string, number>;
  /**
   * How the course writes each word (`countWordForms` of the raw texts): a rare casing of a term the
   * course writes in one distinctive form is repaired to it. None by default.
   */
  forms?: WordForms;
  /**
   * Pairs of neighbouring words across the whole course (`countWordPairs`), so that a dictionary word
   * written once where the course's repeated phrase has a near twin is repaired to it; by default the
   * article's own pairs.
   */
  pairs?: WordPairs;
  /** Put title-cased sentences into sentence case (default true). */
  repairTitleCase?: boolean;
  /**
   * How the course capitalises words in its normally cased sentences (`collectCasingEvidence` of the
   * raw texts), so that names it writes capitalised keep their capitals; by default the article's own.
   */
  casing?: CasingEvidence;
}

/** A cap on rounds; incremental rounds look only at what changed, so it costs little. */
const maxRounds = 8;

/**
 * Normalises raw article text, keeping a map from every output character back to the raw text.
 * Removes boilerplate lines, markup and list markers, restores glued sentence boundaries, collapses
 * runaway repetitions, repairs random capitals and mis-decoded characters, and normalises quotes and
 * whitespace. Paragraphs are separated by a single "\n". Normalising normalised text changes nothing.
 *
 * Passes can expose work for each other ("it it it" after a boundary is restored), so they run in
 * rounds to a fixed point. The first round runs every pass over the whole text; after that, a pass
 * looks only at the lines changed since it last ran, and their neighbours. `{ incremental: false }`
 * reruns every pass over the whole text in every round instead: the reference the tests hold the
 * incremental rounds to.
 *
 * @example
 * const n = normalizeText("Advertisements\nIt was hard to ignoreHaving tried it it it it.");
 * n.text; // "It was hard to ignore. Having tried it."
 */
export function normalizeText(rawText: string, options: NormalizeOptions = {}): NormalizedText {
  let current: NormalizedText = {
    rawText,
    text: rawText,
    rawStarts: identityOffsets(rawText.length, 0),
    rawEnds: identityOffsets(rawText.length, 1),
    changes: [],
  };
  const incremental = options.incremental ?? true;
  const buffers = new OffsetBuffers();
  // The spans changed so far, and when each pass last ran: a pass has yet to see what changed since.
  let changes: Change[] = [];
  const lastRun = passes.map(() => -1);
  let clock = 0;
  for (let round = 0; round < maxRounds; round++) {
    let changed = false;
    for (const [j, pass] of passes.entries()) {
      const since = lastRun[j] ?? -1;
      const unseen = round > 0 && incremental ? changes.filter((c) => c.at > since) : undefined;
      if (unseen?.length === 0) continue;
      const proposed = proposeEdits(pass, current.text, unseen);
      lastRun[j] = clock++;
      const before = current.text;
      const [next, applied] = applyEdits(current, proposed, buffers);
      current = next;
      if (applied.length === 0) continue;
      changed = true;
      // Dropping a blank line leaves every line as it was: nothing new for a line-local pass.
      const fresh = applied.filter((edit) => !isBlankLineRemoval(before, edit));
      const seenByAll = Math.min(...lastRun);
      changes = trackChanges(
        changes.filter((c) => c.at > seenByAll),
        applied,
        fresh,
        clock,
      );
    }
    if (!changed) break;
  }
  // Spelling last, on the settled text: a correction gives a dictionary word, which no pass changes.
  if (options.repairSpelling ?? true) {
    const vocabulary = options.vocabulary ?? countCourseWords([current.text]);
    const pairs = options.pairs ?? countWordPairs([current.text]);
    current = applyEdits(current, ligatureEdits(current.text), buffers)[0];
    current = applyEdits(current, spellingEdits(current.text, vocabulary, options.forms, pairs), buffers)[0];
  }
  // Title case after spelling: the spelling pass reads title case as a sign that a capital marks no name.
  if (options.repairTitleCase ?? true) {
    current = repairTitleCase(current, options.casing ?? collectCasingEvidence([current.text]), buffers);
  }
  // Own exact-size maps, not views of the shared buffers.
  return { ...current, rawStarts: current.rawStarts.slice(), rawEnds: current.rawEnds.slice() };
}

/**
 * Puts the title-cased sentences of normalised text into sentence case (`titleCaseEdits`), each change
 * a "capitalization" repair with its raw span. `normalizeText` does this itself unless told not to; a
 * course normalises every article first and repairs after, with the evidence of all its texts.
 *
 * @example
 * const n = normalizeText("The Team Has Gathered Top Talent Quickly.", { repairTitleCase: false });
 * repairTitleCase(n, collectCasingEvidence([n.text])).text; // "The team has gathered top talent quickly."
 */
export function repairTitleCase(
  normalized: NormalizedText,
  evidence: CasingEvidence,
  buffers?: OffsetBuffers,
): NormalizedText {
  const edits = titleCaseEdits(normalized.text, evidence).map(
    (e): Edit => ({ ...e, kind: "capitalization" }),
  );
  if (edits.length === 0) return normalized;
  // Without shared buffers, the maps are new arrays of the exact size.
  return applyEdits(normalized, edits, buffers)[0];
}

/**
 * The normalisation report of an article: every change, its kind and raw location, with counts.
 *
 * @example
 * buildNormalizationReport("a1", normalizeText("Advertisements\nHello.")).counts; // { boilerplate: 1 }
 */
export function buildNormalizationReport(articleId: string, normalized: NormalizedText): NormalizationReport {
  const tally = new Map<string, number>();
  for (const change of normalized.changes) tally.set(change.kind, (tally.get(change.kind) ?? 0) + 1);
  // Kinds in alphabetical order: the report does not depend on the order the passes run in.
  const counts = Object.fromEntries([...tally].sort(([a], [b]) => a.localeCompare(b)));
  const changes = [...normalized.changes].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return {
    articleId,
    rawLength: normalized.rawText.length,
    normalizedLength: normalized.text.length,
    counts,
    changes,
  };
}
