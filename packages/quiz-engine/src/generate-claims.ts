import type { CourseBundle, Sentence } from "./course.ts";
import { lexicon } from "./course.ts";
import { capitalize, distinct, escapeRegExp, flipDirection, isNearCopy, trimToClaim } from "./phrases.ts";
import type { Option, SourceRef } from "./schemas.ts";
import { contentWords, isSamePhraseInNumber, normalizeAnswer, numberForms, wordRoot } from "./text.ts";
import { courseSubjects, taggedWords, textFlags, usableText } from "./text-flags.ts";

/**
 * Question forms on a plain asserted claim: a sentence the author states that carries no name,
 * number or definition for the other generators to blank. Two forms test that the student read it:
 * - a key-fact blank on the sentence's most informative term (a rare word the article repeats, a
 *   very rare noun it uses once, or an initialism; never the course's or lesson's subject), typed
 *   or chosen among the article's other key terms of the same kind;
 * - "Which of these does the article state?", the claim trimmed to its core against false versions of
 *   the article's other claims (a direction flipped).
 * A claim that opens by pointing back ("This drastically reduces …") is asked only as a blank, with
 * the sentence it points to shown before it, when no subject can be restored safely.
 */

/** What the forms need of the generator: citations, choice options and the draft list. */
export interface ClaimHost {
  readonly bundle: CourseBundle;
  /**
   * Whether another generator's item that passes every gate cites the span: a sentence it asks about
   * needs no plain-claim form, and one whose only drafts were dropped still gets one.
   */
  isAsked(span: { articleId: string; rawStart: number; rawEnd: number }): boolean;
  ref(span: {
    articleId: string;
    passageId: string;
    rawStart: number;
    rawEnd: number;
  }): SourceRef | undefined;
  /** A single-choice draft of `key` against up to three of `pool`; null when too few distractors remain. */
  addChoice(
    stem: string,
    key: string,
    pool: readonly string[],
    item: {
      sourceRefs: SourceRef[];
      conceptIds: string[];
      generator: string;
      origin: string;
      explanation?: string;
    },
  ): unknown;
  conceptsIn(texts: readonly string[]): string[];
  /** Whether a fact's true/false item states the truth (even odds, the other side on a retry). */
  truthFor(fact: string): boolean;
  /** A seeded draw of up to `count` items. */
  pick<T>(items: readonly T[], count: number): T[];
  addClaimDraft(draft: ClaimDraft): void;
}

export type ClaimDraft =
  | {
      type: "true_false";
      stem: string;
      key: boolean;
      correction?: string;
      sourceRefs: SourceRef[];
      conceptIds: string[];
      generator: string;
      origin: string;
    }
  | {
      type: "cloze";
      stem: string;
      key: { accepted: string[] };
      sourceRefs: SourceRef[];
      conceptIds: string[];
      generator: string;
      origin: string;
    }
  | {
      type: "matching";
      stem: string;
      left: Option[];
      right: Option[];
      key: Record<string, string>;
      sourceRefs: SourceRef[];
      conceptIds: string[];
      generator: string;
      origin: string;
    };

/** A word after which the head of a noun phrase ends: a preposition, a verb of being, a conjunction. */
const PHRASE_END = new Set(
  "of in on for with by to and or is are was were that which who as from at than can could will would may might must has have had be been into over under about between among through during because while when".split(
    " ",
  ),
);
/** Everyday words no blank should ask for, however rare a count makes them look. */
const VAGUE = new Set(
  "thing things something example examples way ways part parts kind kinds type types case cases fact facts number numbers lot lots people person time times others other rate rates level levels factor factors aspect aspects concern concerns detail details issue issues effect effects result results impact role development progress performance capability capabilities advancement advancements area areas counterpart counterparts equivalent equivalents version versions".split(
    " ",
  ),
);
/**
 * Figures of speech the author rates a thing with ("a cornerstone of public health", "serves as a
 * bedrock for innovation", "factors and catalysts"): the author's wording, not a fact to recall, and
 * a false version swapping one out is nonsense ("a pathogen of public health").
 */
const FIGURATIVE = new Set(
  "cornerstone cornerstones bedrock hallmark hallmarks pillar pillars milestone milestones backbone keystone linchpin testament centerpiece catalyst catalysts engine engines springboard lifeblood".split(
    " ",
  ),
);
/** A word in lower case only: a name or an initialism before a blank modifies nothing the rule means. */
const LOWER_WORD = /^\p{Ll}+$/u;
/** Modifiers that leave any abstract noun fitting the blank after them. */
const VAGUE_MODIFIERS = new Set(
  "major minor technical significant important great new key main real big huge strong rapid open general various certain overall further greater crucial remarkable".split(
    " ",
  ),
);
/** A first-person, second-person or instructing sentence states the author's taste or a request, not a fact. */
const PERSONAL =
  /\b(?:I|I'm|I've|I'd|my|me|mine|we|we're|we've|our|us|you|you're|your)\b|\b(?:please|click|subscribe|sign up|see also|visit|learn how|this article|citations?)\b|^see\b|,\s*see\b/i;
/**
 * A sentence that counts off a list ("First is …", "Lastly, …") or draws a conclusion from the one
 * before ("Hence, …", "Just a week later, …") leans on the sentences around it.
 */
const LIST_STEP =
  /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|next|then|lastly|finally|another|the (?:first|second|third|last|other) (?:is|was)|also|hence|thus|therefore|consequently|as a result|in turn|likewise|similarly|instead|otherwise|(?:just\s+)?(?:a|one|two|three|a few) (?:days?|weeks?|months?|years?) (?:later|earlier))\b/i;
/** A pronoun or pointer anywhere in the claim ("Classified as a starburst galaxy, it is …") leans on another sentence. */
const POINTING = /\b(?:it|they|them|this|these|those|he|she|his|her|such)\b/i;
/**
 * A possessive or reflexive of a thing ("its", "their", "itself") leans on another sentence unless
 * the claim names its antecedent before it: a name ("once the Soviet Union closed itself, its …") or
 * a subject opening with an article ("The Chinese corpus lags behind its English counterpart").
 */
const POSSESSIVE = /\b(?:its|their|itself|themselves)\b/i;

function leansOnAnother(text: string): boolean {
  if (POINTING.test(text)) return true;
  const at = POSSESSIVE.exec(text)?.index;
  if (at === undefined) return false;
  const before = text.slice(0, at);
  return !/^(?:the|an?)\s+\p{L}/iu.test(before) && !/\s\p{Lu}/u.test(before);
}
/**
 * Above this many uses per million words of everyday English a word is too common to be the fact
 * ("century", "goods"); a pair the article repeats ("water frame") is a term of its own, so its head
 * may be commoner.
 */
const MAX_FREQUENCY = 10;
const MAX_PAIR_FREQUENCY = 30;
/** A noun the article uses once is a term of the fact only when it is this rare ("upheavals", "slag"). */
const MAX_SINGLE_USE_FREQUENCY = 3;
/** An initialism weighs as a rare word used once: below a term the article repeats. */
const INITIALISM_WEIGHT = 1;

/** "GPUs", "SMEs", "DNA": capitals only, two to five, perhaps a plural "s". */
export function isInitialism(word: string): boolean {
  return /^\p{Lu}{2,5}s?$/u.test(word) && !/^\p{Lu}s$/u.test(word);
}

export interface KeyTerm {
  /** The term as written in the sentence. */
  text: string;
  /** Where it stands in the sentence. */
  index: number;
}

interface ClaimSentence {
  sentence: Sentence;
  text: string;
  term: KeyTerm | null;
  /**
   * The sentence before, shown with the claim when the claim opens by pointing back to it ("This
   * drastically reduces …") and no subject can be restored safely: the stem quotes both, so nothing
   * is left unresolved. Null for a claim that stands alone.
   */
  context: string | null;
  /** What an item cites: the sentence, or it and the one before that names its subject or is shown. */
  span: { articleId: string; passageId: string; rawStart: number; rawEnd: number };
}

const NAME_KINDS = new Set(["person", "organization", "product", "place"]);

/**
 * A sentence opening with a pronoun, its subject restored from the sentence before when that is
 * safe: the sentence before (fit, asserted, in the same passage) opens with a name or a concept as
 * its subject, and the pronoun agrees with it ("It" with one thing, "They" with a plural, "He" or
 * "She" with a person). Null otherwise: such a sentence is then not asked at all.
 *
 * @example
 * restoreSubject(bundle, "It amplifies weak signals.", before) // "The transistor amplifies weak signals."
 */
export function restoreSubject(
  bundle: CourseBundle,
  text: string,
  before: Sentence | undefined,
): string | null {
  if (!before?.isFit || before.stance.kind !== "asserted") return null;
  const pointed = /^(This|These)\s+(\p{Ll}[\p{Ll}-]+)\s+(\p{Ll}.*)$/u.exec(text);
  if (pointed?.[1] && pointed[2] && pointed[3])
    return restorePointedNoun(before, pointed[1], pointed[2], pointed[3]);
  const opening = /^(It|They|He|She)\s+(\p{Ll}.*)$/u.exec(text);
  if (!opening?.[1] || !opening[2]) return null;
  const pronoun = opening[1];
  // "It is difficult to …", "It took a few days for …": an "it" that stands for no thing.
  if (
    pronoun === "It" &&
    /^(?:is|was|has|had|will|would|may|might|could|can|seems|appears|takes|took|remains|makes)\b/.test(
      opening[2],
    )
  )
    return null;
  const previous = before.text.replace(/\s+/g, " ").trim();
  if (/^(?:It|They|He|She|This|These|That|Those)\b/.test(previous)) return null;
  const names = [
    ...bundle.mentions
      .filter((m) => m.sentenceId === before.id && NAME_KINDS.has(m.kind))
      .map((m) => ({ name: m.text, isPerson: m.kind === "person" })),
    ...bundle.concepts.flatMap((c) => [c.name, ...c.aliases].map((name) => ({ name, isPerson: false }))),
  ];
  for (const { name, isPerson } of names) {
    // The name is the subject: it opens the sentence (after "The"/"A"/"An") and a verb follows it.
    // (After a leading adverbial of its own, "Around 1450, Johannes Gutenberg introduced …".)
    const subject = new RegExp(
      `^(?:[^,]{1,30},\\s+)?((?:the|an?)\\s+)?${escapeRegExp(name)}(?=\\s+\\p{Ll})`,
      "iu",
    ).exec(previous);
    if (!subject) continue;
    const last = name.split(/\s+/).at(-1) ?? name;
    const agrees =
      pronoun === "He" || pronoun === "She"
        ? isPerson
        : !isPerson && (pronoun === "They") === (isPluralForm(last) && !/^\p{Lu}/u.test(last));
    if (!agrees) return null;
    return `${capitalize(subject[0].replace(/^[^,]{1,30},\s+(?=\S)/, ""))} ${opening[2]}`;
  }
  return null;
}

/** Words that open a noun phrase: the phrase a pointed noun is taken from starts after one. */
const DETERMINER = new Set(["the", "a", "an"]);

/**
 * "This community serves …" after "… the vast open-source community, which …": the noun the
 * demonstrative points to is the one the sentence before names, once and in the same number, so
 * its phrase there ("the vast open-source community") becomes the subject. Null when the sentence
 * before names it more than once or not at all, or not after "the", "a" or "an".
 */
function restorePointedNoun(before: Sentence, pointer: string, noun: string, rest: string): string | null {
  if (VAGUE.has(noun) || PHRASE_END.has(noun) || isPluralForm(noun) !== (pointer === "These")) return null;
  const previous = before.text.replace(/\s+/g, " ").trim();
  if (/^(?:It|They|He|She|This|These|That|Those)\b/.test(previous) || countIn(previous, noun) !== 1)
    return null;
  const words = previous.split(" ");
  const at = words.findIndex((w) => w.replace(/[,;:.!?)]+$/, "") === noun);
  if (at < 0) return null;
  // Back from the noun over its modifiers ("vast", "open-source") to the article opening the phrase.
  let start = at;
  while (start > 0 && at - start < 3) {
    const word = words[start - 1] ?? "";
    if (!/^\p{Ll}[\p{Ll}-]*$/u.test(word) || PHRASE_END.has(word) || DETERMINER.has(word)) break;
    start--;
  }
  if (!DETERMINER.has(words[start - 1]?.toLowerCase() ?? "")) return null;
  return `The ${[...words.slice(start, at), noun].join(" ")} ${rest}`;
}

/** Whether a word is plural in form ("cells", "viruses"; not "process" or "analysis"). */
function isPluralForm(word: string): boolean {
  return /[^su]s$/i.test(word) || /ies$/i.test(word);
}

/**
 * Whether a word reads as a noun: the dictionary has it in both numbers ("upheaval", "upheavals"),
 * or it ends as only nouns do ("stagflation", "detachment").
 */
function isNounLike(word: string, isWord: (w: string) => boolean): boolean {
  if (/(?:tion|sion|ment|ness|ity|ism|ance|ence|ship|hood|logy)$/.test(word)) return true;
  if (/ies$/.test(word)) return isWord(word.replace(/ies$/, "y"));
  if (/[^su]s$/.test(word))
    return isWord(word.slice(0, -1)) || (/es$/.test(word) && isWord(word.slice(0, -2)));
  return isWord(
    /[^aeiou]y$/.test(word)
      ? word.replace(/y$/, "ies")
      : /(?:s|x|z|ch|sh)$/.test(word)
        ? `${word}es`
        : `${word}s`,
  );
}

/** How many times a word (or its plural or singular) stands in a text, by whole words. */
function countIn(text: string, word: string): number {
  const stem = word.replace(/(?:es|s)$/i, "");
  const pattern = new RegExp(`(^|[^\\p{L}])${escapeRegExp(stem)}(?:s|es)?(?=$|[^\\p{L}])`, "giu");
  return [...text.matchAll(pattern)].length;
}

/**
 * The sentence's most informative term: the head of a noun phrase (the word before a preposition,
 * a verb of being or the sentence's end), a dictionary word that is rare in everyday English and
 * that the article uses again (or a noun rarer still, used once), or an initialism ("GPUs"), that is
 * neither the course's nor the lesson's subject nor a word of the article's title. Where the article
 * repeats it with the word before it ("monetary base"), that pair. Null when no word qualifies.
 *
 * @example
 * keyTermOf("The opposite of inflation is deflation.", articleText, ["inflation"]) // { text: "deflation", ... }
 */
export function keyTermOf(
  sentence: string,
  articleText: string,
  excluded: readonly string[],
  /** Texts whose words may not stand right before the blank either: the course's article titles. */
  modifiersExcluded: readonly string[] = [],
): KeyTerm | null {
  const { isWord, frequencyPerMillion } = lexicon();
  // A subject in the other number is the subject still ("vaccine" in a course on "How vaccines work").
  const banned = new Set(excluded.flatMap((e) => contentWords(e)).flatMap(numberForms));
  // A word made from a rare subject word is the subject still ("vaccination" beside "vaccines");
  // an everyday word's derivatives ("workers" beside "work") are words of their own.
  const bannedRoots = new Set(
    [...banned].filter((w) => frequencyPerMillion(w) <= MAX_PAIR_FREQUENCY && w.length >= 5).map(wordRoot),
  );
  const bannedModifiers = new Set([
    ...banned,
    ...modifiersExcluded.flatMap((e) => contentWords(e)).flatMap(numberForms),
  ]);
  const tokens = [...sentence.matchAll(/[\p{L}][\p{L}'’-]*|[^\s\p{L}]+/gu)];
  // What the tagger makes of each word here: a blank asks for a thing, never a verb or an adverb
  // ("the curves _____", "is _____ to the right").
  const tagged = taggedWords(sentence);
  const nouns = new Set(
    tagged.filter((t) => t.pos === "NOUN" || t.pos === "PROPN").map((t) => t.text.toLowerCase()),
  );
  // "The issue affected airlines": a verb before the head is no part of its phrase.
  const verbs = new Set(
    tagged.filter((t) => t.pos === "VERB" || t.pos === "AUX").map((t) => t.text.toLowerCase()),
  );
  let best: { term: KeyTerm; weight: number } | null = null;
  // Not the sentence's first two words: "In _____, …" asks for a connective ("contrast").
  for (let i = 2; i < tokens.length; i++) {
    const token = tokens[i];
    const word = token?.[0] ?? "";
    const next = tokens[i + 1]?.[0];
    if (isInitialism(word)) {
      // An initialism at the head of its phrase ("lower-cost GPUs") names a thing of the fact,
      // unless it is a subject's, or part of a longer name ("Hubble Space Telescope", "NGC 1792").
      const before = tokens[i - 1]?.[0] ?? "";
      if (next !== undefined && /^[\p{L}\d]/u.test(next) && !PHRASE_END.has(next.toLowerCase())) continue;
      // "(IRP)" after "Intramural Research Program" only abbreviates what the sentence says.
      if (
        /^\p{Lu}|\($/u.test(before) ||
        [word, word.replace(/s$/, "")].some((w) => banned.has(w.toLowerCase()))
      )
        continue;
      if (countIn(sentence, word) > 1 || bannedModifiers.has(before.toLowerCase())) continue;
      const weight = INITIALISM_WEIGHT;
      if (!best || weight > best.weight) best = { term: { text: word, index: token?.index ?? 0 }, weight };
      continue;
    }
    if (!/^\p{Ll}[\p{Ll}-]{3,}$/u.test(word) || word.endsWith("-")) continue;
    if (/(?:ly|ed|ing)$/.test(word) || VAGUE.has(word) || FIGURATIVE.has(word)) continue;
    // One half of a "both … and …" pair names the other ("both _____ and software"): a guess, not a fact.
    const lower = (k: number) => tokens[k]?.[0]?.toLowerCase();
    if (lower(i - 1) === "both" || (lower(i - 1) === "and" && lower(i - 3) === "both")) continue;
    // The head of its phrase: what follows it is punctuation, the end, or a word that ends the phrase.
    if (next !== undefined && /^\p{L}/u.test(next) && !PHRASE_END.has(next.toLowerCase())) continue;
    const parts = word.split("-");
    if (!parts.every((p) => isWord(p))) continue;
    if (!nouns.has(word.toLowerCase())) continue;
    // "for plants and animals to _____" asks for a verb: a word after "to" with a past tense of
    // its own, and no noun's ending, is an infinitive, not a thing of the fact.
    if (
      lower(i - 1) === "to" &&
      !/(?:tion|sion|ment|ness|ity|ism|ance|ence|ship|hood|logy|s)$/.test(word) &&
      (isWord(`${word}d`) || isWord(`${word}ed`))
    )
      continue;
    if (contentWords(word).some((w) => banned.has(w) || bannedRoots.has(wordRoot(w)))) continue;
    const frequency = frequencyPerMillion(word);
    if (frequency > MAX_PAIR_FREQUENCY) continue;
    const uses = countIn(articleText, word);
    // A word the article uses once is the fact only when it is rare in everyday English ("slag",
    // "rodents"): a commoner one ("barrier") is the author's wording, not what the sentence teaches.
    // It must read as a noun too ("upheavals", "trend"; not "uncertain" or "comparable", the
    // author's wording around the fact).
    if (
      (uses < 2 && (frequency > MAX_SINGLE_USE_FREQUENCY || !isNounLike(word, isWord))) ||
      countIn(sentence, word) > 1
    )
      continue;
    // Rarer and more repeated is more informative; a pair the article repeats is the term itself.
    let term: KeyTerm = { text: word, index: token?.index ?? 0 };
    const before = tokens[i - 1]?.[0] ?? "";
    if (
      /^\p{Ll}{4,}$/u.test(before) &&
      !PHRASE_END.has(before) &&
      !VAGUE_MODIFIERS.has(before) &&
      contentWords(before).length === 1 &&
      !contentWords(before).some((w) => bannedModifiers.has(w)) &&
      !verbs.has(before) &&
      countIn(articleText, `${before} ${word}`) >= 2
    ) {
      term = { text: `${before} ${word}`, index: tokens[i - 1]?.index ?? 0 };
    } else if (frequency > MAX_FREQUENCY) continue;
    // After a vague or a subject modifier the blank asks for a collocation, not a fact: "major
    // _____" (breakthroughs), "AI _____" (technologies) in a course about AI.
    const modifier = (tokens[term.text.includes(" ") ? i - 2 : i - 1]?.[0] ?? "").toLowerCase();
    if (VAGUE_MODIFIERS.has(modifier) || bannedModifiers.has(normalizeAnswer(modifier))) continue;
    // After a noun that modifies it ("their work _____"), the blank asks for the head of a compound
    // the article uses once: many nouns fit ("work processes", "work habits", "work lives").
    const modifierAsWritten = tokens[i - 1]?.[0] ?? "";
    if (
      !term.text.includes(" ") &&
      LOWER_WORD.test(modifierAsWritten) &&
      nouns.has(modifier) &&
      !PHRASE_END.has(modifier)
    )
      continue;
    const weight = Math.min(uses, 5) - Math.log10(1 + frequency) * 2;
    if (!best || weight > best.weight) best = { term, weight };
  }
  return best?.term ?? null;
}

/** A claim's opening that points back to the sentence before: "This …", "It …", "These changes …". */
const POINTER_OPENING = /^(?:It|They|This|These|That|Those)\b/;

/** Whether a text reads as a plain statement: a full stop, no person, no list step, no quote or question. */
function isPlainStatement(text: string): boolean {
  // A line without a full stop is a heading or a caption, not a claim.
  return /[.!]$/.test(text) && !PERSONAL.test(text) && !LIST_STEP.test(text) && !/[?"“”]/.test(text);
}

function hasClaimLength(text: string, maxWords: number): boolean {
  const words = text.split(/\s+/).length;
  return words >= 7 && words <= maxWords && contentWords(text).length >= 5;
}

/**
 * The sentence before a claim that points back to it, when it is fit to show as the claim's context:
 * fit, asserted, a plain statement that stands alone, of a claim's length. Null otherwise.
 */
function contextFor(bundle: CourseBundle, before: Sentence | undefined): string | null {
  if (!before?.isFit || before.stance.kind !== "asserted") return null;
  const text = usableText(bundle, before);
  if (!text || !isPlainStatement(text) || leansOnAnother(text) || !hasClaimLength(text, 30)) return null;
  return textFlags(bundle, text, true).length === 0 ? text : null;
}

/**
 * How much of a restored claim is the subject put in for its pointer: "The wanted poster" of "The
 * wanted poster is what alerts …", restored from "This poster is what alerts …".
 */
function restoredSubjectLength(restored: string, usable: string): number {
  const pointer = /^(?:It|They|He|She)\b|^(?:This|These)\s+[\p{L}-]+/u.exec(usable)?.[0] ?? "";
  return restored.length - usable.length + pointer.length;
}

/**
 * The fit sentences the author asserts that read as a plain, self-standing claim, or as one with the
 * sentence before it shown (`context`).
 */
function claimSentences(bundle: CourseBundle, excluded: readonly string[]): ClaimSentence[] {
  const texts = new Map(bundle.articles.map((a) => [a.id, a.normalizedText]));
  const byId = new Map(bundle.sentences.map((s) => [s.id, s]));
  const previous = new Map<string, Sentence>();
  for (const passage of bundle.passages)
    passage.sentenceIds.forEach((id, i) => {
      const before = byId.get(passage.sentenceIds[i - 1] ?? "");
      if (i > 0 && before) previous.set(id, before);
    });
  const out: ClaimSentence[] = [];
  for (const sentence of bundle.sentences) {
    if (!sentence.isFit || sentence.stance.kind !== "asserted") continue;
    const usable = usableText(bundle, sentence);
    const before = previous.get(sentence.id);
    const restored =
      usable && /^(?:It|They|He|She|This|These)\s/.test(usable)
        ? restoreSubject(bundle, usable, before)
        : null;
    const text = restored ?? usable;
    if (!text || !isPlainStatement(text) || !hasClaimLength(text, 32)) continue;
    let context: string | null = null;
    if (leansOnAnother(text) || textFlags(bundle, text, true).length > 0) {
      // Pointing back is all that is wrong with it: the sentence before, shown, resolves it.
      context = POINTER_OPENING.test(text) ? contextFor(bundle, before) : null;
      if (!context || textFlags(bundle, text, true).some((f) => f.flag !== "unresolved_reference")) continue;
    }
    const span = (restored || context) && before ? { ...sentence, rawStart: before.rawStart } : sentence;
    const title = bundle.articles.find((a) => a.id === sentence.articleId)?.title ?? "";
    const found = keyTermOf(
      text,
      texts.get(sentence.articleId) ?? "",
      [...excluded, title],
      bundle.articles.map((a) => a.title),
    );
    // A word of the subject restored from the sentence before asks what that sentence named, not
    // what this one says ("The wanted _____ is what alerts …").
    const term =
      found && restored && usable && found.index < restoredSubjectLength(restored, usable) ? null : found;
    // A name ("NIH", "US") is the entity blanks' to ask, against names of its kind.
    const isName =
      term !== null &&
      isInitialism(term.text) &&
      bundle.mentions.some(
        (m) => NAME_KINDS.has(m.kind) && normalizeAnswer(m.text) === normalizeAnswer(term.text),
      );
    // A blank in a claim shown with its context must not be answered by the context.
    const isGivenAway =
      context !== null && term !== null && countIn(context, term.text.split(" ").at(-1) ?? "") > 0;
    out.push({ sentence, text, term: isGivenAway || isName ? null : term, context, span });
  }
  return out;
}

/**
 * The words most of a course's articles use (of three or more articles): the course's own vocabulary
 * ("models" in a course on AI), which a blank asks for as a guess at the topic, not as a fact.
 */
function courseVocabulary(bundle: CourseBundle): string[] {
  if (bundle.articles.length < 3) return [];
  const uses = new Map<string, number>();
  for (const article of bundle.articles)
    for (const word of new Set(contentWords(article.normalizedText)))
      uses.set(word, (uses.get(word) ?? 0) + 1);
  return [...uses].filter(([, n]) => n > bundle.articles.length / 2).map(([word]) => word);
}

/**
 * Adds the key-fact blanks and the "which does the article state" choices for every plain asserted
 * claim of the bundle.
 */
export function addClaimForms(host: ClaimHost): void {
  const { bundle } = host;
  const subjects = courseSubjects(bundle);
  const cited = (s: Sentence) => host.isAsked(s);
  const claims = claimSentences(bundle, [bundle.course.title, ...subjects, ...courseVocabulary(bundle)]);
  const byArticle = new Map<string, ClaimSentence[]>();
  for (const c of claims)
    byArticle.set(c.sentence.articleId, [...(byArticle.get(c.sentence.articleId) ?? []), c]);
  for (const [articleId, group] of byArticle) {
    const articleText = ` ${normalizeAnswer(bundle.articles.find((a) => a.id === articleId)?.normalizedText ?? "")} `;
    const terms = distinct(group.flatMap((c) => (c.term ? [c.term.text] : [])));
    // Every claim lends its false version and its term to the options; only the claims no other
    // generator asks about become questions.
    const asked = group.filter((c) => !cited(c.sentence));
    // One blank per term in an article: two items asking "innovation" test one word twice.
    const blanked = new Set<string>();
    for (const claim of asked) {
      const key = claim.term && normalizeAnswer(claim.term.text);
      if (!key || [...blanked].some((b) => isSamePhraseInNumber(b, key))) continue;
      blanked.add(key);
      addKeyFact(host, claim, terms);
    }
    for (const claim of asked) addKeyStatement(host, claim, terms, articleText);
    const used = new Set<string>();
    for (const claim of asked) addStatedChoice(host, claim, group, articleText, used);
  }
  for (const lesson of bundle.lessons) {
    const passages = new Set(lesson.passageIds);
    const siblings = bundle.lessons.filter((l) => l.articleId === lesson.articleId);
    const article = bundle.articles.find((a) => a.id === lesson.articleId)?.title ?? "the article";
    // A stem per lesson (the bank keeps one item per stem), named by its article, not by a lesson
    // title such as "… (part 3 of 3)".
    const from =
      siblings.length > 1 ? `part ${siblings.indexOf(lesson) + 1} of “${article}”` : `“${article}”`;
    addKeyFactMatching(
      host,
      from,
      claims.filter((c) => passages.has(c.sentence.passageId)),
      cited,
    );
  }
}

/**
 * One matching item per lesson: three or four of its key terms against the sentences they complete,
 * the lesson's uncited claims first. No term may stand in another's sentence, so each pairs one way.
 */
function addKeyFactMatching(
  host: ClaimHost,
  title: string,
  claims: readonly ClaimSentence[],
  cited: (s: Sentence) => boolean,
): void {
  const withTerm = claims.filter(
    // A sentence that needs its context shown cannot stand in a list of sentences.
    (c): c is ClaimSentence & { term: KeyTerm } =>
      c.term !== null && c.context === null && c.text.split(/\s+/).length <= 28,
  );
  const ordered = [
    ...host.pick(
      withTerm.filter((c) => !cited(c.sentence)),
      withTerm.length,
    ),
    ...host.pick(
      withTerm.filter((c) => cited(c.sentence)),
      withTerm.length,
    ),
  ];
  const chosen: (ClaimSentence & { term: KeyTerm })[] = [];
  const courseText = ` ${normalizeAnswer(host.bundle.articles.map((a) => a.normalizedText).join(" "))} `;
  // The word before a blank ("AI _____") takes several of the terms when two blanks share it.
  const before = (c: ClaimSentence & { term: KeyTerm }) =>
    /(\S+)\s*$/.exec(c.text.slice(0, c.term.index))?.[1]?.toLowerCase() ?? "";
  for (const c of ordered) {
    if (chosen.length >= 4) break;
    // A term that the source also writes after the word before another blank ("AI models" beside
    // "AI _____" for "technologies") would fit that blank too: the pairs must go one way.
    const fitsBlankOf = (a: ClaimSentence & { term: KeyTerm }, b: ClaimSentence & { term: KeyTerm }) =>
      courseText.includes(` ${normalizeAnswer(`${before(b)} ${a.term.text}`)} `);
    const clash = chosen.some(
      (x) =>
        before(x) === before(c) ||
        fitsBlankOf(x, c) ||
        fitsBlankOf(c, x) ||
        normalizeAnswer(x.term.text) === normalizeAnswer(c.term.text) ||
        x.text.toLowerCase().includes(c.term.text.toLowerCase()) ||
        c.text.toLowerCase().includes(x.term.text.toLowerCase()),
    );
    if (!clash) chosen.push(c);
  }
  if (chosen.length < 3) return;
  const refs = chosen.map((c) => host.ref(c.span));
  if (refs.some((r) => r === undefined)) return;
  const masked = chosen.map(
    (c) => `${c.text.slice(0, c.term.index)}_____${c.text.slice(c.term.index + c.term.text.length)}`,
  );
  const left = chosen.map((c) => ({
    id: `l-${normalizeAnswer(c.term.text).replace(/ /g, "-")}`,
    text: c.term.text,
  }));
  const right = masked.map((text, i) => ({ id: `r-${i}-${chosen[i]?.sentence.id ?? ""}`, text }));
  host.addClaimDraft({
    type: "matching",
    stem: `Match each term with the sentence it belongs in, from ${title}.`,
    left,
    right: host.pick(right, right.length),
    key: Object.fromEntries(left.map((l, i) => [l.id, right[i]?.id ?? ""])),
    sourceRefs: refs as SourceRef[],
    conceptIds: host.conceptsIn(chosen.map((c) => c.text)),
    generator: "keyfact.matching",
    origin: `keyfacts:${chosen.map((c) => c.sentence.id).join(",")}`,
  });
}

function addKeyFact(host: ClaimHost, claim: ClaimSentence, terms: readonly string[]): void {
  const { sentence, text, term } = claim;
  if (!term) return;
  const ref = host.ref(claim.span);
  if (!ref) return;
  const masked = `${text.slice(0, term.index)}_____${text.slice(term.index + term.text.length)}`;
  const conceptIds = host.conceptsIn([text]);
  const origin = `keyfact:${sentence.id}`;
  // A claim that points back is shown after the sentence it points to.
  const lead = claim.context ? `The article says: “${claim.context}” ` : "";
  host.addClaimDraft({
    type: "cloze",
    stem: claim.context
      ? `${lead}Complete the sentence that follows it: “${masked}”`
      : `Complete the sentence from the source: “${masked}”`,
    key: { accepted: [term.text] },
    sourceRefs: [ref],
    conceptIds,
    generator: "keyfact.cloze",
    origin,
  });
  // Options only where the blank is a whole noun phrase ("of _____"): after a modifier ("open
  // _____") another term often fits as well ("open collaboration" for "open innovation").
  if (!slotOpener(text, term.text)) return;
  // Options of the same form as the key: the article's other key terms, plural with plural, pairs
  // with pairs, none that the sentence already says.
  const lower = text.toLowerCase();
  const pool = terms.filter(
    (t) =>
      t !== term.text &&
      isInitialism(t) === isInitialism(term.text) &&
      isPluralForm(t) === isPluralForm(term.text) &&
      t.includes(" ") === term.text.includes(" ") &&
      !lower.includes(t.toLowerCase()),
  );
  const stem = claim.context
    ? `${lead}Which term completes the statement that follows it: “${masked}”?`
    : `Which term completes the statement from the source: “${masked}”?`;
  host.addChoice(stem, term.text, pool, {
    sourceRefs: [ref],
    conceptIds,
    generator: "keyfact.choice",
    origin,
  });
}

/** Words before an open noun slot: any noun of the same number reads there ("of _____", "the _____"). */
const SLOT_OPENER = new Set("the a an of in with for by to into from on at".split(" "));

/**
 * The word that opens the noun slot a term stands in (an article, a preposition), or null. Not "is":
 * a term swapped in after it reads as a definition gone wrong ("Hepatitis is operating status").
 */
function slotOpener(text: string, term: string): string | null {
  const at = new RegExp(`(^|[^\\p{L}])(\\p{L}+)\\s+${escapeRegExp(term)}(?=$|[^\\p{L}])`, "u").exec(text);
  const word = at?.[2]?.toLowerCase();
  return word !== undefined && SLOT_OPENER.has(word) ? word : null;
}

/**
 * A false version of a claim with its key term swapped for another key term of the article, where
 * the term fills an open noun slot ("the opposite of inflation is recession"), never inside a
 * compound ("the late 19th thread"). Null when there is none.
 */
export function swapKeyTerm(
  core: string,
  term: string,
  terms: readonly string[],
  articleText: string,
): string | null {
  const opener = slotOpener(core, term);
  if (!opener) return null;
  const lower = core.toLowerCase();
  for (const swap of terms) {
    if (
      swap === term ||
      isInitialism(swap) !== isInitialism(term) ||
      isPluralForm(swap) !== isPluralForm(term) ||
      lower.includes(swap.toLowerCase())
    )
      continue;
    if (contentWords(swap).some((w) => contentWords(term).includes(w))) continue;
    // "an economy" takes no "rate": "a" and "an" go with the sound of the word after them.
    if ((opener === "a" || opener === "an") && (opener === "an") !== /^[aeiou]/i.test(swap)) continue;
    const swapped = core.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(term)}(?![\\p{L}])`, "u"), swap);
    if (swapped !== core && !articleText.includes(` ${normalizeAnswer(swapped)} `)) return swapped;
  }
  return null;
}

/**
 * A true/false item on a claim's key fact: the claim trimmed to its core, or its key term swapped
 * for another of the article's, with even odds. A long claim that trimming leaves whole is asked
 * only as its false version: a whole sentence copied tests recognition, not understanding.
 */
function addKeyStatement(
  host: ClaimHost,
  claim: ClaimSentence,
  terms: readonly string[],
  articleText: string,
): void {
  const { sentence, text, term } = claim;
  if (!term || claim.context) return;
  const core = mainClause(host.bundle, trimToClaim(text), term.text);
  if (!core || core.split(/\s+/).length > 26) return;
  const ref = host.ref(claim.span);
  const swapped = swapKeyTerm(core, term.text, terms, articleText);
  if (!ref || !swapped) return;
  const isTrue = host.truthFor(`keyfact:${core}`);
  host.addClaimDraft({
    type: "true_false",
    stem: isTrue ? core : swapped,
    key: isTrue,
    ...(isTrue ? {} : { correction: core }),
    sourceRefs: [ref],
    conceptIds: host.conceptsIn([core]),
    generator: isTrue ? "keyfact.true" : "keyfact.swapped",
    origin: `keyfact:${sentence.id}`,
  });
}

/**
 * A false version of a claim: its direction flipped ("rose" for "fell"), a sensible sentence that is
 * plainly wrong. (A swapped key term too often reads as nonsense: "the late 19th thread".)
 */
function falseVersions(claim: ClaimSentence, articleText: string): string[] {
  const core = trimToClaim(claim.text);
  const flipped = flipDirection(core);
  // Never a "false" version the article states after all. (A swapped term, sound in a true/false
  // item that shows one sentence, reads as odd beside three real claims: "a team driven by models".)
  return [flipped].filter(
    (v): v is string => v !== null && v !== core && !articleText.includes(` ${normalizeAnswer(v)} `),
  );
}

/** Where a sentence joins a second clause to its first: "…, because …", "…; …", "…, and …". */
const CLAUSE_JOIN =
  /,?\s+(?:because|while|whereas|although|though|since|so that)\s+|;\s+|,\s+(?:and|but|so|yet)\s+/g;

/**
 * A claim's first clause: up to the first conjunction that joins another clause on. ", and" ends a
 * list as often as it joins a clause ("silicon, aluminum, oxygen, and iron"): it joins one only
 * where four words or more follow it before the next comma or the end.
 */
function firstClause(claim: string): string {
  for (const m of claim.matchAll(CLAUSE_JOIN)) {
    const rest = claim.slice((m.index ?? 0) + m[0].length);
    const isListEnd =
      /^,/.test(m[0]) &&
      /\b(?:and|but|so|yet)\s+$/.test(m[0]) &&
      (rest.split(/[,;]/)[0] ?? "").trim().split(/\s+/).length < 4;
    if (!isListEnd) return claim.slice(0, m.index);
  }
  return claim;
}

/**
 * A claim short enough to state as true on its own: the claim itself when it is at most 12 words or
 * trimming changed it, else its first clause when that holds the term and reads as a statement
 * ("Rolling was an important part of the puddling process." of "… because the grooved rollers …").
 * Null when neither does: a long sentence copied whole tests recognition, not understanding.
 */
export function mainClause(bundle: CourseBundle, claim: string, term: string): string | null {
  const words = claim.split(/\s+/).length;
  const isShort = words <= 12;
  const first = firstClause(claim).replace(/[\s,;:.]+$/, "");
  if (first && first.length < claim.length - 2 && first.includes(term)) {
    const clause = `${first}.`;
    const length = clause.split(/\s+/).length;
    if (length >= 6 && textFlags(bundle, clause, true).length === 0) return clause;
  }
  return isShort && claim.includes(term) ? claim : null;
}

/** The stems of the "which does the article state" form: an article's claims take them in turn, one each. */
const STATED_STEMS: ((title: string) => string)[] = [
  (t) => `Which of these does the article “${t}” state?`,
  (t) => `According to the article “${t}”, which of these is true?`,
  (t) => `Which of these statements agrees with the article “${t}”?`,
  (t) => `Which of these claims does the article “${t}” make?`,
];

function addStatedChoice(
  host: ClaimHost,
  claim: ClaimSentence,
  group: readonly ClaimSentence[],
  articleText: string,
  used: Set<string>,
): void {
  if (claim.context) return;
  const key = trimToClaim(claim.text);
  if (key.split(/\s+/).length > 22) return;
  const ref = host.ref(claim.span);
  if (!ref) return;
  // Wrong options from the article's other claims, near its own length, so length tells nothing.
  const others = group.filter(
    (c) =>
      c !== claim &&
      c.context === null &&
      c.sentence.passageId !== claim.sentence.passageId &&
      Math.abs(c.text.length - claim.text.length) < claim.text.length * 0.6,
  );
  const pool = distinct(others.flatMap((c) => falseVersions(c, articleText))).filter(
    (v) => v.split(/\s+/).length <= 24 && !isNearCopy(v, key),
  );
  if (pool.length < 2) return;
  const title = host.bundle.articles.find((a) => a.id === claim.sentence.articleId)?.title ?? "the article";
  const stem = STATED_STEMS[used.size]?.(title);
  if (!stem) return;
  used.add(stem);
  host.addChoice(stem, key, pool, {
    sourceRefs: [ref],
    conceptIds: host.conceptsIn([key]),
    generator: "keyfact.stated",
    origin: `stated:${claim.sentence.id}`,
    explanation: `The article states: ${key}`,
  });
}
