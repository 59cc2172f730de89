import { distance } from "fastest-levenshtein";
import type { Mention, SentenceFlag, SentenceFlagKind } from "./bundle.ts";
import { lexicon } from "./lexicon.ts";
import { isInModelVocabulary, isKnownWord } from "./nlp.ts";
import { usualFormOf, type WordForms } from "./normalize.ts";
import type { SegmentedArticle, SegmentedSentence, Token } from "./segment.ts";
import {
  hasLetter,
  hasLowerThenUpper,
  isAcronym,
  isAllUpper,
  isCapitalised,
  isLetters,
  startsCapitalised,
  startsUpper,
} from "./word-classes.ts";
import { lineFinder } from "./words.ts";

/** How readable and self-standing a sentence is: a score from 0 to 1 and the reasons it lost points. */
export interface SentenceFitness {
  fitness: number;
  flags: SentenceFlag[];
}

/** What a flag costs the score; any flag makes a sentence unfit for summaries, glosses and questions. */
const cost: Record<SentenceFlagKind, number> = {
  misspelling: 0.2,
  glued_words: 0.3,
  odd_casing: 0.3,
  repetition: 0.3,
  fragment: 0.5,
  heading: 0.6,
  list_item: 0.4,
  citation: 0.6,
  question: 0.3,
  boilerplate: 0.8,
  truncated: 0.5,
  garbled: 0.4,
};

const boilerplatePhrases =
  /\b(?:click here|subscribe (?:to|now)|sign up (?:for|to)|newsletter|all rights reserved|cookie policy|privacy policy|terms of (?:use|service)|share (?:this|on)|follow us|read more|advertisement|sponsored content|download (?:our|the) app|(?:our|this) (?:website|site|readers|subscribers|newsletters?)|most[- ](?:read|popular|viewed|shared)(?: news)? (?:stories|articles|posts))\b/i;
const referenceEntry =
  /\(\s*[^()]{0,40}\b\d{1,2}\/\d{1,2}\/\d{2,4}\b[^()]{0,20}\)|\b(?:retrieved (?:on )?\d|archived from the original|doi:|isbn[ :]|issn[ :]|pmid[ :]|et al\.,? \(?\d{4}|\bpp?\. \d)/i;
const citationMarker = /\[\d{1,3}\]|\[citation needed\]|\^/i;
const listLine = /^[ \t]*(?:[-*•·▪►‣–]|\d{1,3}[.)]|[a-z][.)])[ \t]+\S/;
const tocLine = /^[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+\S/;
/** Words a sentence cannot end on: it was cut off. */
const danglingWords = new Set(
  "the a an of to and or but that which with for from in on at by as is are was were its their his her this these than".split(
    " ",
  ),
);

/** True when `text` ends on a word that needs more after it ("… models on the"). */
function endsDangling(text: string): boolean {
  let start = text.length;
  while (start > 0 && isLetters(text.charAt(start - 1))) start--;
  return danglingWords.has(text.slice(start).toLowerCase());
}

/** True when `text` is lower-case ASCII letters only: no capital or other script to look at. */
function isLowerAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return text.length > 0;
}

/**
 * At least as many as the words that open with a capital: a capital (or any character outside ASCII)
 * after anything but an ASCII letter.
 */
function countCapitalInitials(text: string): number {
  let count = 0;
  let afterLetter = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isUpper = c >= 65 && c <= 90;
    if ((isUpper || c >= 128) && !afterLetter) count++;
    afterLetter = isUpper || (c >= 97 && c <= 122);
  }
  return count;
}

// Compiled once: a Unicode regex literal in a function is rebuilt on every call once esbuild lowers it.
const opensWithCapital = /^["'(]?\p{Lu}/u;
const opensLowerCase = /^\p{Ll}/u;
/** A capital letter alone opening a sentence, before a word or a comma: "S Imilas", "E, China tried". */
const strayCapital = /^[B-HJ-Z](?:\s+\p{Lu}\p{Ll}+|,\s)/u;
const lowerPluralShape = /^\p{Ll}{3,}s$/u;
const wordOrComma = /^[\p{L}\d,]+$/u;
const randomCapitals = /\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u;
const letterRuns = /\p{L}+/gu;

/** Course-wide facts the flags need: how often each word occurs, and which words belong to names. */
export interface FitnessContext {
  /** Lower-cased word counts across the course (`countCourseWords` of the normalised texts). */
  vocabulary: ReadonlyMap<string, number>;
  /**
   * How the course writes each word (`countWordForms`): lower-cased word -> form as written -> count.
   * Without it, casing is judged against nothing but the dictionary.
   */
  forms?: WordForms;
  /**
   * Word checks shared by the articles of one course (`createWordChecks`): they depend on the course's
   * counts only, so each word is checked once per course instead of once per article.
   */
  checks?: WordChecks;
}

/**
 * An empty store of word checks for the articles of one course, read with the same `vocabulary`.
 *
 * @example
 * const checks = createWordChecks();
 * for (const a of articles) assessSentences(a.segmented, a.mentions, { vocabulary, forms, checks });
 */
export function createWordChecks(): WordChecks {
  return {
    misspeltFirst: new Map(),
    misspelt: new Map(),
    glued: new Map(),
    shouted: new Map(),
    capitalisedSlip: new Map(),
  };
}

/** Closed-class words: capitalised in the middle of a sentence they are title-case noise, not names. */
const functionWords = new Set(
  "the a an and or but nor of to in on at by for with from into onto than that this these those which who whom whose its their his her our your it they them is are was were be been being has have had do does did would can could should shall might must not another each every some any also instead".split(
    " ",
  ),
);

/**
 * Scores every sentence of an article and flags what makes it unfit to quote: misspelt or unknown
 * words, glued words, odd casing, runaway repetition, a fragment without a finite verb, a heading, a
 * list item or table-of-contents line, a citation marker or reference entry, a question, page
 * boilerplate, or a truncated sentence. Names, acronyms, mixed-case terms and words that recur in the
 * course are never misspellings.
 *
 * @example
 * const fitness = assessSentences(article, mentions, { vocabulary });
 * fitness.get(sentenceId); // { fitness: 0.8, flags: [{ kind: "misspelling", reason: 'unknown word "exclotors"' }] }
 */
export function assessSentences(
  article: SegmentedArticle,
  mentions: readonly Mention[],
  context: FitnessContext,
): Map<string, SentenceFitness> {
  const nameWords = new Set(
    mentions
      .filter((m) => ["person", "organization", "place", "product"].includes(m.kind))
      .flatMap((m) => m.text.toLowerCase().split(/[^\p{L}]+/u)),
  );
  const rawText = article.normalized.rawText;
  const text = article.normalized.text;
  const result = new Map<string, SentenceFitness>();
  const checked = context.checks ?? createWordChecks();
  const rawLineOf = lineFinder(rawText);
  for (const sentence of article.sentences) {
    const [lineStart, lineEnd] = rawLineOf(sentence.rawStart);
    const flags = flagSentence(sentence, {
      article,
      checked,
      nameWords,
      vocabulary: context.vocabulary,
      forms: context.forms,
      rawLine: rawText.slice(lineStart, lineEnd),
      isWholeLine: isWholeLine(text, sentence.normStart, sentence.normEnd),
    });
    const fitness = Math.max(0, 1 - flags.reduce((sum, f) => sum + cost[f.kind], 0));
    result.set(sentence.id, { fitness: Math.round(fitness * 100) / 100, flags });
  }
  return result;
}

function isWholeLine(text: string, start: number, end: number): boolean {
  return (start === 0 || text[start - 1] === "\n") && (end === text.length || text[end] === "\n");
}

/** Answers per word, kept by the word itself (a key built per token costs more than the check it saves). */
export interface WordChecks {
  misspeltFirst: Map<string, boolean>;
  misspelt: Map<string, boolean>;
  glued: Map<string, boolean>;
  shouted: Map<string, boolean>;
  capitalisedSlip: Map<string, boolean>;
}

interface SentenceContext {
  article: SegmentedArticle;
  /** Word checks already made in this article: the same words come back sentence after sentence. */
  checked: WordChecks;
  nameWords: ReadonlySet<string>;
  vocabulary: ReadonlyMap<string, number>;
  forms: WordForms | undefined;
  rawLine: string;
  isWholeLine: boolean;
}

function flagSentence(sentence: SegmentedSentence, context: SentenceContext): SentenceFlag[] {
  const flags: SentenceFlag[] = [];
  const flag = (kind: SentenceFlagKind, reason: string) => flags.push({ kind, reason });
  const s = sentence.text;
  const tokens = context.article.tokens.slice(sentence.firstToken, sentence.lastToken);
  const words = tokens.filter((t) => hasLetter(t.text));
  const endsLikeSentence = /[.!?]["')\]]?$/.test(s);

  const texts = words.map((t) => t.text);
  // The course-wide check, then this article's names (found by the analysis of this article only).
  const misspelt = texts
    .filter(
      (w, i) =>
        remember(i === 0 ? context.checked.misspeltFirst : context.checked.misspelt, w, () =>
          isMisspelt(w, i === 0, context),
        ) && !context.nameWords.has(w.replace(/\.+$/, "").toLowerCase()),
    )
    .slice(0, 5);
  if (misspelt.length > 0)
    flag("misspelling", `not in the dictionary: ${misspelt.map((w) => `"${w}"`).join(", ")}`);

  // A capitalised word mid-sentence is a name ("Derbyshire"), not two words run together.
  const glued = texts.find(
    (w, i) =>
      !(i > 0 && isCapitalised(w)) &&
      remember(context.checked.glued, w, () => isGlued(w, context.vocabulary)),
  );
  if (glued) flag("glued_words", `words run together: "${glued}"`);
  // "TheReface": a function word run into the capitalised word after it, whatever the analysis
  // made of it.
  const gluedOpener = glued ? undefined : texts.find((w) => functionWordGlued.test(w));
  if (gluedOpener) flag("glued_words", `a function word run into the next word: "${gluedOpener}"`);
  // "UTION", "FURTHRTHER": capitals that spell no word and no name the course gives.
  // Checked once per word for the course; the article's names are left out after.
  const shouted = texts.find(
    (w, i) =>
      !context.nameWords.has(w.toLowerCase()) &&
      (remember(context.checked.shouted, w, () => isShoutedNonWord(w, context.vocabulary)) ||
        (i > 0 &&
          remember(context.checked.capitalisedSlip, w, () => isCapitalisedSlip(w, context.vocabulary)))),
  );
  if (shouted) flag("misspelling", `capitalised, and neither a word nor a name of the course: "${shouted}"`);
  // A stray letter is a word split apart ("S Imilas", "b razil").
  const stray = strayLetter(s);
  if (stray && !isLetterTerm(stray[0], context.article.normalized.text))
    flag("glued_words", `a word split apart at "${stray[0].trim()}"`);

  const casing =
    oddCasing(texts, context) ?? midSentenceCapitals(tokens, context) ?? titleCasedClause(s, context);
  if (casing) flag("odd_casing", casing);
  // "Deepseek -R1 -Unlike": a hyphen cut off from the word before it, run into the next.
  const loose = s.includes(" -") ? /(?<=\p{L})\s+-(?=\p{L})/u.exec(s) : null;
  if (loose && !glued)
    flag(
      "glued_words",
      `a hyphen cut off from its word at "${s.slice(loose.index, loose.index + 12).trim()}"`,
    );

  const repeated = repetition(texts.map((w) => w.toLowerCase()));
  if (repeated) flag("repetition", repeated);
  const garbled = garbledGrammar(tokens);
  if (garbled) flag("garbled", garbled);

  // A participle with nothing before it to be its subject ("Mainly focused on …") is no finite verb.
  const firstSubject = tokens.findIndex((t) => ["NOUN", "PROPN", "PRON", "NUM"].includes(t.pos));
  const hasFiniteVerb = tokens.some(
    (t, i) =>
      t.pos === "AUX" ||
      (t.pos === "VERB" &&
        !/ing$/i.test(t.text) &&
        !/^to$/i.test(tokens[i - 1]?.text ?? "") &&
        !(/ed$/i.test(t.text) && (firstSubject < 0 || firstSubject > i))) ||
      isVerbTaggedAsNoun(tokens, i),
  );
  // A list item that is a whole sentence of its own reads well out of its list; "Shampoo." does not.
  const isWholeSentence = endsLikeSentence && hasFiniteVerb && words.length >= 6 && opensWithCapital.test(s);

  const shortLine = words.length <= 12 && !endsLikeSentence;
  if (tocLine.test(context.rawLine) && shortLine) flag("list_item", "a numbered table-of-contents line");
  else if (listLine.test(context.rawLine) && context.rawLine.length < 200 && !isWholeSentence)
    flag("list_item", "a list item, read out of its list");
  else if (context.isWholeLine && shortLine && !endsDangling(s))
    flag("heading", "a short line without a final stop");

  // A sentence of punctuation alone (".") or a bare number ("2024.") is no statement either.
  if (!flags.some((f) => f.kind === "heading" || f.kind === "list_item")) {
    if (words.length === 0) flag("fragment", "no words");
    else if (!hasFiniteVerb) flag("fragment", "no finite verb");
  }

  if (((s.includes("[") || s.includes("^")) && citationMarker.test(s)) || referenceEntry.test(s))
    flag("citation", "a reference marker or a reference entry");
  if (/\?["')]?$/.test(s)) flag("question", "a question, not a statement");
  if (boilerplatePhrases.test(s)) flag("boilerplate", "page furniture (sharing, sign-up, legal)");

  if (!flags.some((f) => f.kind === "heading" || f.kind === "list_item")) {
    if (!endsLikeSentence && words.length > 3) flag("truncated", "does not end with a full stop");
    else if (/(?:\.\.\.|…)["')\]]?$/.test(s)) flag("truncated", "trails off in an ellipsis");
    else if (endsDangling(s.replace(/[.!?"')\]]+$/, "")))
      flag("truncated", "ends on a word that needs more after it");
    else if (opensLowerCase.test(s) && !/^(?:e\.g|i\.e|iPhone|eBay|mRNA|pH)\b/.test(s))
      flag("truncated", "starts in the middle of a sentence");
    else if (unbalanced(s)) flag("truncated", "an opened bracket or quote is never closed");
  }
  return flags;
}

/** A function word glued to a capitalised word: "TheReface", "AndThe". */
const functionWordGlued = /^(?:The|This|That|These|Those|And|But|With|From|Of|For|In)\p{Lu}\p{Ll}/u;
const allCapitals = /^\p{Lu}{5,}$/u;
const capitalThenLower = /^\p{Lu}\p{Ll}+$/u;
const doubledLetters = /(\p{L}{2,4})\1/u;

/**
 * A word of five capitals or more that is no acronym the course repeats or names, no word in lower
 * case, but a slip of one or letters doubled up: "UTION" (a word's tail), "FURTHRTHER". "NVIDIA" and
 * "NASDAQ" are names.
 */
function isShoutedNonWord(word: string, vocabulary: ReadonlyMap<string, number>): boolean {
  if (!allCapitals.test(word)) return false;
  const lower = word.toLowerCase();
  if ((vocabulary.get(lower) ?? 0) >= 3) return false;
  if (lexicon().isWord(lower) || isRareWord(lower)) return false;
  // A slip of a word ("MPTION", "SURPASSSING") or letters doubled up ("FURTHRTHER"): a name such as
  // "NVIDIA" or "NASDAQ" is neither.
  return lexicon().nearWords(lower).length > 0 || doubledLetters.test(lower);
}

/**
 * A capitalised word inside a sentence, one letter from an everyday word of five letters or more,
 * that the course neither repeats nor names: "the thorny path of Explration". A name the analysis
 * found ("Arkwright") or the course repeats is left alone.
 */
function isCapitalisedSlip(word: string, vocabulary: ReadonlyMap<string, number>): boolean {
  if (word.length < 5 || !capitalThenLower.test(word)) return false;
  const lower = word.toLowerCase();
  if ((vocabulary.get(lower) ?? 0) >= 3) return false;
  const words = lexicon();
  if (words.isWord(word) || words.isWord(lower) || isRareWord(lower)) return false;
  return words.nearWords(lower).some((near) => near.length >= 5 && words.frequencyPerMillion(near) > 0.5);
}

/**
 * A stray letter: a word split apart ("b razil", "S Imilas", "Industry O tend"). Each shape is looked
 * for only where a cheap ASCII test finds a lone letter: the Unicode pattern alone is slow.
 */
function strayLetter(s: string): RegExpExecArray | null {
  return (
    (/(?:^|\s)[b-hj-z]\s/.test(s) ? /(?:^|\s)[b-hj-z]\s+\p{L}{2,}/u.exec(s) : null) ??
    strayCapital.exec(s) ??
    (/ [B-HJ-Z] [a-z]/.test(s) ? /\p{Lu}\p{Ll}+ [B-HJ-Z] \p{Ll}{2,}/u.exec(s) : null)
  );
}

/**
 * Whether a lone letter and the word after it are a term the article writes more than once ("T
 * cells", "B cells", "C major"): a term, not a word split apart.
 */
function isLetterTerm(stray: string, text: string): boolean {
  const m = /(?:^|\s)(\p{Lu})\s+(\p{Ll}{2,})\s*$/u.exec(stray);
  if (!m?.[1] || !m[2]) return false;
  let count = 0;
  for (
    let at = text.indexOf(`${m[1]} ${m[2]}`);
    at >= 0 && count < 2;
    at = text.indexOf(`${m[1]} ${m[2]}`, at + 1)
  )
    if (!/\p{L}/u.test(text[at - 1] ?? "")) count++;
  return count >= 2;
}

function remember(checked: Map<string, boolean>, word: string, check: () => boolean): boolean {
  let result = checked.get(word);
  if (result === undefined) {
    result = check();
    checked.set(word, result);
  }
  return result;
}

/** Prefixes written before a hyphen that are no words of their own: "non-RNA", "pre-trained". */
const hyphenPrefixes = new Set(
  "pre post non anti co re multi semi sub self ex inter intra micro macro".split(" "),
);

function isMisspelt(word: string, isFirst: boolean, context: SentenceContext): boolean {
  // The tokeniser keeps a final stop on some words ("mass.", "gov."): it is no part of the word.
  const bare = word.replace(/\.+$/, "");
  if (bare.length < 3 || /[\d_.]/.test(bare)) return false;
  const lower = bare.toLowerCase();
  if ((context.vocabulary.get(lower) ?? 0) >= 3) return false;
  // Acronyms and mixed-case terms (NVIDIA, mRNA, OpenAI) are names or terms, not misspellings.
  if (isAcronym(bare) || hasLowerThenUpper(bare)) return false;
  // A capitalised word mid-sentence is taken for a name; title case throughout is odd casing instead.
  if (startsUpper(bare) && !isFirst) return false;
  const parts = bare.split(/['’-]/).filter((p) => p.length > 0);
  for (let index = 0; index < parts.length; index++) {
    if (isPartMisspelt(parts[index] ?? "", index, parts.length, context.vocabulary)) return true;
  }
  return false;
}

// A function of its own, not a closure in isMisspelt: every distinct word of a course comes through.
function isPartMisspelt(
  part: string,
  index: number,
  partCount: number,
  vocabulary: ReadonlyMap<string, number>,
): boolean {
  if (part.length <= 2 || isAcronym(part)) return false;
  if (index === 0 && partCount > 1 && hyphenPrefixes.has(part.toLowerCase())) return false;
  const words = lexicon();
  // As written, so that a name the dictionary has capitalised counts ("July", "European").
  if (words.isWord(part) || words.isWord(part.toLowerCase())) return false;
  const partLower = part.toLowerCase();
  if (isRareWord(partLower)) return false;
  // A capitalised word opening the sentence, no slip of a dictionary word or of a term the course
  // uses ("Deepsquek" for "DeepSeek"), is a name ("Arkwright").
  if (isCapitalised(part) && words.nearWords(partLower).length === 0)
    return isSlipOfCourseTerm(partLower, vocabulary);
  return true;
}

/**
 * A word Hunspell lacks that the English model has, as written or as the plural of one ("flocculent",
 * "dementias"). Only longer words: the model's vocabulary is case-folded, so it holds names in lower
 * case too ("ben").
 */
function isRareWord(lower: string): boolean {
  if (lower.length < 6) return false;
  if (isInModelVocabulary(lower)) return true;
  return lower.endsWith("s") && !lower.endsWith("ss") && isInModelVocabulary(lower.slice(0, -1));
}

/** True when `lower` is two edits or fewer from a word the course uses three times or more. */
function isSlipOfCourseTerm(lower: string, vocabulary: ReadonlyMap<string, number>): boolean {
  for (const [word, count] of vocabulary) {
    if (count >= 3 && word !== lower && Math.abs(word.length - lower.length) <= 2 && word.length >= 4) {
      if (distance(word, lower) <= 2) return true;
    }
  }
  return false;
}

/**
 * A third-person verb the tagger took for a noun: a word in "-s" between its subject (a noun, a
 * pronoun, or "which"/"that") and a determiner that opens its object ("the terminal controls the
 * flow", "which causes the gas"). A noun does not stand between a noun and a determiner.
 */
function isVerbTaggedAsNoun(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  if (!token || !before || !after || token.pos !== "NOUN" || !lowerPluralShape.test(token.text)) return false;
  const subject =
    before.pos === "NOUN" ||
    before.pos === "PROPN" ||
    before.pos === "PRON" ||
    /^(?:which|that|who)$/i.test(before.text);
  return (
    subject &&
    after.pos === "DET" &&
    /^(?:the|a|an|this|these|those|its|their|his|her|our)$/i.test(after.text)
  );
}

/**
 * Capitals machine translation scatters through a sentence: a word the course writes in a distinctive
 * form written another way ("Openai" for "OpenAI", "ai" for "AI"); a capitalised function word or
 * "-ly" adverb mid-sentence ("Cost Grows Exponentially", "Instead Of falling"); or three capitalised
 * everyday words the course otherwise writes in lower case ("the Vast Potential in the Language
 * Domain"). Names the analysis found and words inside quotes are left alone.
 */
function midSentenceCapitals(tokens: readonly Token[], context: SentenceContext): string | undefined {
  const words = lexicon();
  let everyday = 0;
  // Everyday words in a run of capitals that holds a name are part of it: "the Chinese New Year".
  let runEveryday = 0;
  let runHasName = false;
  const endRun = () => {
    if (!runHasName) everyday += runEveryday;
    runEveryday = 0;
    runHasName = false;
  };
  let quoted = false;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.text ?? "";
    if (word === '"' || word === "“" || word === "”") quoted = !quoted;
    if (!isLetters(word) || !startsUpper(word)) {
      endRun();
      continue;
    }
    const lower = word.toLowerCase();
    const usual = context.forms && usualFormOf(word, context.forms);
    if (usual) return `"${word}" where the course writes "${usual}"`;
    const forms = context.forms?.get(lower);
    const previous = tokens[i - 1]?.text ?? "";
    const capitalised = isCapitalised(word);
    const midSentence = i > 0 && wordOrComma.test(previous) && !quoted;
    if (midSentence && capitalised && functionWords.has(lower) && !isNameWord(word, context))
      return `a capitalised "${word}" in mid-sentence`;
    const isEveryday = words.isWord(lower) || isRareWord(lower);
    if (!capitalised || !isEveryday || words.isProperNoun(word) || isNameWord(word, context)) {
      runHasName = true;
      continue;
    }
    if (!midSentence) continue;
    if (/ly$/.test(lower) && lower.length > 5) return `a capitalised "${word}" in mid-sentence`;
    const lowerUses = forms?.get(lower) ?? 0;
    if (lowerUses >= (forms?.get(word) ?? 1)) runEveryday++;
  }
  endRun();
  if (everyday >= 2) return "everyday words capitalised in mid-sentence";
  return undefined;
}

/** Two words without a space: "sincegptpt", "technicaldScape"; not a name like "DeepSeek" or "OpenAI". */
function isGlued(word: string, vocabulary: ReadonlyMap<string, number>): boolean {
  if (word.length < 8 || (vocabulary.get(word.toLowerCase()) ?? 0) >= 2) return false;
  const words = lexicon();
  if (words.isWord(word) || isKnownWord(word)) return false;
  const lower = word.toLowerCase();
  for (let i = 3; i <= lower.length - 3; i++) {
    const left = lower.slice(0, i);
    const right = lower.slice(i);
    if (words.isWord(left) && words.isWord(right) && left.length + right.length >= 8) {
      // A capital at the start and at the join is a camel-cased name (SoftBank, YouTube).
      if (/^\p{Lu}\p{Ll}+\p{Lu}/u.test(word)) continue;
      return true;
    }
  }
  return false;
}

/** Random capitals inside words, shouting, or title case running through a whole sentence. */
function oddCasing(words: string[], context: SentenceContext): string | undefined {
  const { vocabulary } = context;
  const inner = words.find(
    (w) =>
      !isLowerAscii(w) &&
      isLetters(w) &&
      randomCapitals.test(w) &&
      (vocabulary.get(w.toLowerCase()) ?? 0) < 2 &&
      !isPlausibleMixedCase(w),
  );
  if (inner) return `random capitals in "${inner}"`;
  const shouted = words.filter((w) => w.length > 3 && isAllUpper(w) && lexicon().isWord(w.toLowerCase()));
  if (shouted.length >= 2) return `words in capitals: ${shouted.slice(0, 3).join(", ")}`;
  const body = words.slice(1).filter((w) => w.length > 3 && (isLowerAscii(w) || isLetters(w)));
  const titled = body.filter(
    (w) => startsCapitalised(w) && lexicon().isWord(w.toLowerCase()) && !isNameWord(w, context),
  );
  if (body.length >= 6 && titled.length * 2 > body.length) return "title case runs through the sentence";
  return undefined;
}

/**
 * A capitalised word that belongs to a name: a name the analysis found, or a word the course writes
 * capitalised at least twice and more often than in lower case ("National Institutes of Health").
 */
function isNameWord(word: string, context: SentenceContext): boolean {
  const lower = word.toLowerCase();
  if (context.nameWords.has(lower)) return true;
  const forms = context.forms?.get(lower);
  const capitalised = forms?.get(word) ?? 0;
  return capitalised >= 2 && capitalised > (forms?.get(lower) ?? 0);
}

/**
 * Title case through one clause of a sentence ("…, Recogning the Vast Potential in the Language
 * Domain"; "This Phenomenon is Known as the …"): most of its longer words capitalised everyday words,
 * three or more of them, none part of a name the analysis found.
 */
function titleCasedClause(s: string, context: SentenceContext): string | undefined {
  // Three capitalised words at the least: most sentences have fewer capitals than that.
  if (countCapitalInitials(s) < 3) return undefined;
  const words = lexicon();
  const clauses = s.split(/[,;:()—–]|\s-\s/);
  for (const [index, clause] of clauses.entries()) {
    const body = (clause.match(letterRuns) ?? []).slice(index === 0 ? 1 : 0).filter((w) => w.length > 3);
    const titled = body.filter(
      (w) => isCapitalised(w) && !isNameWord(w, context) && words.isWord(w.toLowerCase()),
    );
    if (titled.length >= 3 && titled.length * 3 >= body.length * 2)
      return `title case through "${clause.trim().slice(0, 40)}"`;
  }
  return undefined;
}

/**
 * Mixed case that real terms have: a dictionary entry (iPhone), a prefix letter or two on an acronym
 * (mRNA), camel-cased parts of three letters or more with an optional acronym tail (DeepSeek, OpenAI,
 * ChatGPT), or an acronym's plural (GPUs). "BeANGAN" and "reAADING" have none of these shapes.
 */
function isPlausibleMixedCase(word: string): boolean {
  return (
    lexicon().isWord(word) ||
    /^\p{Ll}{1,2}\p{Lu}{2,}s?$/u.test(word) ||
    /^\p{Ll}\p{Lu}\p{Ll}+$/u.test(word) ||
    /^(?:\p{Lu}\p{Ll}{2,})+(?:\p{Lu}{2,}s?)?$/u.test(word) ||
    /^\p{Lu}{2,}(?:\p{Lu}\p{Ll}{2,})*s?$/u.test(word)
  );
}

/** The same word twice in a row ("may may"), or one word making up a third of a long sentence. */
function repetition(words: string[]): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? "";
    if (w === words[i - 1] && !/^(?:had|that|very|no|yes|bye|ha|so)$/.test(w)) return `"${w} ${w}"`;
  }
  if (words.length >= 12) {
    const counts = new Map<string, number>();
    for (const w of words) if (w.length > 3) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [w, n] of counts) if (n * 4 >= words.length) return `"${w}" ${n} times`;
  }
  return undefined;
}

function unbalanced(s: string): boolean {
  const count = (re: RegExp) => (s.match(re) ?? []).length;
  return count(/\(/g) !== count(/\)/g) || count(/"/g) % 2 === 1;
}

const comparatives = new Set(["more", "less", "most", "least", "fewer", "better", "worse"]);
/** Nouns that end in "s" in the singular: "a means", "a series", "a news item". */
const singularInS = new Set(
  "means news series species headquarters crossroads whereabouts lens thanks odds physics mathematics economics politics ethics athletics measles gallows barracks".split(
    " ",
  ),
);
/** Quantifiers that take a plural after "a": "a few days", "a dozen eggs", "a hundred years". */
const pluralQuantifiers = new Set(
  "few lot couple dozen hundred thousand million billion trillion great good number handful series total".split(
    " ",
  ),
);

/**
 * Word orders English does not produce, which machine translation leaves behind:
 * - two comparatives in a row, perhaps through an adverb ("more magnificently less", "more better");
 * - the same word on both sides of "or" ("whether it is designed, or designed");
 * - a hyphen gluing an auxiliary to a pronoun or determiner ("You can-their skepticism");
 * - "a" or "an" before a plural noun that ends the noun phrase ("A shocking waves through …"; not
 *   "a few days", "a means", "an arms race").
 */
function garbledGrammar(tokens: readonly Token[]): string | undefined {
  const lower = tokens.map((t) => t.text.toLowerCase());
  for (let i = 0; i < tokens.length; i++) {
    const word = lower[i] ?? "";
    if (word === "more" || word === "less" || word === "most" || word === "least") {
      const skip = /^\p{L}+ly$/u.test(lower[i + 1] ?? "") && tokens[i + 1]?.pos === "ADV" ? 2 : 1;
      const next = lower[i + skip] ?? "";
      if (comparatives.has(next) && next !== word)
        return `two comparatives in a row: "${tokens
          .slice(i, i + skip + 1)
          .map((t) => t.text)
          .join(" ")}"`;
    }
    if (word === "or" && i >= 1) {
      const before = lower[i - 1] === "," ? i - 2 : i - 1;
      const left = lower[before] ?? "";
      if (left.length >= 4 && isLetters(left) && left === lower[i + 1])
        return `the same word on both sides of "or": "${left}"`;
    }
    if (word === "-" && tokens[i - 1]?.pos === "AUX" && ["PRON", "DET"].includes(tokens[i + 1]?.pos ?? "")) {
      const left = tokens[i - 1];
      const right = tokens[i + 1];
      if (left && right && left.end === tokens[i]?.start && tokens[i]?.end === right.start)
        return `a hyphen glues "${left.text}" to "${right.text}"`;
    }
    if ((word === "a" || word === "an") && tokens[i]?.pos === "DET") {
      let j = i + 1;
      while (tokens[j]?.pos === "ADJ" || (tokens[j]?.pos === "ADV" && /ly$/.test(lower[j] ?? ""))) {
        if (pluralQuantifiers.has(lower[j] ?? "")) break;
        j++;
      }
      const noun = tokens[j];
      const text = lower[j] ?? "";
      if (
        noun?.pos === "NOUN" &&
        !pluralQuantifiers.has(lower[j - 1] ?? "") &&
        /^\p{Ll}+[^su]s$/u.test(noun.text) &&
        !singularInS.has(text) &&
        lexicon().isWord(text.slice(0, -1)) &&
        !["NOUN", "PROPN", "NUM"].includes(tokens[j + 1]?.pos ?? "")
      )
        return `"${tokens[i]?.text}" before the plural "${noun.text}"`;
    }
  }
  return undefined;
}
