import { lexicon } from "./lexicon.ts";
import { isAllUpper, startsUpper } from "./word-classes.ts";
import { forEachWord } from "./words.ts";

/**
 * Title case that runs through a sentence ("As a Result, in a Short Period, AlphaGo Zero Surpassed the
 * Older Version of AlphaGo That Had Defeated Lee Sedol."), as machine translation and some web pages
 * leave it, put back into sentence case: the capitalised words the dictionary knows only in lower case
 * are lower-cased, and everything that may be a name keeps its capital.
 *
 * Kept: the sentence's first word and the first after a colon or a dateline dash; words inside double
 * quotes (titles, quoted speech); dictionary proper nouns ("Britain", "China", "Smith") and words the
 * dictionary lacks ("Jevons", "Sedol"); acronyms, mixed-case terms (mRNA, AlphaGo) and words with
 * digits; everyday words the course writes capitalised mid-sentence in normally cased sentences more
 * often than in lower case ("Silicon Valley"); and an everyday word right next to a name ("AlphaGo
 * Zero", "Great Britain"), unless it is a closed-class word, an "-ly" adverb, or a past tense after the
 * name ("AlphaGo Defeated"). "May" and "Will" keep their capital unless a verb follows. Headings
 * (short lines without a final stop) stay title-cased, as headings are. Normally cased sentences are
 * left as they are, and so is a text where title case is rare (under 30% of its sentences, or a single
 * sentence among others): there it marks titles and names, not noise.
 */

/** A course's evidence of how it capitalises words mid-sentence where its casing is otherwise normal. */
export interface CasingEvidence {
  /** Capitalised form -> mid-sentence uses in normally cased sentences ("Valley" in "in Silicon Valley"). */
  capitalised: ReadonlyMap<string, number>;
  /** Lower-cased word -> uses written in lower case. */
  lower: ReadonlyMap<string, number>;
  /** Two capitalised words side by side mid-sentence in normally cased sentences ("Great Britain"). */
  pairs: ReadonlySet<string>;
  /**
   * The share of title-cased sentences of each text the evidence was collected from, read without
   * evidence: an upper bound of the share with it (evidence only ever turns words into names).
   */
  titleCasedShares?: ReadonlyMap<string, number>;
}

/** One replacement of `[start, end)` by `text`. */
export interface CaseEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Closed-class words: capitalised mid-sentence in running prose they are title-case noise. Some are
 * also dictionary names ("May", "Will", "Can", "Be"); those keep their capital before a name.
 */
const closedClass = new Set(
  `a an the and or but nor so yet for of to in on at by with from into onto upon over under about after
  before between through during without within against among than as that this these those which who
  whom whose what when where while why how its their his her our your my it they them we he she you us
  is are was were be been being am has have had do does did will would can could should shall may might
  must not no also very even just only then there here such each every some any all both other another
  instead once still however thus like unlike including despite toward towards via per near across
  along around behind beyond below above since until though although because whether if unless`.split(/\s+/),
);

/** Closed-class words that are names as well: a month, a first name. */
const closedClassNames = new Set(["May", "Will"]);

/** Prefixes that stand before a hyphen ("Pre-Trained", "Non-Profit") without being words themselves. */
const hyphenPrefixes = new Set(
  "pre post non anti co re multi semi sub self ex inter intra micro macro".split(" "),
);

type UnitKind = "lower" | "everyday" | "closed" | "name" | "other";

/** A word, or a hyphenated compound of words ("Open-Source", "Chain-of-Thought"), as one unit. */
interface Unit {
  /** The parts: [start, end) of each word, without a contraction's tail ("DeepSeek's" -> "DeepSeek"). */
  parts: Array<[number, number]>;
  start: number;
  end: number;
  kind: UnitKind;
  /** The first word of its sentence, after a colon, or after a dateline's dash. */
  opens: boolean;
  quoted: boolean;
  /** Only a space parts it from the unit before. */
  joinedToPrevious: boolean;
}

const capitalisedPattern = /^\p{Lu}\p{Ll}+$/u;
const lowerPattern = /^\p{Ll}+$/u;

/** `^\p{Ll}+$`, with an ASCII fast path: every word of every text is asked. */
function isLowerWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    return c >= 128 ? lowerPattern.test(word) : false;
  }
  return word.length > 0;
}

/** `^\p{Lu}\p{Ll}+$`, with an ASCII fast path. */
function isCapitalisedWord(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first >= 128 || word.length < 2) return capitalisedPattern.test(word);
  if (first < 65 || first > 90) return false;
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    return c >= 128 ? capitalisedPattern.test(word) : false;
  }
  return true;
}

const capitalisedShape = { test: isCapitalisedWord };
const lowerShape = { test: isLowerWord };

/** What the dictionary alone says of a word's capital; "dual": a name that is also an everyday word. */
type BaseKind = UnitKind | "dual";

/** Base kinds by word as written: a pure function of the dictionaries, so kept for the process. */
const baseKinds = new Map<string, BaseKind>();

function baseKindOf(word: string): BaseKind {
  let kind = baseKinds.get(word);
  if (kind === undefined) {
    kind = findBaseKind(word);
    if (baseKinds.size < 200_000) baseKinds.set(word, kind);
  }
  return kind;
}

function findBaseKind(word: string): BaseKind {
  if (lowerShape.test(word)) return "lower";
  const words = lexicon();
  const lower = word.toLowerCase();
  if (capitalisedShape.test(word) || word === "A") {
    if (closedClass.has(lower)) return "closed";
    if (!words.isWord(lower)) return "name";
    return words.isProperNoun(word) ? "dual" : "everyday";
  }
  if (word === "I") return "other";
  // Capitals: an acronym or a name (NASA, NVIDIA, GPT), unless a shouted everyday word ("ITS", "GAP").
  if (isAllUpper(word)) return words.isWord(lower) && !words.isProperNoun(word) ? "other" : "name";
  return "name"; // mixed case (mRNA, AlphaGo), digits (O1, R1)
}

function partKind(word: string, evidence: CasingEvidence | undefined): UnitKind {
  const kind = baseKindOf(word);
  if (kind === "dual") {
    // A name that is also an everyday word ("China", "Short", "Major") is the name unless the course
    // writes it in lower case more often than capitalised in normal prose.
    if (!evidence) return "name";
    return (evidence.lower.get(word.toLowerCase()) ?? 0) > (evidence.capitalised.get(word) ?? 0)
      ? "everyday"
      : "name";
  }
  if (kind === "everyday" && evidence && isEvidencedName(word, evidence)) return "name";
  return kind;
}

/** True when the course writes `word` capitalised mid-sentence, in normal prose, at least as often as in lower case. */
function isEvidencedName(word: string, evidence: CasingEvidence): boolean {
  const capitalised = evidence.capitalised.get(word) ?? 0;
  return capitalised > 0 && capitalised >= (evidence.lower.get(word.toLowerCase()) ?? 0);
}

function unitKind(
  text: string,
  parts: Array<[number, number]>,
  evidence: CasingEvidence | undefined,
): UnitKind {
  if (parts.length === 1) {
    const [s, e] = parts[0] ?? [0, 0];
    return partKind(text.slice(s, e), evidence);
  }
  // A compound is a name when any part is one; everyday when its capitalised parts all are.
  let hasCapital = false;
  for (const [index, [s, e]] of parts.entries()) {
    const word = text.slice(s, e);
    const kind = partKind(word, evidence);
    if (kind === "name" && !(index === 0 && hyphenPrefixes.has(word.toLowerCase()))) return "name";
    if (kind === "other") return "other";
    if (kind !== "lower") hasCapital = true;
  }
  return hasCapital ? "everyday" : "lower";
}

/** True when `text` holds at most one character other than white space in `[from, to)`. */
function isNearlyBlank(text: string, from: number, to: number): boolean {
  let seen = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && ++seen > 1) return false;
  }
  return true;
}

/**
 * Calls `visit` with the units of each sentence of `text`: lines, cut after a stop that is followed by
 * a space. A stop inside an abbreviation only makes one more sentence start, whose first word keeps its
 * capital: the safe side.
 */
function forEachSentence(
  text: string,
  evidence: CasingEvidence | undefined,
  visit: (units: Unit[], isHeading: boolean) => void,
): void {
  let units: Unit[] = [];
  let quoted = false;
  let allCapsSoFar = true;
  let lineStart = 0;
  let previousEnd = 0;
  // The end of the current line, found once per line: a search per sentence is quadratic in a long
  // paragraph, as was trimming the line around each sentence.
  let lineEnd = -1;
  const endOfLine = () => {
    if (lineEnd < lineStart) {
      lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = text.length;
    }
    return lineEnd;
  };
  const flush = (sentenceEnd: number) => {
    if (units.length > 0) {
      const end = endOfLine();
      const first = units[0];
      const isWholeLine =
        first !== undefined &&
        isNearlyBlank(text, lineStart, first.start) &&
        isNearlyBlank(text, sentenceEnd, end);
      const last = units.at(-1);
      const isHeading = isWholeLine && units.length <= 12 && !/[.!?]/.test(text.slice(last?.end ?? 0, end));
      visit(units, isHeading);
    }
    units = [];
    quoted = false;
    allCapsSoFar = true;
  };
  let pending: Array<[number, number]> = [];
  const words: Array<[number, number]> = [];
  forEachWord(text, (start, end) => {
    words.push([start, end]);
  });
  for (let w = 0; w < words.length; w++) {
    const [start, rawEnd] = words[w] ?? [0, 0];
    // Most gaps are one space: nothing in them ends a sentence or a line.
    const isSpace = start - previousEnd === 1 && text.charCodeAt(previousEnd) === 32;
    const gap = isSpace ? " " : text.slice(previousEnd, start);
    if (!isSpace && gap.includes("\n")) {
      flush(previousEnd);
      lineStart = previousEnd + gap.lastIndexOf("\n") + 1;
    } else if (!isSpace && /[.!?]["')\]]*\s/.test(gap) && units.length > 0) {
      flush(previousEnd);
    }
    // The contraction's tail is no part of the word's case: "DeepSeek's" reads as "DeepSeek".
    let apostrophe = -1;
    for (let i = start + 1; i < rawEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 0x2019) {
        apostrophe = i - start;
        break;
      }
    }
    const end = apostrophe > 0 ? start + apostrophe : rawEnd;
    pending.push([start, end]);
    previousEnd = rawEnd;
    const next = words[w + 1];
    if (next && text.slice(rawEnd, next[0]) === "-" && apostrophe < 0) continue;
    const unitStart = pending[0]?.[0] ?? start;
    const previousUnitEnd = units.at(-1)?.end ?? lineStart;
    const unitGap =
      isSpace && pending.length === 1 && previousUnitEnd === start - 1
        ? " "
        : text.slice(previousUnitEnd, unitStart);
    if (unitGap.includes('"') && (unitGap.match(/"/g) ?? []).length % 2 === 1) quoted = !quoted;
    const kind = unitKind(text, pending, evidence);
    const opens =
      units.length === 0 ||
      unitGap.includes(":") ||
      (allCapsSoFar && /[—–]|\s-\s/.test(unitGap)) ||
      // A word after a loose hyphen ("models -Completely") is cut off from its own: left as it is.
      /\s-$/.test(unitGap);
    units.push({
      parts: pending,
      start: unitStart,
      end,
      kind,
      opens,
      quoted,
      joinedToPrevious: units.length > 0 && unitGap === " ",
    });
    if (allCapsSoFar && !/^[\p{Lu}\d]+$/u.test(text.slice(unitStart, end))) allCapsSoFar = false;
    pending = [];
  }
  flush(previousEnd);
}

/** What the capitals of a sentence look like, mid-sentence. */
interface SentenceShape {
  /** Title case runs through it, beyond what names explain. */
  isTitleCased: boolean;
  /** A capitalised closed-class word or "-ly" adverb mid-sentence: title case, not a name. */
  hasStrongSign: boolean;
  /** Distinct spans of capitals holding an everyday word ("National Institutes of Health" is one). */
  spans: number;
}

/** Lower-case words that join the capitalised words of one name or title: "Institutes of Health". */
const nameConnectors = new Set(["of", "the", "and", "for", "de", "du", "la", "von", "van", "del", "da"]);

const isCapitalUnit = (unit: Unit | undefined) =>
  unit !== undefined && (unit.kind === "everyday" || unit.kind === "closed" || unit.kind === "name");

function shapeOf(units: readonly Unit[], text: string): SentenceShape {
  let capitalisedLong = 0;
  let lowerLong = 0;
  let hasStrongSign = false;
  const spans = new Set<string>();
  let span: string[] = [];
  let spanHasEveryday = false;
  const endSpan = () => {
    if (span.length > 0 && spanHasEveryday) spans.add(span.join(" "));
    span = [];
    spanHasEveryday = false;
  };
  for (const [i, unit] of units.entries()) {
    const word = text.slice(unit.start, unit.end);
    const next = units[i + 1];
    if (!isCapitalUnit(unit)) {
      const joins =
        span.length > 0 &&
        unit.joinedToPrevious &&
        nameConnectors.has(word) &&
        next?.joinedToPrevious === true &&
        isCapitalUnit(next);
      if (!joins) endSpan();
    } else if (!unit.joinedToPrevious) endSpan();
    // Quoted words count towards the shape (a quoted title in a normal sentence lowers nothing, as
    // quoted words are never changed), the opening word does not.
    if (unit.opens) continue;
    const length = unit.end - unit.start;
    if (unit.kind === "lower" && length >= 4) lowerLong++;
    if (isCapitalUnit(unit)) span.push(word);
    if (unit.kind === "everyday" || (unit.kind === "closed" && word !== "A")) {
      spanHasEveryday = true;
      if (length >= 4) capitalisedLong++;
      const isClosed = unit.kind === "closed" && !closedClassNames.has(word);
      if (!unit.quoted && (isClosed || (word.length >= 5 && word.endsWith("ly")))) hasStrongSign = true;
    }
  }
  endSpan();
  const isTitleCased =
    capitalisedLong >= 3 &&
    capitalisedLong * 5 >= (capitalisedLong + lowerLong) * 2 &&
    (hasStrongSign || spans.size >= 3);
  return { isTitleCased, hasStrongSign, spans: spans.size };
}

function lowerFirst(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

const capitalisedCount = (evidence: CasingEvidence, word: string) => evidence.capitalised.get(word) ?? 0;
const lowerCount = (evidence: CasingEvidence, word: string) => evidence.lower.get(word.toLowerCase()) ?? 0;
const firstWord = (text: string, unit: Unit) => text.slice(unit.parts[0]?.[0] ?? 0, unit.parts[0]?.[1] ?? 0);
const lastWord = (text: string, unit: Unit) =>
  text.slice(unit.parts.at(-1)?.[0] ?? 0, unit.parts.at(-1)?.[1] ?? 0);

/**
 * The edits that put the title-cased sentences of `text` into sentence case (see the module comment).
 *
 * @example
 * titleCaseEdits("As a Result, in a Short Time, the Team Has Gathered Talent.", collectCasingEvidence([]));
 * // lower-cases "Result", "Time", "Team", "Has", "Gathered" and "Talent"
 */
export function titleCaseEdits(text: string, evidence: CasingEvidence): CaseEdit[] {
  const edits: CaseEdit[] = [];
  const bound = evidence.titleCasedShares?.get(text);
  if (bound !== undefined && bound < repairedTitleCaseShare) return edits;
  const titled: Unit[][] = [];
  let sentences = 0;
  forEachSentence(text, evidence, (units, isHeading) => {
    if (isHeading) return;
    sentences++;
    if (shapeOf(units, text).isTitleCased) titled.push(units);
  });
  // Title case through a sentence or two of normally cased text is a title or a list of names: the
  // repair needs 30% of the sentences and two of them, unless the text is one title-cased sentence.
  if (titled.length < sentences * repairedTitleCaseShare || (titled.length < 2 && titled.length < sentences))
    return edits;
  for (const units of titled) {
    let previousLowered = false;
    for (const [i, unit] of units.entries()) {
      const after = units[i + 1];
      const word = text.slice(unit.start, unit.end);
      const beforeNumber = /^\s\d/.test(text.slice(unit.end, unit.end + 2));
      let lower = false;
      if (!unit.opens && !unit.quoted) {
        if (unit.kind === "closed") {
          if (word === "A" || word === "An") {
            // "Established A Solid Basis", not "Vitamin A" or "Plan A": an article after a word in
            // lower case, a closed-class word, an inflected verb, or punctuation.
            const previous = units[i - 1];
            const previousWord = previous ? lastWord(text, previous) : "";
            lower =
              after?.joinedToPrevious === true &&
              after.kind !== "name" &&
              (!unit.joinedToPrevious ||
                previous?.kind === "lower" ||
                previous?.kind === "closed" ||
                (previousLowered && /(?:ed|s)$/.test(previousWord)));
          } else if (closedClassNames.has(word)) {
            // "May" and "Will" are names too ("in May", "May 2024", "Will Smith"): lowered only as the
            // verbs they are before a verb ("May Have", "Will Increase").
            lower =
              after?.joinedToPrevious === true &&
              (after.kind === "lower" || after.kind === "everyday" || after.kind === "closed");
          } else {
            lower = true;
          }
        } else if (unit.kind === "everyday" && !beforeNumber) {
          lower = !isPartOfName(text, units, i, evidence);
        }
      }
      if (lower) {
        for (const [s, e] of unit.parts) {
          const part = text.slice(s, e);
          if (part === "A" || capitalisedShape.test(part))
            edits.push({ start: s, end: e, text: lowerFirst(part) });
        }
      }
      previousLowered = lower || unit.kind === "lower";
    }
  }
  return edits;
}

/**
 * A name next to an everyday word, which may make the word part of it: "strong" when it is a
 * dictionary proper noun, or a capitalised word the dictionary lacks that recurs or is no one-letter
 * slip of a word ("Sedol", not "Accordly"); "weak" when it is an acronym or a mixed-case term ("AI",
 * "AlphaGo"), which everyday words follow in plain phrases too ("AI models").
 */
function nameStrength(
  text: string,
  unit: Unit | undefined,
  evidence: CasingEvidence,
): "strong" | "weak" | undefined {
  if (unit?.kind !== "name") return undefined;
  const word = firstWord(text, unit);
  if (!capitalisedShape.test(word)) return "weak";
  const words = lexicon();
  const isName =
    words.isProperNoun(word) ||
    lowerCount(evidence, word) + capitalisedCount(evidence, word) > 1 ||
    words.nearWords(word).length === 0;
  return isName ? "strong" : undefined;
}

const auxiliaries = new Set("has had have having was were is are be been being".split(" "));

/**
 * True when the everyday word `units[i]` may be part of a name, by what is next to it:
 * - a pair the course writes capitalised in normal prose ("Silicon Valley");
 * - before a strong name ("Great Britain", "Lake Baikal");
 * - after a name ("Soviet Union", "AlphaGo Zero"), unless the course writes the word in lower case at
 *   least twice and more often than capitalised ("Google Engineers", "AI Models");
 * - before a weak name only as the course writes it ("Vast AI" is plain English).
 * Never an "-ly" adverb, nor a past tense after a name or an auxiliary ("AlphaGo Defeated", "had
 * Defeated").
 */
function isPartOfName(text: string, units: readonly Unit[], i: number, evidence: CasingEvidence): boolean {
  const unit = units[i];
  if (!unit) return false;
  const word = firstWord(text, unit);
  if (word.length >= 5 && word.endsWith("ly")) return false;
  const before = unit.joinedToPrevious ? units[i - 1] : undefined;
  const after = units[i + 1]?.joinedToPrevious ? units[i + 1] : undefined;
  const isPair = (left: Unit | undefined, right: Unit | undefined) =>
    left !== undefined &&
    right !== undefined &&
    evidence.pairs.has(`${lastWord(text, left)} ${firstWord(text, right)}`);
  if (isPair(before, unit) || isPair(unit, after)) return true;
  const nameBefore = nameStrength(text, before, evidence);
  const afterAuxiliary =
    (before?.kind === "lower" || before?.kind === "closed") &&
    auxiliaries.has(lastWord(text, before).toLowerCase());
  if (word.endsWith("ed") && (nameBefore !== undefined || afterAuxiliary)) return false;
  const nameAfter = nameStrength(text, after, evidence);
  if (nameAfter === "strong") return true;
  const lower = lowerCount(evidence, word);
  const capitalised = capitalisedCount(evidence, word);
  if (nameBefore !== undefined) return lower < 2 || lower <= capitalised;
  if (nameAfter === "weak") return capitalised > 0 && capitalised >= lower;
  return false;
}

/** The share of title-cased sentences from which a text's title case is taken for noise, not titles. */
const repairedTitleCaseShare = 0.3;

/** Below this share of title-cased sentences, a text's other sentences are taken as normally cased. */
const trustedTitleCaseShare = 0.1;

/**
 * How a course capitalises words mid-sentence in its normally cased sentences, and how often it writes
 * each word in lower case: the evidence `titleCaseEdits` keeps names by. In a text where title case is
 * common, a sentence that escaped the title-case test is evidence only when its capitals form at most
 * one run and none of them is a closed-class word or "-ly" adverb: a name, not noise.
 *
 * @example
 * const evidence = collectCasingEvidence(["They worked in Silicon Valley for years."]);
 * evidence.capitalised.get("Valley"); // 1
 * evidence.pairs.has("Silicon Valley"); // true
 */
export function collectCasingEvidence(texts: readonly string[]): CasingEvidence {
  const capitalised = new Map<string, number>();
  const lower = new Map<string, number>();
  const pairs = new Set<string>();
  const titleCasedShares = new Map<string, number>();
  for (const text of texts) {
    const sentences: Array<{ units: Unit[]; shape: SentenceShape }> = [];
    let titled = 0;
    forEachSentence(text, undefined, (units, isHeading) => {
      for (const unit of units)
        for (const [s, e] of unit.parts) {
          const word = text.slice(s, e);
          if (lowerShape.test(word)) lower.set(word, (lower.get(word) ?? 0) + 1);
        }
      if (isHeading) return;
      const shape = shapeOf(units, text);
      if (shape.isTitleCased) titled++;
      else sentences.push({ units, shape });
    });
    titleCasedShares.set(text, titled / Math.max(1, titled + sentences.length));
    const isTrusted = titled < (titled + sentences.length) * trustedTitleCaseShare;
    for (const { units, shape } of sentences) {
      if (!isTrusted && (shape.hasStrongSign || shape.spans > 1)) continue;
      let previous: string | undefined;
      for (const unit of units) {
        const word = firstWord(text, unit);
        const isName = !unit.opens && !unit.quoted && capitalisedShape.test(word);
        if (isName) capitalised.set(word, (capitalised.get(word) ?? 0) + 1);
        if (isName && previous !== undefined && unit.joinedToPrevious) pairs.add(`${previous} ${word}`);
        previous =
          !unit.opens && !unit.quoted && startsUpper(lastWord(text, unit)) ? lastWord(text, unit) : undefined;
      }
    }
  }
  return { capitalised, lower, pairs, titleCasedShares };
}
