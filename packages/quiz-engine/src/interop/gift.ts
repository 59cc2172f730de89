import type { CourseBundle } from "../course.ts";
import { gateQuestion } from "../gates.ts";
import { hashString } from "../random.ts";
import type {
  Markup,
  NumericAnswer,
  Option,
  OptionFeedback,
  Question,
  QuestionType,
  SourceRef,
  Tolerance,
  TypedAnswer,
} from "../schemas.ts";
import { QuestionSchema } from "../schemas.ts";
import { htmlToPlain, sanitizeHtml } from "./markup.ts";
import { proposeSources, type SourceProposal } from "./propose-sources.ts";

/**
 * GIFT, Moodle's plain-text question format, in and out. The parser follows Moodle's own
 * `question/format/gift/format.php` (blank-line separated blocks, `//` comment lines, escapes
 * replaced before anything else, the first `{` and first `}` delimit the answers, a blank `_____`
 * where the answers sit mid-sentence) and reports, with line and column, what it cannot take.
 *
 * Two conventions carry what GIFT cannot hold, in comment lines Moodle ignores:
 * - `// source: <passageId> ["exact quote"]` (or `[source:<passageId>]` in the title) names the
 *   passage a question is drawn from; with a bundle it becomes a citation with raw offsets.
 * - `// groundwork: {json}`, written by `exportGift`, keeps ids, citations, concepts, difficulty,
 *   the original type (ordering is exported as a matching) and the like. The GIFT body always wins
 *   for what it holds (stem, options, key, feedback), so a file edited in Moodle stays authoritative.
 */

/** A question whose citations may still be missing: what a GIFT file gives before a bundle resolves it. */
export type QuestionDraft = Question extends infer Q
  ? Q extends Question
    ? Omit<Q, "sourceRefs"> & { sourceRefs: SourceRef[] }
    : never
  : never;

export interface GiftProblem {
  /** 1-based line and column in the GIFT text. */
  line: number;
  column: number;
  /** `error`: the question was not imported as written; `warning`: imported, something was lost. */
  severity: "error" | "warning";
  message: string;
}

export interface GiftSkipped {
  line: number;
  column: number;
  kind: "essay" | "description";
  title: string | null;
  reason: string;
}

/**
 * A parsed question that could not join the bank as it is. `needsSource`: it names no passage (a
 * bank from Moodle never does); it is kept whole, with the course's best-matching passages proposed
 * when a bundle is given, for an author to confirm. Otherwise a citation or a gate failed.
 */
export interface GiftDraft {
  line: number;
  column: number;
  title: string | null;
  question: QuestionDraft;
  reasons: string[];
  needsSource: boolean;
  proposals: SourceProposal[];
}

export interface GiftImportResult {
  /** Schema-valid, cited questions; with a bundle, they also passed `gateQuestion`. */
  questions: Question[];
  drafts: GiftDraft[];
  skipped: GiftSkipped[];
  problems: GiftProblem[];
}

export interface GiftImportOptions {
  /** Resolves `// source:` passages into citations and runs the gates. */
  bundle?: CourseBundle;
}

// Escaped characters become private-use placeholders before parsing, as Moodle's escapedchar_pre does.
const ESCAPES: Record<string, string> = {
  ":": "\uE001",
  "#": "\uE002",
  "=": "\uE003",
  "{": "\uE004",
  "}": "\uE005",
  "~": "\uE006",
  n: "\uE007",
};
const UNESCAPE: Record<string, string> = {
  "\uE001": ":",
  "\uE002": "#",
  "\uE003": "=",
  "\uE004": "{",
  "\uE005": "}",
  "\uE006": "~",
  "\uE007": "\n",
};
const FORMATS = new Set(["moodle", "html", "plain", "markdown"]);
/** An HTML start, end or empty tag ("<h3>", "</p>", "<br/>"), not a comparison such as "3 < 5". */
const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i;
/** Why a draft waits: the reason text the API and the review page show. */
export const NEEDS_SOURCE = "needs a source: confirm the passage it comes from";
const WEIGHT = /^%(-?\d+(?:\.\d*)?)%/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BLANK_TEXT = "_____";

/** A slice of the file with, for each of its characters, the offset it came from. */
interface Located {
  text: string;
  at: number[];
}

function slice(src: Located, start: number, end = src.text.length): Located {
  return { text: src.text.slice(start, end), at: src.at.slice(start, end) };
}

function trimLocated(src: Located): Located {
  const start = src.text.length - src.text.trimStart().length;
  const end = src.text.trimEnd().length;
  return end <= start ? { text: "", at: [] } : slice(src, start, end);
}

/** Splits on every `sep` (already-escaped text), as PHP's explode. */
function explode(src: Located, sep: string): Located[] {
  const parts: Located[] = [];
  let from = 0;
  for (;;) {
    const i = src.text.indexOf(sep, from);
    if (i < 0) break;
    parts.push(slice(src, from, i));
    from = i + sep.length;
  }
  parts.push(slice(src, from));
  return parts;
}

function unescapeText(text: string): string {
  return text.replace(/[\uE001-\uE007]/g, (c) => UNESCAPE[c] ?? c);
}

interface Formatted {
  /** The plain reading: what the gates, the grader and a plain-text player use. */
  text: string;
  format: string;
  /** The sanitised original, when its markup says more than paragraphs. */
  markup?: Markup;
  /** What sanitising removed (tags, attributes), for the report. */
  removed: string[];
}

/** Markdown's plain reading: emphasis and code marks and heading hashes removed, in one pass per line. */
function markdownToPlain(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^#{1,6}\s+/, "").replace(/[*`]/g, ""))
    .join("\n");
}

/**
 * `[html]`, `[markdown]`, `[plain]`, `[moodle]` prefixes. HTML and Markdown keep their markup
 * (HTML sanitised) beside a plain reading.
 */
function readFormatted(raw: string, defaultFormat: string): Formatted {
  let format = defaultFormat;
  let text = raw.trim();
  const match = /^\[([a-z]+)\]/.exec(text);
  if (match && FORMATS.has(match[1] as string)) {
    format = match[1] as string;
    text = text.slice(match[0].length);
  }
  text = unescapeText(text).trim();
  // Moodle's own format (the default, `[moodle]`) lets HTML through, as hand-written banks use it:
  // Moodle shows "<h3>Scenario</h3>" as a heading, so it is read as HTML, not as literal tags.
  if (format === "html" || (format === "moodle" && HTML_TAG.test(text))) {
    const { html, removed } = sanitizeHtml(text);
    const plain = htmlToPlain(html);
    const hasFormatting = html.replace(/<\/?p>|<br>/g, "").includes("<");
    return {
      text: plain,
      format,
      removed,
      ...(hasFormatting && plain ? { markup: { format: "html", text: html } } : {}),
    };
  }
  if (format === "markdown") {
    // Markdown may hold raw HTML: its plain reading drops tags (and script bodies) as the HTML one
    // does. The author's text is kept as written; it is sanitised when shown (`renderMarkup`).
    const { removed } = sanitizeHtml(text);
    const plain = htmlToPlain(markdownToPlain(text));
    return {
      text: plain,
      format,
      removed,
      ...(plain !== text && plain ? { markup: { format: "markdown", text } } : {}),
    };
  }
  return { text, format, removed: [] };
}

interface Block {
  /** The block's lines joined, comment lines blanked, escapes replaced, with source offsets. */
  body: Located;
  comments: { text: string; offset: number }[];
}

/** Splits a file into blank-line separated blocks (Moodle's readquestions), replacing escapes. */
function readBlocks(file: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let offset = 0;
  const lines = file.split("\n");
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const lineStart = offset;
    offset += rawLine.length + (index < lines.length - 1 ? 1 : 0);
    if (line.trim() === "") {
      current = null;
      continue;
    }
    if (!current) {
      current = { body: { text: "", at: [] }, comments: [] };
      blocks.push(current);
    } else {
      current.body.text += "\n";
      current.body.at.push(lineStart - 1);
    }
    if (line.trim().startsWith("//")) {
      current.comments.push({ text: line.trim().slice(2).trim(), offset: lineStart });
      current.body.text += " ";
      current.body.at.push(lineStart);
      continue;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      const next = line[i + 1];
      if (c === "\\" && next === "\\") {
        current.body.text += "\\";
        current.body.at.push(lineStart + i);
        i++;
      } else if (c === "\\" && next !== undefined && ESCAPES[next]) {
        current.body.text += ESCAPES[next];
        current.body.at.push(lineStart + i);
        i++;
      } else {
        current.body.text += c;
        current.body.at.push(lineStart + i);
      }
    }
  }
  return blocks;
}

/** What `exportGift` writes in its `// groundwork:` comment. */
interface Extras {
  id?: string;
  type?: QuestionType;
  sourceRefs?: SourceRef[];
  conceptIds?: string[];
  difficulty?: number;
  generator?: string;
  ids?: { options?: string[]; left?: string[]; right?: string[] };
  feedback?: OptionFeedback[];
  rejected?: string[];
  correction?: string;
  unit?: string | null;
  tolerance?: Tolerance;
  quality?: { score: number; reasons: string[] };
  inQuizSet?: boolean;
}

/** The id an option gets from its own text: nothing about its place in the file, so nothing about the key. */
function textIds(texts: readonly string[], prefix: string): string[] {
  const unique = uniqueIds();
  return texts.map((text) => unique(`${prefix}${hashString(text).toString(36)}`));
}

/** `id`, then `id-2`, `id-3`...: a counter per id keeps a thousand repeats linear. */
function uniqueIds(): (id: string) => string {
  const used = new Set<string>();
  const next = new Map<string, number>();
  return (base) => {
    let n = next.get(base) ?? 1;
    let id = n === 1 ? base : `${base}-${n}`;
    while (used.has(id)) id = `${base}-${++n}`;
    next.set(base, n + 1);
    used.add(id);
    return id;
  };
}

interface SourceSpec {
  passageId: string;
  quote?: string;
  /** From a `// article:` line: checked against the passage's article. */
  articleId?: string;
  offset: number;
}

interface Answer {
  text: string;
  weight: number | null;
  feedback: string;
  at: number;
}

/** The ids kept by `exportGift` when they still fit, else ids made from each text. */
function pickIds(texts: readonly string[], fromExtras: string[] | undefined, prefix = "o-"): string[] {
  const n = texts.length;
  return fromExtras && fromExtras.length === n && new Set(fromExtras).size === n
    ? fromExtras
    : textIds(texts, prefix);
}

/**
 * Parses a GIFT file into Groundwork questions. Every GIFT kind is read; an essay or a description
 * is reported in `skipped`, never silently dropped; a malformed question becomes a problem with
 * line and column while the questions around it still import.
 *
 * @example
 * const { questions, problems } = importGift("// source: econ-p0\n::Q1:: Coal use rose. {T}", { bundle });
 */
export function importGift(file: string, options: GiftImportOptions = {}): GiftImportResult {
  const lineStarts = [0];
  for (let i = 0; i < file.length; i++) if (file[i] === "\n") lineStarts.push(i + 1);
  const where = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const result: GiftImportResult = { questions: [], drafts: [], skipped: [], problems: [] };
  const problem = (offset: number, severity: GiftProblem["severity"], message: string) =>
    result.problems.push({ ...where(offset), severity, message });

  let category = "";
  const uniqueId = uniqueIds();
  for (const block of readBlocks(file)) {
    const body = trimLocated(block.body);
    if (body.text === "") continue;
    const start = body.at[0] as number;
    if (body.text.startsWith("$CATEGORY:")) {
      category = unescapeText(body.text.slice(10)).trim();
      // Said, not dropped silently: a teacher moving a bank should know its categories stay behind.
      // Moodle's own defaults ("top", "Default for …", in every Moodle export) carry no structure.
      if (!/(^|\/)(top|default for [^/]*)$/i.test(category))
        problem(
          start,
          "warning",
          `category “${category}” is not kept: Groundwork has no question categories, so the questions below it import without one and export into Moodle's default category`,
        );
      continue;
    }
    try {
      const parsed = parseBlock(body, block, problem);
      if (!parsed) continue;
      if ("skip" in parsed) {
        result.skipped.push({
          ...where(start),
          kind: parsed.skip,
          title: parsed.title,
          reason: parsed.reason,
        });
        problem(start, "warning", `${parsed.skip} “${parsed.title ?? "untitled"}” skipped: ${parsed.reason}`);
        continue;
      }
      const { draft, title, sources, extras, moodle } = parsed;
      const given = extras.id ?? moodle.idnumber;
      const id = uniqueId(given ?? `gift-${hashString(`${category}\u0000${body.text}`).toString(36)}`);
      draft.id = id;
      if (title && title !== id && title !== given) draft.title = title;
      const reasons = resolveSources(draft, sources, extras, moodle.tags, options.bundle, (o, m, severity) =>
        problem(o, severity ?? "error", m),
      );
      if (reasons.length === 0 && draft.sourceRefs.length === 0) {
        const proposals = options.bundle ? proposeSources(draft, options.bundle) : [];
        result.drafts.push({
          ...where(start),
          title,
          question: draft,
          reasons: [NEEDS_SOURCE],
          needsSource: true,
          proposals,
        });
        continue;
      }
      const schema = QuestionSchema.safeParse(draft);
      if (reasons.length === 0 && !schema.success) {
        reasons.push(...schema.error.issues.map((i) => `${i.path.join(".") || "question"}: ${i.message}`));
      }
      if (reasons.length === 0 && options.bundle) {
        const verdict = gateQuestion(draft, options.bundle);
        if (!verdict.passed) reasons.push(...verdict.failures.map((f) => `${f.gate} gate: ${f.reason}`));
      }
      if (reasons.length === 0 && schema.success) {
        result.questions.push(schema.data);
      } else {
        for (const reason of reasons) problem(start, "error", `question “${title ?? id}”: ${reason}`);
        result.drafts.push({
          ...where(start),
          title,
          question: draft,
          reasons,
          needsSource: false,
          proposals: [],
        });
      }
    } catch (error) {
      if (!(error instanceof GiftSyntaxError)) throw error;
      problem(error.offset, "error", error.message);
    }
  }
  return result;
}

class GiftSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Parsed =
  | { skip: "essay" | "description"; title: string | null; reason: string }
  | {
      draft: QuestionDraft;
      title: string | null;
      sources: SourceSpec[];
      extras: Extras;
      moodle: { idnumber?: string; tags: string[]; offset: number };
    };

/**
 * Moodle's `[id:…]` (the question's idnumber) and `[tag:…]` tokens in the comment lines above a
 * question, `]` escaped as `\]` (Moodle 3.6+).
 */
function readMoodleComment(block: Block): { idnumber?: string; tags: string[]; offset: number } {
  const text = block.comments.map((c) => c.text).join("\n");
  const offset = block.comments[0]?.offset ?? 0;
  const unescapeToken = (t: string) => t.replaceAll("\\]", "]").trim();
  const isControl = (c: string) => c < " ";
  const id = scanTokens(text, "[id:", isControl, true)[0];
  const tags = scanTokens(text, "[tag:", (c) => isControl(c) || c === "<" || c === ">", true).map(
    unescapeToken,
  );
  const idnumber = id ? unescapeToken(id) : "";
  return { ...(idnumber ? { idnumber } : {}), tags: tags.filter((t) => t), offset };
}

/**
 * The values of `<prefix>value]` tokens, left to right, in one pass: what Moodle's
 * `/\[id:((?:\\\]|[^\][:cntrl:]])+)\]/` finds, without the regex's backtracking (which made a long
 * comment of `[tag:` quadratic). A token stops at a `forbidden` character; `\]` is an escaped `]`
 * when `escapes`, and, as the regex does on backtracking, the last `\]` closes a token left open.
 */
function scanTokens(
  text: string,
  prefix: string,
  forbidden: (c: string) => boolean,
  escapes: boolean,
): string[] {
  const values: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(prefix, from);
    if (start < 0) break;
    const valueStart = start + prefix.length;
    let i = valueStart;
    let lastEscape = -1;
    let end = -1;
    while (i < text.length) {
      const c = text[i] as string;
      if (escapes && c === "\\" && text[i + 1] === "]") {
        lastEscape = i;
        i += 2;
      } else if (c === "]") {
        end = i;
        break;
      } else if (forbidden(c)) break;
      else i++;
    }
    if (end < 0 && lastEscape >= 0) end = lastEscape + 1;
    if (end > valueStart) {
      values.push(text.slice(valueStart, end));
      from = end + 1;
    } else {
      // No token here; one starting before i would stop at the same character.
      from = Math.max(i, start + 1);
    }
  }
  return values;
}

function readExtras(block: Block, problem: (o: number, s: "warning", m: string) => void): Extras {
  const line = block.comments.find((c) => c.text.startsWith("groundwork:"));
  if (!line) return {};
  try {
    const value = JSON.parse(line.text.slice("groundwork:".length));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Extras;
  } catch {
    // reported below
  }
  problem(line.offset, "warning", "the `// groundwork:` line is not a JSON object; ignored");
  return {};
}

/** `source: <passageId> ["quote"]`, read by hand: the line can be as long as a file. */
function readSourceLine(line: string): { passageId: string; quoted?: string } | null {
  if (!line.startsWith("source:")) return null;
  const rest = line.slice("source:".length).trimStart();
  let end = 0;
  while (end < rest.length && !/\s/.test(rest[end] as string)) end++;
  if (end === 0) return null;
  const tail = rest.slice(end).trim();
  if (tail === "") return { passageId: rest.slice(0, end) };
  if (tail.length < 2 || !tail.startsWith('"') || !tail.endsWith('"') || !/\s/.test(rest[end] as string))
    return null;
  return { passageId: rest.slice(0, end), quoted: tail };
}

function readSources(block: Block): SourceSpec[] {
  const specs: SourceSpec[] = [];
  for (const c of block.comments) {
    // `// article: <id>` names the article of the source line above it.
    const last = specs[specs.length - 1];
    if (c.text.startsWith("article:") && last && last.articleId === undefined) {
      const articleId = c.text.slice("article:".length).trim().split(/\s/)[0];
      if (articleId) last.articleId = articleId;
      continue;
    }
    const match = readSourceLine(c.text);
    if (!match) continue;
    let quote: string | undefined;
    try {
      quote = match.quoted ? (JSON.parse(match.quoted) as string) : undefined;
    } catch {
      quote = match.quoted?.slice(1, -1);
    }
    specs.push({ passageId: match.passageId, ...(quote ? { quote } : {}), offset: c.offset });
  }
  return specs;
}

function parseBlock(
  body: Located,
  block: Block,
  problem: (offset: number, severity: GiftProblem["severity"], message: string) => void,
): Parsed | null {
  const extras = readExtras(block, problem);
  const sources = readSources(block);
  const moodle = readMoodleComment(block);
  let text = body;
  let title: string | null = null;
  if (text.text.startsWith("::")) {
    const end = text.text.indexOf("::", 2);
    if (end >= 0) {
      title = unescapeText(text.text.slice(2, end)).trim();
      text = trimLocated(slice(text, end + 2));
      const passageId = scanTokens(title, "[source:", (c) => /\s/.test(c), false)[0];
      if (passageId) {
        sources.push({ passageId, offset: body.at[0] as number });
        title = title.replace(`[source:${passageId}]`, "").trim();
      }
    } else {
      text = trimLocated(slice(text, 2));
    }
  }
  const open = text.text.indexOf("{");
  const close = text.text.indexOf("}");
  if (open < 0 && close < 0) {
    return {
      skip: "description",
      title,
      reason: "a description has no answers; Groundwork has no such item",
    };
  }
  if (open < 0 || close < 0 || close < open) {
    const at = open < 0 ? close : open;
    throw new GiftSyntaxError(
      `unbalanced braces: ${open < 0 ? "“}” without “{”" : close < 0 ? "“{” without “}”" : "“}” before “{”"} (escape a literal brace as \\{ or \\})`,
      text.at[at] as number,
    );
  }
  const rest = text.text.slice(close + 1);
  if (/[{}]/.test(rest)) {
    const at = close + 1 + rest.search(/[{}]/);
    throw new GiftSyntaxError(
      "a second answer block in one question: separate questions with a blank line, or escape the brace",
      text.at[at] as number,
    );
  }
  let answers = trimLocated(slice(text, open + 1, close));
  const isMissingWord = !text.text.endsWith("}");
  const stemRaw = `${text.text.slice(0, open)}${isMissingWord ? BLANK_TEXT : ""}${rest}`;
  let generalFeedback = "";
  const gf = answers.text.lastIndexOf("####");
  if (gf >= 0) {
    generalFeedback = answers.text.slice(gf + 4);
    answers = trimLocated(slice(answers, 0, gf));
  }
  const stem = readFormatted(stemRaw, "moodle");
  const explanation = generalFeedback.trim() ? readFormatted(generalFeedback, stem.format).text : "";
  const braceAt = text.at[open] as number;
  if (stem.text === "") throw new GiftSyntaxError("the question has no text", braceAt);
  if (stem.removed.length > 0) {
    problem(
      text.at[0] as number,
      "warning",
      stem.format === "markdown"
        ? `HTML in the question's Markdown that is never shown, as unsafe: ${stem.removed.join(", ")}`
        : `removed from the question's HTML, as unsafe to show: ${stem.removed.join(", ")}`,
    );
  }

  const base = {
    id: "",
    stem: stem.text,
    sourceRefs: [] as SourceRef[],
    conceptIds: extras.conceptIds ?? moodle.tags,
    difficulty: typeof extras.difficulty === "number" ? extras.difficulty : 0.5,
    generator: extras.generator ?? "author.gift",
    ...(explanation ? { explanation } : {}),
    ...(stem.markup ? { stemMarkup: stem.markup } : {}),
    ...(extras.quality ? { quality: extras.quality } : {}),
    ...(typeof extras.inQuizSet === "boolean" ? { inQuizSet: extras.inQuizSet } : {}),
  };
  const a = answers.text;
  if (a === "") {
    return { skip: "essay", title, reason: "an essay needs a human grader; Groundwork has no essay type" };
  }
  const fmt = stem.format;
  const warn = (offset: number, message: string) => problem(offset, "warning", message);
  if (hasInlineFormatting(answers.text, fmt)) {
    warn(
      answers.at[0] ?? 0,
      `formatting inside the answers or their feedback (${fmt}) is kept as plain text; the question text keeps its own`,
    );
  }
  let draft: QuestionDraft;
  if (a.startsWith("#")) draft = readNumeric(slice(answers, 1), base, extras, fmt, warn);
  else if (a.includes("~")) draft = readChoice(answers, base, extras, fmt, warn);
  else if (a.includes("=") && a.includes("->")) draft = readMatching(answers, base, extras, fmt);
  else {
    const check = (a.indexOf("#") > 0 ? a.slice(0, a.indexOf("#")) : a).trim();
    if (["T", "TRUE", "F", "FALSE"].includes(check)) draft = readTrueFalse(answers, base, extras, fmt);
    else draft = readTyped(answers, base, extras, fmt);
  }
  return { draft, title, sources, extras, moodle };
}

/** Whether answers written in HTML or Markdown use formatting that their plain reading drops. */
function hasInlineFormatting(answers: string, format: string): boolean {
  if (answers.includes("[html]") || (format === "html" && answers.includes("<"))) {
    return sanitizeHtml(answers)
      .html.replace(/<\/?p>|<br>/g, "")
      .includes("<");
  }
  return (format === "markdown" || answers.includes("[markdown]")) && /[*`]/.test(answers);
}

type Base = Omit<QuestionDraft, "type" | "key" | "options" | "left" | "right">;

function readWeighted(part: Located, fmt: string, weightDefault: number | null, hasWeight = true): Answer {
  let text = part.text.trim();
  let weight = weightDefault;
  const match = hasWeight ? WEIGHT.exec(text) : null;
  if (match) {
    weight = Number(match[1]);
    text = text.slice(match[0].length);
  }
  const hash = text.indexOf("#");
  const answer = readFormatted(hash >= 0 ? text.slice(0, hash) : text, fmt).text;
  const feedback = hash >= 0 ? readFormatted(text.slice(hash + 1), fmt).text : "";
  return { text: answer, weight, feedback, at: part.at[0] ?? 0 };
}

function feedbackFor(ids: string[], answers: Answer[], extras: Extras): { feedback?: OptionFeedback[] } {
  const feedback: OptionFeedback[] = [];
  answers.forEach((answer, i) => {
    if (!answer.feedback) return;
    const optionId = ids[i] as string;
    const known = extras.feedback?.find((f) => f.optionId === optionId);
    feedback.push({ optionId, text: answer.feedback, sourceRefs: known?.sourceRefs ?? [] });
  });
  return feedback.length > 0 ? { feedback } : {};
}

function requireTexts(answers: Answer[], what: string) {
  for (const answer of answers) {
    if (answer.text === "") throw new GiftSyntaxError(`an empty ${what}`, answer.at);
  }
}

function readChoice(
  answers: Located,
  base: Base,
  extras: Extras,
  fmt: string,
  warn: (offset: number, message: string) => void,
): QuestionDraft {
  const isSingle = answers.text.includes("=");
  const parts = explode({ text: answers.text.replace(/=/g, "~="), at: spread(answers) }, "~");
  if ((parts[0]?.text.trim() ?? "") === "") parts.shift();
  if (parts.length < 2)
    throw new GiftSyntaxError("a multiple choice needs at least two answers", answers.at[0] ?? 0);
  const list = parts.map((part) => {
    const t = part.text.trim();
    if (t.startsWith("=")) {
      const after = slice(part, part.text.indexOf("=") + 1);
      // “=%100%” is a weight written where Moodle takes none (other “%n%” texts are kept quietly:
      // that is how a text starting with “%” is written, as our own export does).
      const weight = WEIGHT.exec(after.text.trim())?.[0];
      if (weight === "%100%")
        warn(
          after.at[0] ?? 0,
          `an answer written “=${weight}…”: after “=” Moodle reads no weight in a multiple choice, so the answer's text starts with “${weight}” (kept as Moodle shows it); write “~${weight}…” or “=” alone`,
        );
      return { ...readWeighted(after, fmt, 100, false), weight: 100 };
    }
    return readWeighted(part, fmt, 0);
  });
  requireTexts(list, "answer");
  requireWeights(list, -100);
  const ids = pickIds(
    list.map((answer) => answer.text),
    extras.ids?.options,
  );
  const options: Option[] = list.map((answer, i) => ({ id: ids[i] as string, text: answer.text }));
  const feedback = feedbackFor(ids, list, extras);
  const weights: Record<string, number> = {};
  list.forEach((answer, i) => {
    if ((answer.weight ?? 0) !== 0) weights[ids[i] as string] = (answer.weight ?? 0) / 100;
  });
  if (isSingle) {
    const keyIndex = list.findIndex((answer) => answer.weight === 100);
    // Moodle's single answer: the chosen option's weight is the score; the first full-credit one is the key.
    const hasOtherCredit = list.some((answer, i) => i !== keyIndex && (answer.weight ?? 0) !== 0);
    return {
      ...base,
      type: "single_choice",
      options,
      key: ids[keyIndex] as string,
      ...(hasOtherCredit ? { weights } : {}),
      ...feedback,
    };
  }
  const positive = list.filter((answer) => (answer.weight ?? 0) > 0);
  if (positive.length === 0) {
    throw new GiftSyntaxError(
      "no answer is right: mark one with “=” or give positive weights",
      answers.at[0] ?? 0,
    );
  }
  const sum = positive.reduce((s, answer) => s + (answer.weight ?? 0), 0);
  if (Math.abs(sum - 100) > 0.01) {
    warn(
      answers.at[0] ?? 0,
      `positive weights add up to ${sum}%, not 100%; Moodle would refuse this question (kept as written)`,
    );
  }
  const key = list.flatMap((answer, i) => ((answer.weight ?? 0) > 0 ? [ids[i] as string] : []));
  // Moodle's multiple answers score the sum of the ticked options' weights. Groundwork's default
  // (+1/k each right, -1/(n-k) each wrong) is that sum for one set of weights: keep any other.
  const wrongCount = list.length - key.length;
  const isDefault = list.every((answer) => {
    const w = (answer.weight ?? 0) / 100;
    return Math.abs(w > 0 ? w - 1 / key.length : w + 1 / wrongCount) < 1e-6;
  });
  return { ...base, type: "multiple_choice", options, key, ...(isDefault ? {} : { weights }), ...feedback };
}

/** Moodle takes weights from -100% (choices only) to 100%. */
function requireWeights(answers: Answer[], lowest: number) {
  for (const answer of answers) {
    const w = answer.weight ?? 0;
    if (w > 100 || w < lowest)
      throw new GiftSyntaxError(`the weight ${w}% is outside ${lowest}%..100%`, answer.at);
  }
}

/** Offsets for text of the same length; `~=` insertions point at the `=` they came from. */
function spread(src: Located): number[] {
  const at: number[] = [];
  for (let i = 0; i < src.text.length; i++) {
    if (src.text[i] === "=") at.push(src.at[i] as number);
    at.push(src.at[i] as number);
  }
  return at;
}

function readTrueFalse(answers: Located, base: Base, extras: Extras, fmt: string): QuestionDraft {
  const bits = answers.text.split("#");
  const value = (bits[0] ?? "").trim();
  const key = value === "T" || value === "TRUE";
  const wrong = bits[1] !== undefined ? readFormatted(bits[1], fmt).text : "";
  const right = bits.length > 2 ? readFormatted(bits.slice(2).join("#"), fmt).text : "";
  const feedback: OptionFeedback[] = [];
  const refsOf = (optionId: string) =>
    extras.feedback?.find((f) => f.optionId === optionId)?.sourceRefs ?? [];
  const rightId = String(key);
  const wrongId = String(!key);
  if (right) feedback.push({ optionId: rightId, text: right, sourceRefs: refsOf(rightId) });
  if (wrong) feedback.push({ optionId: wrongId, text: wrong, sourceRefs: refsOf(wrongId) });
  feedback.sort((x, y) => (x.optionId === "true" ? -1 : 1) - (y.optionId === "true" ? -1 : 1));
  return {
    ...base,
    type: "true_false",
    key,
    ...(extras.correction !== undefined ? { correction: extras.correction } : {}),
    ...(feedback.length > 0 ? { feedback } : {}),
  };
}

function readTyped(answers: Located, base: Base, extras: Extras, fmt: string): QuestionDraft {
  const parts = explode(answers, "=");
  if ((parts[0]?.text.trim() ?? "") === "") parts.shift();
  const list = parts.map((part) => readWeighted(part, fmt, 100));
  requireTexts(list, "answer");
  requireWeights(list, 0);
  const accepted = list.filter((answer) => answer.weight === 100).map((answer) => answer.text);
  if (accepted.length === 0) {
    throw new GiftSyntaxError("no answer earns full credit (=answer or =%100%answer)", answers.at[0] ?? 0);
  }
  const rejected = [
    ...list.filter((answer) => (answer.weight ?? 0) <= 0).map((answer) => answer.text),
    ...(extras.rejected ?? []),
  ];
  // Partial credit and feedback, Moodle's way: matched as written (after normalisation).
  const graded: TypedAnswer[] = list
    .filter((answer) => answer.feedback !== "" || (answer.weight !== 100 && (answer.weight ?? 0) > 0))
    .map((answer) => ({
      text: answer.text,
      weight: (answer.weight ?? 0) / 100,
      ...(answer.feedback ? { feedback: answer.feedback } : {}),
    }));
  const isCloze = extras.type ? extras.type === "cloze" : /_{3,}/.test(base.stem);
  const uniqueRejected = [...new Set(rejected)];
  return {
    ...base,
    type: isCloze ? "cloze" : "short_answer",
    key: { accepted },
    ...(uniqueRejected.length > 0 ? { rejected: uniqueRejected } : {}),
    ...(graded.length > 0 ? { answers: graded } : {}),
    ...(extras.feedback && extras.feedback.length > 0 ? { feedback: extras.feedback } : {}),
  };
}

function readNumeric(
  answers: Located,
  base: Base,
  extras: Extras,
  fmt: string,
  warn: (offset: number, message: string) => void,
): QuestionDraft {
  let body = answers;
  const tilde = body.text.indexOf("~");
  if (tilde >= 0) {
    warn(body.at[tilde] ?? 0, "feedback for any other number has no place in Groundwork; dropped");
    body = slice(body, 0, tilde);
  }
  const parts = explode(body, "=");
  if ((parts[0]?.text.trim() ?? "") === "") parts.shift();
  if (parts.length === 0)
    throw new GiftSyntaxError("a numerical question needs an answer", answers.at[0] ?? 0);
  const list = parts.map((part) => {
    const answer = readWeighted(part, fmt, 100);
    const t = answer.text;
    let value: number;
    let tolerance: number;
    const range = t.indexOf("..");
    const colon = t.indexOf(":");
    if (range > 0) {
      const min = t.slice(0, range).trim();
      const max = t.slice(range + 2).trim();
      if (!NUMBER.test(min) || !NUMBER.test(max))
        throw new GiftSyntaxError(`“${t}” is not a range of numbers`, answer.at);
      value = (Number(min) + Number(max)) / 2;
      tolerance = Number(max) - value;
      if (tolerance < 0) throw new GiftSyntaxError(`range “${t}” runs backwards`, answer.at);
    } else if (colon > 0) {
      const v = t.slice(0, colon).trim();
      const tol = t.slice(colon + 1).trim();
      if (!NUMBER.test(v) || !NUMBER.test(tol))
        throw new GiftSyntaxError(`“${t}” is not number:tolerance`, answer.at);
      value = Number(v);
      tolerance = Math.abs(Number(tol));
    } else {
      if (!NUMBER.test(t.trim())) throw new GiftSyntaxError(`“${t}” is not a number`, answer.at);
      value = Number(t);
      tolerance = 0;
    }
    return { ...answer, value, tolerance };
  });
  requireWeights(list, 0);
  const best = list.find((answer) => answer.weight === 100);
  if (!best) throw new GiftSyntaxError("no numerical answer earns full credit", answers.at[0] ?? 0);
  let tolerance: Tolerance = { mode: "absolute", amount: best.tolerance };
  const kept = extras.tolerance;
  if (kept?.mode === "relative" && closeEnough(kept.amount * Math.abs(best.value), best.tolerance))
    tolerance = kept;
  else if (kept?.mode === "absolute" && closeEnough(kept.amount, best.tolerance)) tolerance = kept;
  const graded: NumericAnswer[] = list
    .filter((answer) => answer !== best || answer.feedback !== "")
    .map((answer) => ({
      value: answer.value,
      tolerance: answer === best ? tolerance : { mode: "absolute", amount: answer.tolerance },
      weight: (answer.weight ?? 0) / 100,
      ...(answer.feedback ? { feedback: answer.feedback } : {}),
    }));
  return {
    ...base,
    type: "numeric",
    key: { value: best.value, tolerance, unit: extras.unit ?? null },
    ...(graded.length > 0 ? { answers: graded } : {}),
    ...(extras.feedback && extras.feedback.length > 0 ? { feedback: extras.feedback } : {}),
  };
}

function closeEnough(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function readMatching(answers: Located, base: Base, extras: Extras, fmt: string): QuestionDraft {
  const parts = explode(answers, "=");
  if ((parts[0]?.text.trim() ?? "") === "") parts.shift();
  const pairs = parts.map((part) => {
    const marker = part.text.indexOf("->");
    if (marker < 0) throw new GiftSyntaxError("a matching answer needs “->”", part.at[0] ?? 0);
    return {
      left: readFormatted(part.text.slice(0, marker), fmt).text,
      right: unescapeText(part.text.slice(marker + 2)).trim(),
      at: part.at[0] ?? 0,
    };
  });
  for (const pair of pairs)
    if (pair.right === "") throw new GiftSyntaxError("a matching answer has nothing after “->”", pair.at);
  const lefts = pairs.filter((pair) => pair.left !== "");
  if (lefts.length < 2)
    throw new GiftSyntaxError("a matching question needs at least two pairs", answers.at[0] ?? 0);
  const rightTexts = [...new Set(pairs.map((pair) => pair.right))];
  if (rightTexts.length < 2)
    throw new GiftSyntaxError("a matching question needs at least two different answers", answers.at[0] ?? 0);
  const leftIds = pickIds(
    lefts.map((pair) => pair.left),
    extras.ids?.left,
    "l-",
  );
  const rightIds = pickIds(rightTexts, extras.ids?.right, "r-");
  const left = lefts.map((pair, i) => ({ id: leftIds[i] as string, text: pair.left }));
  const right = rightTexts.map((text, i) => ({ id: rightIds[i] as string, text }));
  const key: Record<string, string> = {};
  lefts.forEach((pair, i) => {
    key[leftIds[i] as string] = rightIds[rightTexts.indexOf(pair.right)] as string;
  });
  const feedback = extras.feedback && extras.feedback.length > 0 ? { feedback: extras.feedback } : {};
  if (
    extras.type === "ordering" &&
    [...rightTexts].sort((x, y) => Number(x) - Number(y)).every((t, i) => t === String(i + 1)) &&
    right.length === left.length
  ) {
    const order = [...left].sort(
      (x, y) =>
        Number(right.find((r) => r.id === key[x.id])?.text) -
        Number(right.find((r) => r.id === key[y.id])?.text),
    );
    const ids = pickIds(
      left.map((item) => item.text),
      extras.ids?.options,
    );
    const options = left.map((item, i) => ({ id: ids[i] as string, text: item.text }));
    return {
      ...base,
      type: "ordering",
      options,
      key: order.map((item) => ids[left.indexOf(item)] as string),
      ...feedback,
    };
  }
  return { ...base, type: "matching", left, right, key, ...feedback };
}

/** Fills `draft.sourceRefs`; returns reasons it cannot be cited. */
function resolveSources(
  draft: QuestionDraft,
  sources: SourceSpec[],
  extras: Extras,
  tags: string[],
  bundle: CourseBundle | undefined,
  report: (offset: number, message: string, severity?: "warning") => void,
): string[] {
  const kept = extras.sourceRefs ?? [];
  const agree =
    sources.length === 0 ||
    sources.every((s) =>
      kept.some(
        (r) =>
          r.passageId === s.passageId &&
          (s.quote === undefined || r.quote === s.quote) &&
          (s.articleId === undefined || r.articleId === s.articleId),
      ),
    );
  if (kept.length > 0 && agree) {
    draft.sourceRefs = kept;
    return [];
  }
  if (bundle && extras.conceptIds === undefined) {
    // Moodle tags that name a concept (by id or name) become its concept ids.
    const known: string[] = [];
    for (const t of tags) {
      const concept = bundle.concepts.find((c) => c.id === t || c.name.toLowerCase() === t.toLowerCase());
      if (concept) known.push(concept.id);
      else report(sources[0]?.offset ?? 0, `tag “${t}” names no concept of the course; ignored`, "warning");
    }
    draft.conceptIds = known;
  }
  if (!bundle) {
    return sources.length > 0
      ? [`needs a course bundle to find passage ${sources.map((s) => s.passageId).join(", ")}`]
      : [];
  }
  const reasons: string[] = [];
  const refs: SourceRef[] = [];
  for (const spec of sources) {
    const passage = bundle.passages.find((p) => p.id === spec.passageId);
    const article = passage && bundle.articles.find((a) => a.id === passage.articleId);
    if (!passage || !article) {
      report(spec.offset, `unknown passage “${spec.passageId}”`);
      reasons.push(`unknown passage ${spec.passageId}`);
      continue;
    }
    if (spec.articleId !== undefined && spec.articleId !== article.id) {
      report(spec.offset, `passage ${spec.passageId} is in article ${article.id}, not ${spec.articleId}`);
      reasons.push(`passage ${spec.passageId} is not in article ${spec.articleId}`);
      continue;
    }
    const raw = article.rawText.slice(passage.rawStart, passage.rawEnd);
    let rawStart = passage.rawStart;
    let quote = raw;
    if (spec.quote !== undefined) {
      const at = raw.indexOf(spec.quote);
      if (at < 0) {
        report(spec.offset, `the quote is not in passage ${spec.passageId} as written`);
        reasons.push(`quote not found in ${spec.passageId}`);
        continue;
      }
      rawStart += at;
      quote = spec.quote;
    }
    refs.push({
      passageId: passage.id,
      articleId: article.id,
      rawStart,
      rawEnd: rawStart + quote.length,
      quote,
    });
  }
  draft.sourceRefs = refs;
  if (extras.conceptIds === undefined) {
    draft.conceptIds = [
      ...new Set([
        ...draft.conceptIds,
        ...refs.flatMap((r) => bundle.passages.find((p) => p.id === r.passageId)?.conceptIds ?? []),
      ]),
    ];
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Export

export interface GiftExportResult {
  text: string;
  /** Questions left out, with the reason. */
  skipped: { questionId: string; reason: string }[];
}

/** Escapes GIFT's control characters as Moodle's `repchar` does; newlines become `\n`. */
export function escapeGift(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/[#=~{}:]/g, (c) => `\\${c}`)
    .replace(/\r/g, "")
    .replace(/\n/g, "\\n");
}

function giftText(text: string): string {
  // Text that looks like HTML would be read (and shown by Moodle) as HTML: say it is plain. A leading
  // “[name]” would read as a format tag: name the format so the text survives.
  const format = HTML_TAG.test(text) ? "[plain]" : /^\s*\[/.test(text) ? "[moodle]" : "";
  return `${format}${escapeGift(text)}`;
}

function formatWeight(weight: number): string {
  return String(Math.round(weight * 100000) / 100000);
}

/** Shares of 100 that add up to exactly 100 after rounding to five decimals. */
function shares(count: number): string[] {
  const each = Math.floor((100 / count) * 100000) / 100000;
  const last = Math.round((100 - each * (count - 1)) * 100000) / 100000;
  return Array.from({ length: count }, (_, i) => formatWeight(i === count - 1 ? last : each));
}

/** Text that starts like a weight (“%50%…”) gets an explicit one, as GIFT cannot escape “%”. */
function weighted(prefix: string, text: string): string {
  if (!WEIGHT.test(text.trim()) || prefix.includes("%")) return prefix;
  return prefix === "~" ? "~%0%" : prefix === "=" ? "=%100%" : prefix;
}

/** Writes one answer's text (and feedback) in the question's format. */
type TextWriter = (text: string) => string;

function writerFor(question: QuestionDraft): TextWriter {
  if (question.stemMarkup?.format !== "html") return giftText;
  // Answers inherit the question's format: in HTML, plain text needs its own escapes.
  return (text) => escapeGift(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
}

function stemText(question: QuestionDraft): string {
  const markup = question.stemMarkup;
  return markup ? `[${markup.format}]${escapeGift(markup.text)}` : giftText(question.stem);
}

function optionLine(prefix: string, text: string, feedback: string | undefined, put: TextWriter): string {
  // A key's “=” is never followed by a weight (Moodle reads none there).
  return `\t${prefix === "=" ? prefix : weighted(prefix, text)}${put(text)}${feedback ? `#${put(feedback)}` : ""}\n`;
}

/** `~%50%`, `~%-25%`, or a plain `~` for no credit. */
function weightPrefix(weight: number | undefined): string {
  return weight ? `~%${formatWeight(weight * 100)}%` : "~";
}

function numericRange(value: number, tolerance: Tolerance): string {
  const amount = tolerance.mode === "absolute" ? tolerance.amount : tolerance.amount * Math.abs(value);
  return `${String(value)}:${String(amount)}`;
}

/**
 * Writes a question bank as GIFT. Ordering has no GIFT kind: it is written as a matching of each
 * item to its position (1, 2, 3...), which Moodle can grade, and read back as an ordering through the
 * `// groundwork:` line. Weights, per-answer feedback, graded ranges and the stem's Markdown or HTML
 * are written as Moodle reads them; everything GIFT cannot hold travels in that line. Drafts that
 * still need a source are written too (without a `// source:` line), so a bank goes back as it came.
 *
 * @example
 * const { text, skipped } = exportGift(questions);
 */
export function exportGift(questions: readonly QuestionDraft[]): GiftExportResult {
  const skipped: GiftExportResult["skipped"] = [];
  const chunks: string[] = [];
  for (const question of questions) {
    const reason = cannotExport(question);
    if (reason) {
      skipped.push({ questionId: question.id, reason });
      continue;
    }
    const extras: Extras = {
      id: question.id,
      type: question.type,
      sourceRefs: question.sourceRefs,
      conceptIds: question.conceptIds,
      difficulty: question.difficulty,
      generator: question.generator,
      ...(question.quality ? { quality: question.quality } : {}),
      ...(question.inQuizSet !== undefined ? { inQuizSet: question.inQuizSet } : {}),
    };
    if (question.feedback && question.feedback.length > 0) extras.feedback = question.feedback;
    const put = writerFor(question);
    const fb = (optionId: string) => question.feedback?.find((f) => f.optionId === optionId)?.text;
    let answers = "";
    switch (question.type) {
      case "single_choice": {
        extras.ids = { options: question.options.map((o) => o.id) };
        const { weights } = question;
        answers = `{\n${question.options.map((o) => optionLine(o.id === question.key ? "=" : weightPrefix(weights?.[o.id]), o.text, fb(o.id), put)).join("")}`;
        break;
      }
      case "multiple_choice": {
        extras.ids = { options: question.options.map((o) => o.id) };
        const right = shares(question.key.length);
        const wrongCount = question.options.length - question.key.length;
        const wrong = wrongCount > 0 ? shares(wrongCount) : [];
        let r = 0;
        let w = 0;
        const { weights } = question;
        const prefix = (id: string) => {
          if (weights) return weights[id] ? weightPrefix(weights[id]) : "~%0%";
          return question.key.includes(id) ? `~%${right[r++]}%` : `~%-${wrong[w++]}%`;
        };
        answers = `{\n${question.options.map((o) => optionLine(prefix(o.id), o.text, fb(o.id), put)).join("")}`;
        break;
      }
      case "true_false": {
        const right = fb(String(question.key));
        const wrong = fb(String(!question.key));
        if (question.correction !== undefined) extras.correction = question.correction;
        answers = `{${question.key ? "TRUE" : "FALSE"}${wrong || right ? `#${wrong ? put(wrong) : ""}` : ""}${right ? `#${put(right)}` : ""}`;
        break;
      }
      case "cloze":
      case "short_answer": {
        const graded = question.answers ?? [];
        const feedbackOf = (text: string) => graded.find((a) => a.weight === 1 && a.text === text)?.feedback;
        const line = (prefix: string, text: string, feedback: string | undefined) =>
          `\t${prefix === "=" ? weighted("=", text) : prefix}${put(text)}${feedback ? `#${put(feedback)}` : ""}\n`;
        const rest = graded.filter((a) => a.weight < 1);
        const written = new Set(rest.map((a) => a.text));
        const rejected = (question.rejected ?? []).filter((t) => !written.has(t));
        if (rejected.length > 0) extras.rejected = rejected;
        answers = `{\n${question.key.accepted.map((t) => line("=", t, feedbackOf(t))).join("")}${rest
          .map((a) => line(`=%${formatWeight(a.weight * 100)}%`, a.text, a.feedback))
          .join("")}`;
        break;
      }
      case "numeric": {
        const { value, tolerance, unit } = question.key;
        extras.tolerance = tolerance;
        extras.unit = unit;
        const graded = question.answers ?? [];
        if (graded.length === 0) {
          answers = `{#${numericRange(value, tolerance)}`;
          break;
        }
        const keyAnswer = graded.find(
          (a) =>
            a.weight === 1 &&
            a.value === value &&
            numericRange(a.value, a.tolerance) === numericRange(value, tolerance),
        );
        const line = (a: { weight: number; value: number; tolerance: Tolerance; feedback?: string }) =>
          `\t=${a.weight === 1 ? "" : `%${formatWeight(a.weight * 100)}%`}${numericRange(a.value, a.tolerance)}${a.feedback ? `#${put(a.feedback)}` : ""}\n`;
        answers = `{#\n${line({ weight: 1, value, tolerance, ...(keyAnswer?.feedback ? { feedback: keyAnswer.feedback } : {}) })}${graded
          .filter((a) => a !== keyAnswer)
          .map(line)
          .join("")}`;
        break;
      }
      case "matching": {
        const used = question.left.map(
          (l) => question.right.find((r) => r.id === question.key[l.id]) as Option,
        );
        const spare = question.right.filter((r) => !used.includes(r));
        const appearance = [...new Set([...used, ...spare])];
        extras.ids = { left: question.left.map((l) => l.id), right: appearance.map((r) => r.id) };
        answers = `{\n${question.left.map((l, i) => `\t=${put(l.text)} -> ${escapeGift(used[i]?.text ?? "")}\n`).join("")}${spare.map((r) => `\t= -> ${escapeGift(r.text)}\n`).join("")}`;
        break;
      }
      case "ordering": {
        extras.ids = { options: question.options.map((o) => o.id), left: question.options.map((o) => o.id) };
        answers = `{\n${question.options.map((o) => `\t=${put(o.text)} -> ${question.key.indexOf(o.id) + 1}\n`).join("")}`;
        break;
      }
    }
    const general = question.explanation ? `####${put(question.explanation)}` : "";
    const multiline = answers.endsWith("\n");
    const close = multiline ? `${general ? `\t${general}\n` : ""}}` : `${general}}`;
    // Each citation as Moodle users can read it: the passage with its quote, then its article.
    const sourceLines = question.sourceRefs.flatMap((r) => [
      `// source: ${oneLine(r.passageId).replace(/\s/g, "_")} ${JSON.stringify(r.quote)}`,
      `// article: ${oneLine(r.articleId).replace(/\s/g, "_")}`,
    ]);
    chunks.push(
      [
        `// question: ${oneLine(question.id)} (${question.type})`,
        `// [id:${oneLine(question.id).replace(/\]/g, "\\]")}]${question.conceptIds
          .filter((c) => !/[<>]/.test(c))
          .map((c) => ` [tag:${oneLine(c).replace(/\]/g, "\\]")}]`)
          .join("")}`,
        ...sourceLines.map((l) => l.replace(/\n/g, "\\n")),
        `// groundwork: ${JSON.stringify(extras)}`,
        `::${escapeGift(question.title ?? question.id)}::${stemText(question)} ${answers}${close}`,
      ].join("\n"),
    );
  }
  return { text: chunks.length > 0 ? `${chunks.join("\n\n")}\n` : "", skipped };
}

/** Comment lines end at a line break: keep interpolated ids on one line. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
  return text.replace(/[\u0000-\u001f\u2028\u2029]/g, " ");
}

function cannotExport(question: QuestionDraft): string | null {
  const texts: string[] = [];
  if (question.type === "matching") texts.push(...question.left.map((l) => l.text));
  if (question.type === "ordering") texts.push(...question.options.map((o) => o.text));
  if (question.type === "short_answer" || question.type === "cloze") texts.push(...question.key.accepted);
  if (texts.some((t) => t.includes("->"))) return "a text contains “->”, which GIFT cannot escape";
  return null;
}
