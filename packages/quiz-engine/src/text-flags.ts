import {
  type CourseBundle,
  lexicon,
  normalizeText,
  type Sentence,
  type Stance,
  segmentArticle,
} from "./course.ts";
import { normalizeAnswer, STOPWORDS, standsInNumber } from "./text.ts";

/**
 * Checks of the texts the generator writes (stems, options, trimmed statements), which are not
 * bundle sentences: content reads the article's sentences (fitness, flags, stance) and the quiz
 * engine takes those as they are (`sentencesAt`); what it composes from them it checks here, with
 * content's dictionary.
 */

export type FitnessFlag =
  | "garbled"
  | "misspelt"
  | "odd_casing"
  | "repetition"
  | "heading"
  | "fragment"
  | "question"
  | "truncated"
  | "citation"
  | "unresolved_reference"
  | "too_long";

export interface TextFlag {
  flag: FitnessFlag;
  reason: string;
}

/** Words that only point back to something said before: a statement starting with one cannot stand alone. */
// "Such as" introduces examples and an existential "there is" points nowhere: neither needs an
// earlier sentence.
const POINTING =
  /^(?:it|its|it's|this|that|these|those|they|their|them|he|she|his|her|such(?!\s+as\b)|there(?!\s+(?:is|are|was|were|will|has|have|had|may|might|seems?)\b)|here|the\s+(?:result|outcome|reason|answer|effect|same|latter|former)\b)\b/i;
/** An opening subordinate clause: "As the magma rises, …", "When prices fall, …". */
const SUBORDINATE_OPENER =
  /^(?:as|when|whenever|while|because|if|since|after|before|once|until|although|though)\s/i;
/** A noun phrase with its determiner, which a pronoun after the clause can refer to. */
const NAMES_A_THING = /\b(?:the|a|an)\s+\p{L}{3,}/iu;
/** What may stand before a statement's subject: brackets, quotes, a discourse opener. */
const LEAD_IN =
  /^(?:[("“'‘\s]+)?(?:(?:basically|however|moreover|also|and|but|so|yet|still|indeed|in fact|in short|of course|after all)\s*,?\s+)*/i;

/** Words a clause does not end on: a phrase ending in one was cut off. */
const DANGLING = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "but",
  "of",
  "to",
  "in",
  "on",
  "for",
  "with",
  "by",
  "at",
  "from",
  "that",
  "which",
  "who",
  "whose",
  "also",
  "as",
  "than",
  "is",
  "are",
  "was",
  "were",
  "be",
  "its",
  "their",
  "his",
  "her",
  "our",
  "my",
  "your",
  "this",
  "these",
  "those",
  "very",
  "so",
  "not",
  "potentially",
  "because",
  "if",
  "when",
  "while",
  "where",
]);
/** A finite verb or auxiliary: a statement without one is a heading or a fragment. */
const VERBISH =
  /\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could|shall|should|may|might|must|took|made|got|became|began|came|went|gave|found|knew|led|left|built|brought|thought|saw|said|ran|grew|fell|rose|won|lost|held|kept|sold|paid|met|sent|spent|meant|felt|stood|told|wrote|drew|drove|know|need|show|make|take|give|use|[a-z]{2,}(?:ed|es|s))\b|n['’]t\b/i;

/** An auxiliary, a modal or a form of be, have or do: a clause's finite verb for certain. */
const FINITE_AUXILIARY =
  /\b(?:is|are|was|were|am|has|have|had|do|does|did|will|would|can|could|shall|should|may|might|must)\b|n['’]t\b/i;
/** A participle right after a comma: "…, superimposed upon …", "…, showing its provinces". */
const PARTICIPLE_AFTER_COMMA = /,\s+(?:\p{Ll}+ly\s+)?\p{Ll}{3,}(?:ed|ing|en|wn)\b/u;
const taggedCache = new Map<string, readonly { text: string; pos: string }[]>();

/**
 * A short text's words with their parts of speech, as the content package tags an article's.
 *
 * @example
 * taggedWords("The curves intersect.").map((t) => t.pos) // ["DET", "NOUN", "VERB", "PUNCT"]
 */
export function taggedWords(text: string): readonly { text: string; pos: string }[] {
  const cached = taggedCache.get(text);
  if (cached) return cached;
  const tokens = segmentArticle("text", normalizeText(text)).tokens;
  if (taggedCache.size >= 2000) taggedCache.clear();
  taggedCache.set(text, tokens);
  return tokens;
}

/**
 * Whether a phrase opens as a clause, a subject and its finite verb ("Calvin cycle begins by …",
 * "It doesn't orbit …"), rather than a noun phrase ("an energy carrier in plants", "organelles
 * specialized for photosynthesis", "a process during which energy is harvested"): the first verb
 * comes before any preposition or relative word, after a subject, and is no participle.
 *
 * @example
 * opensAsClause("Calvin cycle begins by incorporating CO2") // true
 * opensAsClause("organelles specialized for photosynthesis") // false
 */
export function opensAsClause(text: string): boolean {
  const tokens = taggedWords(text);
  const verb = tokens.findIndex((t) => t.pos === "VERB" || t.pos === "AUX");
  const token = tokens[verb];
  if (!token || verb === 0) return false;
  const before = tokens.slice(0, verb);
  if (
    before.some(
      (t) =>
        ["ADP", "SCONJ", "PUNCT", "CCONJ"].includes(t.pos) ||
        /^(?:which|that|who|whom|whose|where|when)$/i.test(t.text),
    )
  )
    return false;
  if (!before.some((t) => ["NOUN", "PROPN", "PRON"].includes(t.pos))) return false;
  // A pronoun after a noun opens a relative clause inside the phrase: "the sounds we hear" (where
  // the tagger reads "sounds" as the verb, the pronoun and its verb follow it).
  const after = tokens.slice(verb + 1, verb + 3);
  if (before.slice(1).some((t) => t.pos === "PRON")) return false;
  if (after[0]?.pos === "PRON" && ["VERB", "AUX"].includes(after[1]?.pos ?? "")) return false;
  return token.pos === "AUX" || !/(?:ing|ed|en|wn)$/i.test(token.text);
}

/**
 * Whether a statement is a caption: a noun phrase and a participle after a comma ("European colonial
 * empires at the start of the Industrial Revolution, superimposed upon modern political boundaries."),
 * with no finite verb. Only a text of that shape is tagged (wink-nlp, through the content package):
 * a verb counts where it is not a participle, not after "to" and not opening the text ("Map of …").
 */
export function isCaption(text: string): boolean {
  if (FINITE_AUXILIARY.test(text) || !PARTICIPLE_AFTER_COMMA.test(text)) return false;
  const tokens = taggedWords(text);
  return !tokens.some((t, i) => {
    const before = tokens[i - 1]?.text ?? "";
    if (t.pos === "AUX") return true;
    if (t.pos !== "VERB" || i === 0 || /ing$/i.test(t.text) || /^(?:to|,)$/i.test(before)) return false;
    // A participle needs a subject before it to be a finite past: "The economy collapsed".
    return (
      !/(?:ed|en|wn)$/i.test(t.text) ||
      tokens.slice(0, i).some((b) => ["NOUN", "PROPN", "PRON"].includes(b.pos))
    );
  });
}

const cache = new WeakMap<CourseBundle, CourseWords>();

interface CourseWords {
  /** How often each exact-case word occurs in the course's normalised text. */
  counts: Map<string, number>;
  /** Lower-cased names the analysis found (mentions, concepts): their casing is theirs to keep. */
  names: Set<string>;
  /** Lower-cased words of every mention, even a single one: a camel-cased one may be a real name. */
  mentioned: Set<string>;
  /** Lower-cased words of people's full names ("Richard Trevithick"). */
  personNames: Set<string>;
  /** Lower-cased words of names the analysis found twice or more ("Eling", the mill's village). */
  repeatedNames: Set<string>;
  /** Per lower-cased word, its most frequent camel-case spelling ("OpenAI", "DeepSeek"), if any. */
  innerCapitals: Map<string, { spelling: string; count: number }>;
}

function courseWords(bundle: CourseBundle): CourseWords {
  const cached = cache.get(bundle);
  if (cached) return cached;
  const counts = new Map<string, number>();
  for (const a of bundle.articles) {
    for (const token of a.normalizedText.match(/[\p{L}][\p{L}'’-]*/gu) ?? []) {
      const w = token.replace(/['’]s?$/u, "");
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  // A name the analysis found once may be a misreading ("WideSpream" as an organisation); twice is a name.
  const seen = new Map<string, number>();
  for (const m of bundle.mentions)
    seen.set(m.normalized.toLowerCase(), (seen.get(m.normalized.toLowerCase()) ?? 0) + 1);
  const repeatedNames = new Set<string>();
  for (const m of bundle.mentions)
    if ((seen.get(m.normalized.toLowerCase()) ?? 0) >= 2)
      for (const w of m.text.split(/\s+/)) repeatedNames.add(w.toLowerCase());
  const names = new Set(repeatedNames);
  const personNames = new Set<string>();
  for (const m of bundle.mentions)
    if (m.kind === "person" && /^\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+$/u.test(m.text.trim()))
      for (const w of m.text.trim().split(/\s+/)) personNames.add(w.toLowerCase());
  for (const c of bundle.concepts)
    for (const n of [c.name, ...c.aliases]) for (const w of n.split(/\s+/)) names.add(w.toLowerCase());
  const mentioned = new Set(bundle.mentions.flatMap((m) => m.text.split(/\s+/).map((w) => w.toLowerCase())));
  // "Richard Trevithick": a person's full name, every word capitalised, is a name even when the text
  // gives it once; a lone unknown word ("Explration") is not.
  for (const w of personNames) names.add(w);
  const innerCapitals = new Map<string, { spelling: string; count: number }>();
  for (const [w, n] of counts) {
    // Camel case only ("OpenAI", "DeepSeek"): "NVIDIA" beside "Nvidia" is a house style.
    if (!/\p{Lu}/u.test(w.slice(1)) || !/\p{Ll}/u.test(w) || /[-’']/.test(w)) continue;
    const best = innerCapitals.get(w.toLowerCase());
    if (!best || n > best.count) innerCapitals.set(w.toLowerCase(), { spelling: w, count: n });
  }
  const words = { counts, names, mentioned, personNames, repeatedNames, innerCapitals };
  cache.set(bundle, words);
  return words;
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\d][\p{L}\d'’-]*/gu) ?? [];
}

/**
 * Flags of a piece of text as a reader meets it: glued or garbled words, casing no editor would
 * leave, doubled words, headings, fragments, questions, cut-off ends. `asStatement` also asks that it
 * stand alone as a statement (ends like one, starts without pointing back).
 */
export function textFlags(bundle: CourseBundle, text: string, asStatement: boolean): TextFlag[] {
  const { counts, names, mentioned, personNames, repeatedNames, innerCapitals } = courseWords(bundle);
  const { isWord: inDictionary } = lexicon();
  // Hunspell's lists miss some plurals ("integrations"): a plural of a word is a word.
  const isWord = (w: string) => inDictionary(w) || (/[^s]s$/.test(w) && inDictionary(w.slice(0, -1)));
  const flags: TextFlag[] = [];
  const add = (flag: FitnessFlag, reason: string) => {
    if (!flags.some((f) => f.flag === flag)) flags.push({ flag, reason });
  };
  const clean = text.replace(/\s+/g, " ").trim();
  const words = wordsOf(clean);
  for (const token of words) {
    // "OpenAI's" is "OpenAI": the possessive says nothing about the spelling.
    const w = token.replace(/['’]s?$/u, "");
    const recurs = (counts.get(w) ?? 0) >= 3 || names.has(w.toLowerCase());
    // "WideSpream", "TheReface": a capitalised word glued after lower-case letters, in a spelling the
    // course does not repeat, is two words run together ("OpenAI", with a capital tail, is a name).
    if (/\p{Ll}{2}\p{Lu}\p{Ll}{2}/u.test(w) && !recurs && !mentioned.has(w.toLowerCase()))
      add("garbled", `“${w}” looks like words run together`);
    if (/\p{Ll}\p{Lu}/u.test(w) && !recurs) {
      const parts = w
        .split(/(?<=\p{Ll})(?=\p{Lu})/u)
        .filter((p) => p.length >= 3 && /^\p{Lu}?\p{Ll}+$/u.test(p));
      const unknown = parts.find((p) => !isWord(p));
      if (unknown) add("misspelt", `“${w}” has “${unknown}”, which is not an English word`);
    }
    // "TheReface": a function word glued to a capitalised word is two words run together, however
    // often the analysis took it for a name.
    if (/^(?:The|This|That|These|And|But|With|From|Of)\p{Lu}\p{Ll}/u.test(w))
      add("garbled", `“${w}” opens with a function word run into the next`);
    if (/(\p{L})\1\1/u.test(w)) add("garbled", `“${w}” repeats a letter three times`);
    // "MPTION", "JEVONS": a long all-capitals word that is no recurring acronym.
    if (/^\p{Lu}{5,}$/u.test(w) && !recurs) add("garbled", `“${w}” is in capitals but is no acronym`);
    if (/^[b-df-hj-np-tv-z]{5,}$/i.test(w)) add("garbled", `“${w}” has no vowel`);
    // "ITS", "AND": an everyday word in capitals, where the course does not name anything so. Two
    // letters are too often an abbreviation ("US", "IT") to tell.
    if (
      /^\p{Lu}{3,4}$/u.test(w) &&
      !mentioned.has(w.toLowerCase()) &&
      lexicon().frequencyPerMillion(w.toLowerCase()) > 100
    )
      add("odd_casing", `“${w}” is an everyday word written in capitals`);
    // "Openai", "Deepseek": a name the course also spells with a capital inside ("OpenAI"), cased
    // like an ordinary word: a misreading, however often the course repeats it.
    for (const part of w.split(/[-’']/)) {
      const capitalised = innerCapitals.get(part.toLowerCase());
      if (/^\p{Lu}\p{Ll}+$/u.test(part) && capitalised && capitalised.spelling !== part && !isWord(part))
        add("odd_casing", `“${part}” is spelt “${capitalised.spelling}” elsewhere in the course`);
    }
    // A word the dictionary does not know, that the course does not repeat and that names nothing.
    if (
      /^\p{L}[\p{Ll}'’]+$/u.test(w) &&
      w.length >= 3 &&
      (counts.get(w) ?? 0) < 2 &&
      !names.has(w.toLowerCase()) &&
      !isWord(w.replace(/’/g, "'"))
    )
      add("misspelt", `“${w}” is not an English word`);
    // "Explration": one letter from a word ("exploration") and rare in the course is a misspelling,
    // even where the analysis once took it for a name; "Hubble", said throughout, and "Eling", a name
    // the analysis finds each time the text gives it, are names.
    else if (
      /^\p{L}\p{Ll}+$/u.test(w) &&
      w.length >= 5 &&
      (counts.get(w) ?? 0) < 3 &&
      !personNames.has(w.toLowerCase()) &&
      !repeatedNames.has(w.toLowerCase()) &&
      !isWord(w.replace(/’/g, "'")) &&
      lexicon()
        .nearWords(w)
        .some((near) => near.length >= 5 && lexicon().frequencyPerMillion(near) > 0.5)
    )
      add(
        "misspelt",
        `“${w}” is one letter from “${lexicon().nearWords(w)[0]}”, and the course rarely spells it so`,
      );
  }
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1]?.toLowerCase();
    if (a && a === words[i]?.toLowerCase() && !/^\d/.test(a)) add("repetition", `“${a} ${a}” repeats a word`);
  }
  // Title Case inside a sentence ("The Open-Source Culture Is Not Deeply Rooted"): capitalised
  // ordinary words (not names, not after a sentence start) make up much of the text.
  const inner = words.slice(1).filter((w) => /^\p{L}/u.test(w));
  const oddCaps = inner.filter(
    (w, i) =>
      /^\p{Lu}\p{Ll}/u.test(w) &&
      (STOPWORDS.has(w.toLowerCase()) ||
        (!names.has(w.toLowerCase()) && !mentioned.has(w.toLowerCase()) && (counts.get(w) ?? 0) < 3)) &&
      !/[.:!?]["”’]?\s*$/.test(clean.slice(0, clean.indexOf(w, i))),
  );
  // One run of capitalised words is a title or a name ("published The Coal Question in 1865"):
  // garbled casing is spread through the line.
  let run = 0;
  let longest = 0;
  for (const w of inner) {
    run = /^\p{Lu}/u.test(w) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const titleRun = longest >= 2 && longest <= 5 ? longest : 0;
  // One capitalised word is a name the analysis missed ("coal use rose across Britain"), not a
  // heading: it takes two.
  const odd = oddCaps.length - titleRun;
  if (inner.length >= 4 && odd >= 2 && odd / inner.length >= 0.25)
    add("odd_casing", "many ordinary words are capitalised, as in a heading or a garbled line");
  // "Inflation This article is about …": a capitalised function word inside a sentence, before a
  // lower-case word, is a heading run into the text after it.
  const runIn = /[\p{L}\d,]\s+(The|This|These|Those|That|It|Its|In|Of|And|But|For|With|From)\s+\p{Ll}/u.exec(
    clean,
  );
  // "many teams explore different directions, and eventual Y, one team …": a lone capital letter
  // after a lower-case word, before punctuation, is a word's letter split off.
  // ("X" is not among them: it stands for a blank.)
  const lone = /\p{Ll}{2,}\s+([B-HJ-WYZ])[,;.](?!\p{Lu}\.)/u.exec(clean);
  if (lone) add("garbled", `“${lone[1]}” stands alone, split off a word`);
  // "China possesses A vast AI foundation": the article capitalised inside a sentence.
  const article = /[\p{Ll},;]\s+(A)\s+\p{Ll}/u.exec(clean);
  if (article) add("odd_casing", "“A” is capitalised inside a sentence");
  if (runIn)
    add(
      "odd_casing",
      `“${runIn[1]}” is capitalised inside a sentence, as where a heading runs into the text`,
    );
  if (/^\s*(?:\[\d+\]|\d+(?:\.\d+)*\s+\p{Lu})/u.test(clean))
    add("citation", "starts with a number or citation marker");
  if (asStatement) {
    if (/\?["”’)]*$/.test(clean)) add("question", "is a question, not a statement");
    if (!/[.!?]["”’)]*$/.test(clean) || /:\s*[\p{Lu}]/u.test(clean.split(/\s+/).slice(0, 8).join(" ")))
      if (words.length <= 12) add("heading", "reads as a heading (short, no closing full stop)");
    const spaced = clean.split(/\s+/).length;
    if (spaced < 6 || (spaced < 10 && !VERBISH.test(clean)) || isCaption(clean))
      add("fragment", "has no finite verb or is too short to state a fact");
    // "(Basically, it means …": brackets, quotes and a discourse opener do not resolve a pronoun.
    // A short adverbial before the first comma ("At that time, its value …") resolves nothing either.
    const led = clean.replace(LEAD_IN, "");
    const opener = /^((?:[\p{L}\d'’-]+\s+){0,3}[\p{L}\d'’-]+),\s+/u.exec(led);
    const opening = opener ? led.slice(opener[0].length) : led;
    // "As they rise, gas …": a pronoun in the opening clause points back as much as one opening the
    // main clause. "As the magma rises, it can …": the opening clause names what "it" is.
    const subordinate = opener && SUBORDINATE_OPENER.test(opener[1] ?? "");
    if (subordinate && /\b(?:it|its|they|them|their|this|these|those|he|she)\b/i.test(opener[1] ?? ""))
      add("unresolved_reference", `“${opener[1]}” points back to an earlier sentence`);
    else if (POINTING.test(opening) && !(subordinate && NAMES_A_THING.test(opener?.[1] ?? "")))
      add(
        "unresolved_reference",
        `starts with “${opening.split(/\s+/)[0]}”, which points back to an earlier sentence`,
      );
    // "Rolling was 15 times faster at this than a trip hammer": "this" standing for a thing named
    // in an earlier sentence, with no noun after it.
    const standIn =
      /\b(?:at|of|to|by|for|from|with|than)\s+(this|that|these|those)\s*(?:than\b|[.,;!?]|$)/i.exec(clean);
    if (standIn)
      add("unresolved_reference", `“${standIn[1]}” stands for something an earlier sentence names`);
    // "… reaches the reaction center as shown in figure 1-1": a figure, table or chart the student
    // does not see with the question.
    const figure = /\b(?:figures?|fig\.|tables?|charts?|diagrams?|graphs?)\s+\d/i.exec(clean);
    if (figure) add("unresolved_reference", `refers to “${figure[0]}”, which the question does not show`);
    if (words.length > 45) add("too_long", "is too long to read as one fact");
  }
  const last = words[words.length - 1]?.toLowerCase() ?? "";
  if (DANGLING.has(last) && !/[.!?]["”’)]*$/.test(clean))
    add("truncated", `ends on “${last}”, as if cut off`);
  return flags;
}

/**
 * Words of a text that neither the dictionary nor the course's names know ("Openai", "Deepsquek"),
 * however often the course repeats them: a repeated misreading is still a misreading to a student.
 * Acronyms and words with digits are left alone.
 */
export function unknownWords(bundle: CourseBundle, text: string): string[] {
  const { names, mentioned } = courseWords(bundle);
  const { isWord } = lexicon();
  return wordsOf(text)
    .map((t) => t.replace(/['’]s?$/u, ""))
    .filter(
      (w) =>
        w.length >= 3 &&
        /^\p{L}+$/u.test(w) &&
        !/^\p{Lu}{2,}s?$/u.test(w) &&
        !names.has(w.toLowerCase()) &&
        !mentioned.has(w.toLowerCase()) &&
        !isWord(w) &&
        !(/[^s]s$/.test(w) && isWord(w.slice(0, -1))),
    );
}

/** Whether a phrase ends on a word a clause does not end on ("… most-read stories of"): cut off. */
export function endsCutOff(text: string): boolean {
  return DANGLING.has(wordsOf(text).pop()?.toLowerCase() ?? "");
}

/** Whether a short piece of text (an option, a gloss) reads cleanly: not garbled, not cut off. */
export function isCleanPhrase(bundle: CourseBundle, text: string): boolean {
  return textFlags(bundle, text, false).length === 0 && !endsCutOff(text);
}

/**
 * The names the course (or one article) is about, normalised: a name or concept that appears in the
 * course title or in at least half the article titles. A blank on one of them tests nothing: every
 * student of the course knows it.  *
 * @example
 * courseSubjects(bundle) // ["deepseek"]
 */
export function courseSubjects(bundle: CourseBundle): string[] {
  const titles = [bundle.course.title, ...bundle.articles.map((a) => a.title)];
  const names = new Set<string>();
  for (const m of bundle.mentions)
    if (["person", "organization", "product", "place"].includes(m.kind))
      names.add(normalizeAnswer(m.normalized));
  for (const c of bundle.concepts) names.add(normalizeAnswer(c.name));
  const articleTitles = titles.slice(1);
  return [...names].filter((n) => {
    if (!n) return false;
    // In either number: "vaccine" is the subject of "How vaccines work".
    const inCourseTitle = standsInNumber(titles[0] ?? "", n);
    const share =
      articleTitles.filter((t) => standsInNumber(t, n)).length / Math.max(1, articleTitles.length);
    return inCourseTitle || (articleTitles.length >= 2 && share >= 0.5);
  });
}

/** The bundle's sentences that overlap a span of one article's raw text, in reading order. */
export function sentencesAt(
  bundle: CourseBundle,
  articleId: string,
  rawStart: number,
  rawEnd: number,
): Sentence[] {
  return bundle.sentences.filter(
    (s) => s.articleId === articleId && s.rawStart < rawEnd && s.rawEnd > rawStart,
  );
}

/** Content's reading of who holds a claim, for the sentence a span starts in (asserted when none). */
export function stanceAt(bundle: CourseBundle, articleId: string, rawStart: number, rawEnd: number): Stance {
  return (
    sentencesAt(bundle, articleId, rawStart, Math.max(rawEnd, rawStart + 1))[0]?.stance ?? {
      kind: "asserted",
      cues: [],
    }
  );
}

/** Capitalised words of the course's names ("Jevons", "AlphaGo", "Lee"): casing repair keeps them. */
const nameCache = new WeakMap<CourseBundle, Set<string>>();
function nameWordsOf(bundle: CourseBundle): Set<string> {
  let words = nameCache.get(bundle);
  if (!words) {
    words = new Set<string>();
    const named = bundle.mentions.filter((m) =>
      ["person", "organization", "product", "place"].includes(m.kind),
    );
    for (const text of [
      ...named.map((m) => m.text),
      ...bundle.concepts.flatMap((c) => [c.name, ...c.aliases]),
    ])
      for (const w of text.split(/[\s-]+/))
        if (/^\p{Lu}/u.test(w) && !STOPWORDS.has(w.toLowerCase())) words.add(w.replace(/['’]s$/u, ""));
    nameCache.set(bundle, words);
  }
  return words;
}

/**
 * A sentence's text in sentence case: capitalised or shouted ordinary words inside it ("The
 * Reduction in the Cost", "STEAM") lower-cased, names, acronyms and sentence starts kept. Only a
 * display repair: the words, and so the citation, stay the same.
 *
 * @example
 * repairCasing(bundle, "As a Result, AlphaGo Zero Surpassed the Older Version.")
 * // "As a result, AlphaGo Zero surpassed the older version."
 */
export function repairCasing(bundle: CourseBundle, text: string): string {
  const names = nameWordsOf(bundle);
  const { isWord } = lexicon();
  return text.replace(
    /(^|[^\p{L}\p{N}'’])(\p{Lu}[\p{L}]*)/gu,
    (whole, before: string, word: string, offset: number) => {
      const start = offset + before.length;
      const isSentenceStart =
        start === 0 || /[.!?:]["”’)]?\s+$|^["“(]$/u.test(text.slice(Math.max(0, start - 3), start));
      if (isSentenceStart || names.has(word) || names.has(word.replace(/s$/, ""))) return whole;
      const lower = word.toLowerCase();
      const isShouted = /^\p{Lu}{2,}$/u.test(word);
      // Short capitals are acronyms (AI, GPU, USA); long ones shouted words.
      if (isShouted && word.length <= 4) return whole;
      if (!/^\p{Lu}(?:\p{Ll}+|\p{Lu}+)$/u.test(word) || !isWord(lower)) return whole;
      return `${before}${lower}`;
    },
  );
}

/**
 * The text a generator may quote from a bundle sentence: content's fit sentences as they are, and
 * sentences content flags only for their casing, repaired, when nothing else is wrong with them.
 * Null for every other sentence: a question is never built on an unfit one.
 *
 * @example
 * usableText(bundle, sentence) // "As a result, AlphaGo Zero surpassed the older version of AlphaGo."
 */
export function usableText(bundle: CourseBundle, sentence: Sentence): string | null {
  const text = sentence.text.replace(/\s+/g, " ").trim();
  if (sentence.isFit) return text;
  if (!sentence.flags.every((f) => f.kind === "odd_casing")) return null;
  const repaired = repairCasing(bundle, text);
  return textFlags(bundle, repaired, false).length === 0 ? repaired : null;
}

const relations = new WeakMap<CourseBundle, Map<string, Set<string>>>();

/**
 * Per article, the articles it is related to (itself included): those sharing an author's concept
 * card, or a concept named in both their titles ("inflation" in "Inflation" and "Monetary
 * inflation"). A concept the analysis detected elsewhere ("production", "device") is a word two
 * articles share, not a subject: it relates nothing.
 */
export function relatedArticles(bundle: CourseBundle): Map<string, Set<string>> {
  const cached = relations.get(bundle);
  if (cached) return cached;
  const passageArticle = new Map(bundle.passages.map((p) => [p.id, p.articleId]));
  const titles = new Map(bundle.articles.map((a) => [a.id, ` ${normalizeAnswer(a.title)} `]));
  const related = new Map(bundle.articles.map((a) => [a.id, new Set([a.id])]));
  for (const c of bundle.concepts) {
    const articles = [...new Set(c.passageIds.map((id) => passageArticle.get(id) ?? ""))].filter(Boolean);
    const named = ` ${normalizeAnswer(c.name)} `;
    const linked =
      c.origin === "author" ? articles : articles.filter((id) => titles.get(id)?.includes(named) ?? false);
    for (const a of linked) for (const b of linked) related.get(a)?.add(b);
  }
  relations.set(bundle, related);
  return related;
}
