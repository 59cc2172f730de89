import {
  type CourseBundle,
  CourseBundleSchema,
  isTeachableTerm,
  lexicon,
  type Mention,
  stanceOf,
} from "./course.ts";
import { cleanPhrase, readGloss } from "./definitions.ts";
import { QuizValidationError } from "./errors.ts";
import {
  type GateName,
  gateQuestion,
  measureBankQuality,
  pickByStrategy,
  type TestWiseStrategy,
} from "./gates.ts";
import { addClaimForms, type ClaimDraft } from "./generate-claims.ts";
import { areNamesTied, namePattern } from "./name-ties.ts";
import {
  isLikeNumber,
  latestYearOf,
  type NumberReading,
  numberDistractors,
  readNumber,
  yearDistractors,
} from "./number-distractors.ts";
import {
  capitalize,
  distinct,
  dropOpener,
  escapeRegExp,
  flipDirection,
  isClause,
  isEquivalent,
  isNearCopy,
  isPartOfLongerName,
  isQuantity,
  isUsablePhrase,
  kindWord,
  maskTerm,
  nameLikeAliases,
  replaceOnce,
  shortHash,
  steadyVersion,
  trimToClaim,
} from "./phrases.ts";
import {
  answerTexts,
  createQualityContext,
  type Flaw,
  type ItemQuality,
  isOneSided,
  type QualityContext,
  scoreQuestion,
} from "./quality.ts";
import { groupStimuli, type ScoredItem, selectQuizSets } from "./quiz-set.ts";
import { createRng, hashString, type Rng, shuffleWith } from "./random.ts";
import type {
  Option,
  OptionFeedback,
  Question,
  QuestionType,
  SourceRef,
  TrueFalseQuestion,
} from "./schemas.ts";
import { allowedTypos, contentWords, editDistance, isSupportedBy, normalizeAnswer } from "./text.ts";
import {
  courseSubjects,
  endsCutOff,
  isCleanPhrase,
  relatedArticles,
  repairCasing,
  sentencesAt,
  stanceAt,
  taggedWords,
  textFlags,
  usableText,
} from "./text-flags.ts";

export { flipDirection } from "./phrases.ts";

/** Whether two short terms (three words at most, no numbers) share a content word. */
function sharesTermWord(a: string, b: string): boolean {
  const short = (t: string) => t.split(/\s+/).length <= 3 && !/\d/.test(t);
  if (!short(a) || !short(b)) return false;
  const words = new Set(contentWords(a));
  return contentWords(b).some((w) => words.has(w));
}

/**
 * Whether a text has a capitalised word made from a name ("British" for "Britain", "Chinese" for
 * "China"): it shares the name's first four letters and is not the name itself.
 */
function givesNameAway(text: string, name: string): boolean {
  if (!/^\p{Lu}\p{Ll}{4,}$/u.test(name)) return false;
  const stem = name.slice(0, 4);
  return (text.match(/\p{Lu}\p{Ll}+/gu) ?? []).some((w) => w !== name && w.startsWith(stem));
}

/**
 * The names a typed answer could be taken for instead of its key: those within twice the key's typo
 * budget of it (with a margin), and short ones that may be initials. A grade compares a response with
 * the rejected names only when the response is within that budget of the key, so no other name can
 * decide a grade, and each one would cost every grading a comparison.
 */
function typoRivals(accepted: readonly string[], names: readonly string[]): string[] {
  const keys = accepted.map((a) => normalizeAnswer(a)).filter((k) => k !== "");
  return distinct(names).filter((n) => {
    const text = normalizeAnswer(n);
    return (
      text.replace(/ /g, "").length <= 5 ||
      keys.some((k) => editDistance(text, k) <= 2 * allowedTypos(k.replace(/ /g, "").length) + 2)
    );
  });
}

/**
 * Names as options, none a part of another: "Liang" beside "Liang Wenfeng" is one person twice.
 * The first of two such names stays.
 */
function withoutNestedNames(names: readonly string[]): string[] {
  const kept: string[] = [];
  for (const name of distinct(names)) {
    const key = ` ${normalizeAnswer(name)} `;
    if (!kept.some((k) => key.includes(` ${normalizeAnswer(k)} `) || ` ${normalizeAnswer(k)} `.includes(key)))
      kept.push(name);
  }
  return kept;
}

/**
 * Whether a sentence is a guess, an opinion or a claim the author argues against: "Probably,
 * DeepSeek hides the illegal _____ chips", "I think R1 was real". Completing or dating one teaches
 * it as a fact, whatever the blank. A guess that runs on from someone's report ("they thought ….
 * Probably, …") is marked reported, and is still a guess on its own words.
 */
function isDoubted(sentence: CourseBundle["sentences"][number]): boolean {
  const kind = sentence.stance.kind;
  return (
    kind === "hedged" ||
    kind === "rejected" ||
    (kind === "reported" && stanceOf(sentence.text).kind === "hedged")
  );
}

/** A reported sentence that names its own holder and cue ("The study … found that …"). */
function isSelfAttributed(sentence: CourseBundle["sentences"][number]): boolean {
  const text = sentence.text.toLowerCase();
  return (
    sentence.stance.kind === "reported" &&
    sentence.stance.cues.length > 0 &&
    sentence.stance.cues.every((c) => text.includes(c.toLowerCase())) &&
    /\b(?:study|studies|research|researchers|scientists|analysis|findings|survey)\b/.test(text)
  );
}

/** Lower-cases a capitalised first word that is no name or acronym ("The cost" -> "the cost"). */
function lowerFirst(text: string): string {
  return text.replace(/^\p{Lu}(?=\p{Ll}*\b)(?!\p{Ll}*\p{Lu})/u, (c) => c.toLowerCase());
}

export interface GenerateOptions {
  /** Same bundle + same seed (+ same variant) = same questions. */
  seed: number;
  /** A retry: another draw of blanks, distractors, statements and option order from the same facts. */
  variant?: number;
}

export interface DroppedCandidate {
  /** The candidate's id and stem, enough for an author to find it. */
  candidate: { id: string; type: QuestionType; generator: string; stem: string };
  gate: GateName | "bank" | "quality";
  /** For the quality gate: which flaw. */
  flaw?: Flaw;
  reason: string;
}

export interface GenerationReport {
  countsByType: Partial<Record<QuestionType, number>>;
  countsByConcept: Record<string, number>;
  dropped: DroppedCandidate[];
  /** Dropped candidates counted by gate, and for the quality gate by flaw ("quality:garbled"). */
  droppedByReason: Record<string, number>;
  /** Items kept in the bank with a score under 0.5, counted by their strongest reason. */
  lowScoredByReason: Record<string, number>;
  /** Each lesson's default quiz set, question ids in choice order. */
  quizSets: Record<string, string[]>;
}

export interface GenerationResult {
  questions: Question[];
  report: GenerationReport;
}

/** A fact with its place in the source, the unit every generator works from. */
interface Located {
  articleId: string;
  passageId: string;
  rawStart: number;
  rawEnd: number;
}

interface TermFact extends Located {
  term: string;
  definition: string;
  conceptId?: string;
  aliases: string[];
  sentenceText?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Draft = DistributiveOmit<Question, "id" | "difficulty"> & { origin: string };

/** A draft through the gates: the question and its score, or why it is dropped. */
type Verdict = { question: Question; quality: ItemQuality } | { dropped: DroppedCandidate[] };

const DIFFICULTY: Record<QuestionType, number> = {
  true_false: 0.25,
  single_choice: 0.4,
  matching: 0.45,
  multiple_choice: 0.55,
  cloze: 0.55,
  ordering: 0.55,
  short_answer: 0.65,
  numeric: 0.65,
};
const MAX_STATEMENT = 260;
/** "the _____ government": a blank after "the", before a lower-case word. */
const BLANK_BEFORE_LOWER = /\bthe\s+_____\s+\p{Ll}/u;

/**
 * Whether a name stands before a noun it modifies ("the US government", "the US high-tech giant"),
 * by the tagger's reading of the word after it: a noun or an adjective, not a verb ("the Soviet
 * Union closed").
 */
function isModifierBefore(text: string, name: string): boolean {
  const words = taggedWords(text);
  const last = name.trim().split(/\s+/).at(-1) ?? "";
  const at = words.findIndex((w) => w.text === last);
  const next = at >= 0 ? words[at + 1] : undefined;
  return next !== undefined && /^\p{Ll}/u.test(next.text) && (next.pos === "NOUN" || next.pos === "ADJ");
}
/** Mention kinds that name a thing: a maker and its product are related, not alternatives. */
const NAME_KINDS = new Set(["person", "organization", "product", "place"]);
/** A clause a result word opens ("and ultimately, coal consumption rose"), to the end of its sentence. */
const RESULT_CLAUSE =
  /[,;]\s*(?:and\s+)?(?:ultimately|eventually|in the end|as a result|consequently|therefore|thus)\s*,?\s+([^,;]+?)[.!]?$/i;
const DATE_WORDS =
  /\b(january|february|march|april|may|june|july|august|september|october|november|december|1\d{3}s?|20\d{2}s?)\b/i;

interface DatedEvent {
  /** ISO date, "0000-" for the year when the source gives none. */
  date: string;
  /** The date as written, without its preposition: "January 20". */
  label: string;
  text: string;
  /** The sentence as the source states it, date included. */
  sentence: string;
  span: Located;
}

const MONTHS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;

/**
 * Whether a whole number is part of a name: it follows a capitalised word inside the sentence, with
 * no scale or unit after it ("an Ariane 5 rocket", "Apollo 11"; not "in March 5", "Over 50%").
 */
export function isPartOfName(number: string, text: string): boolean {
  if (!/^\d{1,4}$/.test(number.trim())) return false;
  const at = new RegExp(
    `[\\p{Ll}\\d,;:]\\s+(\\p{Lu}[\\p{L}-]*)\\s+${escapeRegExp(number.trim())}(?![\\d.,]*\\s*(?:%|percent|per cent|thousand|million|billion|trillion)\\b)(?![\\d.,%])`,
    "u",
  ).exec(text);
  return at !== null && !MONTHS.test(at[1] ?? "");
}

/**
 * A bare number between an article and a singular noun names a thing ("a 999 outage", "the 911
 * line"): a count would take a plural ("a 100 workers" is no English), and a measure a unit.
 *
 * @example
 * isLabelBeforeNoun("999", "The state had a 999 outage.") // true
 * isLabelBeforeNoun("30", "It took a 30 percent cut.") // false
 */
export function isLabelBeforeNoun(number: string, text: string): boolean {
  if (!/^\d{2,4}$/.test(number.trim()) || Number(number) <= 1) return false;
  const at = new RegExp(`\\b(?:a|an|the)\\s+${escapeRegExp(number.trim())}\\s+(\\p{Ll}+)\\b`, "u").exec(text);
  const noun = at?.[1];
  if (!noun || /s$/.test(noun)) return false;
  return !/^(?:percent|per|cent|thousand|million|billion|trillion|hundred|dozen|year|month|week|day|hour|minute|second|km|kilometre|kilometer|mile|metre|meter|foot|inch|pound|kg|gram|ton|tonne|degree|dollar|euro|yuan|times|fold)$/.test(
    noun,
  );
}

/** Words that write a number out ("one million miles"). */
const NUMBER_WORD =
  "(?:\\d[\\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)";

/**
 * Whether a number is one end of a range read as two numbers: "some 13 to 15 million Americans".
 * Its blank's scale and meaning lean on the other end ("13" of "13 to 15 million" is 13 million).
 * A change "from 3% to 25%" is two facts, each asked on its own.
 */
export function isRangeEnd(number: string, text: string): boolean {
  const n = escapeRegExp(number.trim());
  const range = new RegExp(
    `(?<!\\bfrom\\s+)(?:\\b${n}\\s*(?:to|–|-)\\s*\\d|(?<!\\bfrom\\s+)\\d[\\d,.]*\\s*(?:to|–|-)\\s*${n})`,
    "iu",
  );
  return range.test(text);
}

const APPROX = "(?:about|roughly|around|approximately|nearly|some|~)?\\s*";

/**
 * Whether a number restates another in brackets, in other units: the "1.5 million" of "one million
 * miles (1.5 million km)". The blank asks for a conversion, and the number beside it gives it away.
 */
export function isRestatedInBrackets(number: string, text: string): boolean {
  const n = escapeRegExp(number.trim());
  return new RegExp(
    `\\b${NUMBER_WORD}(?:\\s+\\p{L}+){0,2}\\s*\\(\\s*${APPROX}${n}(?:\\s*\\p{L}+){0,2}\\s*\\)`,
    "iu",
  ).test(text);
}

/**
 * A sentence without the bracketed restatement of a number: "930,000 miles (1.5 million km) from
 * Earth" -> "930,000 miles from Earth", so a blank on the number is not answered by converting.
 */
export function withoutRestatement(number: string, text: string): string {
  const n = escapeRegExp(number.trim());
  return text.replace(new RegExp(`(${n}(?:\\s+\\p{L}+){0,2})\\s*\\(\\s*${APPROX}\\d[^()]*\\)`, "iu"), "$1");
}

class Generator {
  readonly rng: Rng;
  readonly drafts: Draft[] = [];
  /** Source statements and their false versions, gathered by the number, entity and claim generators. */
  private readonly statements = new Map<
    string,
    { text: string; span: Located; alterations: { text: string; generator: string }[] }
  >();
  private readonly conceptNames: { id: string; names: string[] }[];
  /** Source statements that name a term of the lesson in use: true statements even without a false version. */
  private readonly termStatements = new Set<string>();

  constructor(
    readonly bundle: CourseBundle,
    readonly seed: number,
    readonly variant: number,
  ) {
    this.rng = createRng(hashString(`${seed}:${variant}`));
    this.conceptNames = bundle.concepts.map((c) => ({
      id: c.id,
      names: [c.name, ...c.aliases].map((t) => normalizeAnswer(t)),
    }));
  }

  private readonly sentences = new Map<string, CourseBundle["sentences"][number]>();
  private readonly sentenceMentions = new Map<string, Mention[]>();
  private readonly numberReadings = new Map<string, NumberReading | null>();
  private readonly latestYears = new Map<string, number>();
  /** Per word, the small whole numbers the course writes after it ("photosystem" -> 1, 2). */
  private labelSeries: Map<string, Set<string>> | undefined;

  /**
   * The author's own glossary entries (no citation: written for the course, not read from an
   * article) that read as a gloss: a phrase of at most 24 words that does not say its term back.
   */
  authorGlosses(): { term: string; gloss: string }[] {
    return this.bundle.glossary
      .filter((k) => !k.ref && !k.conceptId)
      .map((k) => ({ term: k.term, gloss: k.gloss.replace(/[.]$/, "") }))
      .filter(
        (k) =>
          k.gloss.split(/\s+/).length <= 24 &&
          !` ${normalizeAnswer(k.gloss)} `.includes(` ${normalizeAnswer(k.term)} `) &&
          isCleanPhrase(this.bundle, k.gloss),
      );
  }

  /** A name as the course spells it elsewhere ("alphaGo Zero" -> "AlphaGo Zero"), else as given. */
  namedAs(text: string): string {
    const names = [
      ...this.bundle.concepts.flatMap((c) => [c.name, ...c.aliases]),
      ...this.bundle.mentions.map((m) => m.text),
    ];
    return (
      names.find((n) => n !== text && n.toLowerCase() === text.toLowerCase() && /\p{Lu}/u.test(n)) ?? text
    );
  }

  private allText?: string;

  /** The course's articles as one text, for phrase look-ups. */
  courseText(): string {
    this.allText ??= this.bundle.articles.map((a) => a.normalizedText).join("\n");
    return this.allText;
  }

  /** A bundle sentence by id. */
  sentence(id: string): CourseBundle["sentences"][number] | undefined {
    if (this.sentences.size === 0) for (const s of this.bundle.sentences) this.sentences.set(s.id, s);
    return this.sentences.get(id);
  }

  ref(span: Located): SourceRef | undefined {
    const article = this.bundle.articles.find((a) => a.id === span.articleId);
    const quote = article?.rawText.slice(span.rawStart, span.rawEnd);
    if (!quote || span.rawEnd <= span.rawStart) return undefined;
    return {
      passageId: span.passageId,
      articleId: span.articleId,
      rawStart: span.rawStart,
      rawEnd: span.rawEnd,
      quote,
    };
  }

  /**
   * The smallest citation that supports every text: the span itself, widened to earlier sentences of
   * its passage (a definition often follows the sentence it names), or else the whole passage.
   */
  groundedRef(span: Located, texts: readonly string[]): SourceRef | undefined {
    const direct = this.ref(span);
    const supportsAll = (ref: SourceRef | undefined) =>
      ref !== undefined && texts.every((t) => isSupportedBy(ref.quote, t));
    if (supportsAll(direct)) return direct;
    const passage = this.bundle.passages.find((p) => p.id === span.passageId);
    if (!passage) return direct;
    const earlier = this.bundle.sentences
      .filter((s) => s.passageId === passage.id && s.rawStart < span.rawStart)
      .sort((a, b) => b.rawStart - a.rawStart)
      .slice(0, 2);
    for (const sentence of earlier) {
      const widened = this.ref({
        ...span,
        rawStart: sentence.rawStart,
        rawEnd: Math.max(span.rawEnd, sentence.rawEnd),
      });
      if (supportsAll(widened)) return widened;
    }
    const whole = this.ref({ ...passage, passageId: passage.id });
    return supportsAll(whole) ? whole : direct;
  }

  /**
   * The concepts a question without a named one still assesses: those the cited passages teach,
   * else those of the lessons the passages belong to. Mastery is kept per concept, so an untagged
   * question would count for nothing.
   */
  conceptsOfSources(refs: readonly SourceRef[]): string[] {
    const passages = new Set(refs.map((r) => r.passageId));
    const taught = this.bundle.concepts.filter((c) => c.passageIds.some((id) => passages.has(id)));
    if (taught.length) return taught.map((c) => c.id);
    return this.bundle.lessons
      .filter((l) => l.passageIds.some((id) => passages.has(id)))
      .flatMap((l) => l.conceptIds);
  }

  /** Concepts named in the texts the student is shown as true (stem, key, quote). */
  conceptsIn(texts: readonly string[]): string[] {
    const haystack = ` ${texts.map((t) => normalizeAnswer(t)).join(" ")} `;
    return this.conceptNames
      .filter((c) => c.names.some((n) => n && haystack.includes(` ${n} `)))
      .map((c) => c.id);
  }

  /**
   * Whether a fact's true/false item states the truth: even odds over facts, and the other side on
   * each retry, so a retry never asks the same statement with the same answer.
   */
  truthFor(fact: string): boolean {
    return (hashString(`${this.seed}:${fact}`) + this.variant) % 2 === 0;
  }

  pick<T>(items: readonly T[], count: number): T[] {
    return shuffleWith(items, this.rng).slice(0, count);
  }

  /**
   * Chooses up to three distractors so that no surface strategy (longest, most words shared with the
   * stem, most specific) singles out the key, then shuffles.
   */
  options(
    stem: string,
    keys: readonly string[],
    pool: readonly string[],
    count = 3,
  ): { options: Option[]; keyIds: string[] } | null {
    // Never a garbled or cut-off distractor: it would be wrong for the wrong reason. Never a nearly
    // true one either: a term sharing a word with a short key ("AI models" for "AI technologies") may
    // fit its blank as well, and a name the source ties to the key ("OpenAI" for "ChatGPT") is its
    // maker or product, related rather than wrong.
    const associated = new Set(keys.flatMap((k) => [...this.associatedNames(k)]));
    const candidates = distinct(pool).filter(
      (p) =>
        !keys.some((k) => isEquivalent(k, p) || isNearCopy(k, p) || sharesTermWord(k, p)) &&
        !associated.has(normalizeAnswer(p)) &&
        !keys.some((k) => this.areTied(k, p)) &&
        isCleanPhrase(this.bundle, p),
    );
    if (candidates.length < 2) return null;
    const size = Math.min(count, candidates.length);
    let best: string[] = [];
    let bestCost = Number.POSITIVE_INFINITY;
    // The key should be the longest option about as often as chance, neither more nor (which a
    // test-wise student would also exploit) less.
    const wantsKeyLongest = this.rng() < 1 / (size + keys.length);
    for (let attempt = 0; attempt < 16; attempt++) {
      const set = this.pick(candidates, size);
      const texts = [...keys, ...set];
      const probe: Question = {
        type: "single_choice",
        stem,
        options: texts.map((text, i) => ({ id: String(i), text })),
        key: "0",
        id: "probe",
        sourceRefs: [],
        conceptIds: [],
        difficulty: 0,
        generator: "",
      };
      let cost = 0;
      for (const strategy of ["longest", "stemOverlap", "mostSpecific"] as TestWiseStrategy[]) {
        const picks = pickByStrategy(probe, strategy);
        const keyShare = picks.filter((p) => Number(p.id) < keys.length).length / picks.length;
        cost += strategy === "longest" ? Math.abs(keyShare - (wantsKeyLongest ? 1 : 0)) : keyShare;
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = set;
      }
      if (cost === 0) break;
    }
    const all = shuffleWith([...keys, ...best], this.rng).map((text) => ({
      id: `o-${shortHash(`${stem}|${text}`)}`,
      text,
    }));
    return { options: all, keyIds: all.filter((o) => keys.includes(o.text)).map((o) => o.id) };
  }

  /**
   * Adds a single-choice item on `key` against up to three distractors from `pool`, when the pool has
   * at least two usable ones; returns its options (null when it has not).
   */
  addChoice(
    stem: string,
    key: string,
    pool: readonly string[],
    item: Pick<Draft, "sourceRefs" | "conceptIds" | "generator" | "origin"> & {
      explanation?: string;
      feedback?: (options: Option[]) => OptionFeedback[];
    },
  ): Option[] | null {
    const choice = this.options(stem, [key], pool);
    if (!choice) return null;
    const { feedback, ...rest } = item;
    this.add({
      type: "single_choice",
      stem,
      options: choice.options,
      key: choice.keyIds[0] as string,
      ...(feedback ? { feedback: feedback(choice.options) } : {}),
      ...rest,
    });
    return choice.options;
  }

  add(draft: Draft): void {
    this.drafts.push(draft);
  }

  /** The entry for the plain-claim forms of generate-claims.ts. */
  addClaimDraft(draft: ClaimDraft): void {
    this.add(draft);
  }

  private qualityContext?: QualityContext;
  private readonly verdicts = new WeakMap<Draft, Verdict>();

  /**
   * A draft as a question, through the grounding gate, the lint and the quality flaws: the question
   * and its score, or why it is dropped. Memoised: the claim forms ask it too, to know which
   * sentences another generator's items really ask about.
   */
  vet(draft: Draft): Verdict {
    const known = this.verdicts.get(draft);
    if (known) return known;
    const verdict = this.vetOnce(draft);
    this.verdicts.set(draft, verdict);
    return verdict;
  }

  /** Whether some draft that passes every gate cites `span` whole. */
  isAsked(span: Located): boolean {
    return this.drafts.some(
      (d) =>
        d.sourceRefs.some(
          (r) => r.articleId === span.articleId && r.rawStart <= span.rawStart && r.rawEnd >= span.rawEnd,
        ) && "quality" in this.vet(d),
    );
  }

  private vetOnce(draft: Draft): Verdict {
    const { bundle } = this;
    const { origin, conceptIds, ...withRejected } = draft;
    // No rival names is no `rejected` list at all, as an author's question has none.
    const rest =
      "rejected" in withRejected && withRejected.rejected?.length === 0
        ? (({ rejected: _, ...other }) => other)(withRejected)
        : withRejected;
    const id = `q-${shortHash(`${this.seed}|${this.variant}|${draft.generator}|${origin}|${draft.stem}`)}`;
    const question = {
      ...rest,
      id,
      conceptIds: [...new Set(conceptIds?.length ? conceptIds : this.conceptsOfSources(draft.sourceRefs))],
      difficulty: estimateDifficulty(draft),
    } as Question;
    const verdict = gateQuestion(question, bundle);
    if (!verdict.passed)
      return { dropped: verdict.failures.map((failure) => ({ candidate: summarize(question), ...failure })) };
    // An item tests a concept when its answer names it; a composed form (definition, likeness,
    // cause) also when its stem does. A blank on "China" in a sentence about chips does not.
    const composed = /^(definition|analogy|cause|claims)/.test(question.generator);
    // A select-all on statements about one subject tests that subject, named in its stem, not every
    // concept its statements happen to mention.
    const shown = question.generator.startsWith("claims")
      ? [question.stem]
      : [...answerTexts(question), ...(composed ? [question.stem] : [])];
    if (question.type === "true_false") shown.push(question.stem, question.correction ?? "");
    // A composed form on the passage that defines a concept (the cause and effect that makes the
    // paradox) tests that concept though its answer does not name it.
    const defined = composed
      ? bundle.concepts
          .filter(
            (c) =>
              c.definitionRef && question.sourceRefs.some((r) => r.passageId === c.definitionRef?.passageId),
          )
          .map((c) => c.id)
      : [];
    this.qualityContext ??= createQualityContext(bundle);
    // A blank on a key phrase content found undefined ("rollers") tests its sentence, not an idea.
    const quality = scoreQuestion(
      question,
      this.qualityContext,
      question.generator.startsWith("keyterm.") ? [] : [...new Set([...this.conceptsIn(shown), ...defined])],
    );
    if (quality.flaws.length > 0)
      return {
        dropped: quality.flaws.map((f) => ({
          candidate: summarize(question),
          gate: "quality" as const,
          flaw: f.flaw,
          reason: f.reason,
        })),
      };
    return { question, quality };
  }

  // ---- facts -------------------------------------------------------------------------------

  terms(): TermFact[] {
    const facts: TermFact[] = [];
    const sentenceById = (id: string) => this.bundle.sentences.find((s) => s.id === id);
    const conceptOf = (term: string) =>
      this.bundle.concepts.find((c) => [c.name, ...c.aliases].some((n) => isEquivalent(n, term)));
    const addFact = (fact: TermFact, replace: boolean) => {
      const existing = facts.findIndex(
        (f) =>
          isEquivalent(f.term, fact.term) || (fact.conceptId !== undefined && f.conceptId === fact.conceptId),
      );
      if (existing < 0) facts.push(fact);
      else if (replace) facts[existing] = fact;
    };
    // An author's card quotes its definition; a detected concept's "definition" is only a sentence
    // that mentions it, so its definitions come from content's definitions below.
    for (const c of this.bundle.concepts) {
      if (!c.definitionRef || c.origin !== "author") continue;
      const read = readGloss(c.name, c.definition, false);
      if (!read) continue;
      addFact(
        {
          ...c.definitionRef,
          term: c.name,
          definition: read.gloss,
          conceptId: c.id,
          aliases: nameLikeAliases(c.name, c.aliases),
        },
        false,
      );
    }
    // A concept content found defined in the text ("An mRNA vaccine is a type of vaccine that …")
    // but read no {term, gloss} for: the defining words after "<name> is" or an apposition ("pitch,
    // the harmonic sounds we hear …"), in the author's own voice.
    for (const c of this.bundle.concepts) {
      const at = c.definitionRef;
      if (c.origin === "author" || c.definitionSource !== "text" || !at) continue;
      const host = sentencesAt(this.bundle, at.articleId, at.rawStart, at.rawEnd);
      if (host.length !== 1 || !host[0]?.isFit || host[0].stance.kind !== "asserted") continue;
      const lead = new RegExp(
        `^(?:[^,]{0,40},\\s*)?(?:an?\\s+|the\\s+)?${escapeRegExp(c.name)}(?:\\s+(?:is|are|refers to|means)\\s+|,\\s+(?=(?:the|a|an)\\s))`,
        "i",
      ).exec(c.definition);
      const read = lead && readGloss(c.name, c.definition.slice(lead[0].length), false);
      if (!read) continue;
      addFact(
        {
          ...at,
          term: c.name,
          definition: read.gloss,
          conceptId: c.id,
          aliases: [],
          sentenceText: host[0].text,
        },
        false,
      );
    }
    // Content's test of a term worth teaching, with names keyed as content keys them: "result" or
    // "Great Britain" read from "X: …" is no term of the lesson.
    const names = new Set(
      this.bundle.mentions
        .filter((m) => NAME_KINDS.has(m.kind))
        .map((m) =>
          m.text
            .toLowerCase()
            .replace(/[-\s]+/g, " ")
            .replace(/s$/, "")
            .trim(),
        ),
    );
    for (const d of this.bundle.definitions) {
      if (d.isAnalogy || !d.isFit) continue;
      const read = readGloss(d.term, d.gloss, false);
      if (!read) continue;
      const concept = conceptOf(read.term);
      if (concept?.origin !== "author" && !isTeachableTerm({ ...d, term: read.term }, names)) continue;
      const fact: TermFact = {
        ...d,
        term:
          concept && !isEquivalent(concept.name, read.term) && /\banalogy\b/i.test(concept.name)
            ? read.term
            : (concept?.name ?? read.term),
        definition: read.gloss,
        aliases: concept ? nameLikeAliases(concept.name, [...concept.aliases, read.term]) : [],
        ...(concept ? { conceptId: concept.id } : {}),
      };
      const text = sentenceById(d.sentenceId)?.text;
      if (text) fact.sentenceText = text;
      // A definition read in the text beats a concept card's: it is what the source says.
      addFact(fact, true);
    }
    // "What does DeepSeek mean?" in a course about DeepSeek tests nothing.
    const subjects = courseSubjects(this.bundle);
    return facts.filter(
      (f) =>
        f.definition.length > 3 &&
        // An example is not a definition ("Take ChatGPT, for example").
        !/\bfor (?:example|instance)\b/i.test(f.definition) &&
        !subjects.some((s) => isEquivalent(s, f.term)) &&
        // "Open source: the vast open-source community" says the term back instead of meaning it.
        ![f.term, ...f.aliases].some((n) =>
          ` ${normalizeAnswer(f.definition)} `.includes(` ${normalizeAnswer(n)} `),
        ) &&
        isCleanPhrase(this.bundle, f.definition) &&
        // "specialised cells", "a paste": a bare kind names no one thing to ask a term by.
        f.definition.replace(/^(?:an?|the)\s+/i, "").split(/\s+/).length >= 3,
    );
  }

  // ---- generators --------------------------------------------------------------------------

  fromDefinitions(): void {
    const facts = this.terms();
    const allTerms = facts.map((f) => f.term);
    for (const fact of facts) {
      const ref = this.groundedRef(fact, [fact.term, fact.definition]);
      if (!ref) continue;
      const conceptIds = fact.conceptId ? [fact.conceptId] : this.conceptsIn([fact.term]);
      const otherTerms = allTerms.filter(
        (t) => !isEquivalent(t, fact.term) && !fact.aliases.some((a) => isEquivalent(a, t)),
      );
      // Options come from the item's own article or one sharing a concept with it, never another subject.
      const near = this.relatedTo(fact.articleId);
      // The course's own concept cards are siblings wherever they are defined.
      const isCard = (f: TermFact) =>
        this.bundle.concepts.some((c) => c.id === f.conceptId && c.origin === "author");
      const nearFacts = facts.filter(
        (f) => f !== fact && (near.has(f.articleId) || (isCard(f) && isCard(fact))),
      );
      // The author's glossary (glosses of the course's terms) gives sibling meanings too.
      const siblings = this.authorGlosses().filter(
        (g) => !isEquivalent(g.term, fact.term) && !fact.aliases.some((a) => isEquivalent(a, g.term)),
      );
      const nearTerms = otherTerms.filter((t) => nearFacts.some((f) => f.term === t));
      const masked = maskTerm(fact.definition, [fact.term, ...fact.aliases], (w) => lexicon().isWord(w));
      // The key phrases content found in the same or a related article are sibling terms too, when
      // the definition does not use them ("device" is in "a semiconductor device with …").
      const keyPhrases = this.bundle.concepts
        .filter(
          (c) =>
            c.kind === "term" &&
            c.id !== fact.conceptId &&
            !isEquivalent(c.name, fact.term) &&
            c.passageIds.some((id) =>
              near.has(this.bundle.passages.find((p) => p.id === id)?.articleId ?? ""),
            ) &&
            !` ${normalizeAnswer(fact.definition)} `.includes(` ${normalizeAnswer(c.name)} `),
        )
        .map((c) => c.name);
      const described = `Which term does the source use for this: “${capitalize(masked)}”?`;
      this.addChoice(described, fact.term, [...nearTerms, ...siblings.map((g) => g.term), ...keyPhrases], {
        sourceRefs: [ref],
        conceptIds,
        generator: "definition.term",
        origin: `definition:${fact.term}`,
        explanation: `${fact.term}: ${fact.definition}.`,
      });
      const otherDefinitions = [
        ...nearFacts.map((f) => capitalize(f.definition)),
        ...siblings.map((g) => capitalize(g.gloss)),
      ];
      const meaningStem = `What does “${fact.term}” mean, according to the source?`;
      this.addChoice(meaningStem, capitalize(fact.definition), otherDefinitions, {
        sourceRefs: [ref],
        conceptIds,
        generator: "definition.meaning",
        origin: `definition:${fact.term}`,
        feedback: (options) =>
          options.flatMap((option) => {
            const other = facts.find((f) => f !== fact && capitalize(f.definition) === option.text);
            const otherRef = other && this.ref(other);
            return other && otherRef
              ? [{ optionId: option.id, text: `That describes ${other.term}.`, sourceRefs: [otherRef] }]
              : [];
          }),
      });
      this.add({
        type: "short_answer",
        stem: `Name the term the source uses for: “${capitalize(masked)}”.`,
        key: { accepted: distinct([fact.term, ...fact.aliases]) },
        rejected: typoRivals([fact.term, ...fact.aliases], otherTerms),
        sourceRefs: [ref],
        conceptIds,
        generator: "definition.recall",
        origin: `definition:${fact.term}`,
      });
      const sentence = fact.sentenceText ?? ref.quote;
      const cloze = replaceOnce(sentence.replace(/\s+/g, " "), fact.term, "_____");
      if (cloze) {
        this.add({
          type: "cloze",
          stem: `Complete the sentence from the source: “${cloze}”`,
          key: { accepted: distinct([fact.term, ...fact.aliases]) },
          rejected: typoRivals([fact.term, ...fact.aliases], otherTerms),
          sourceRefs: [ref],
          conceptIds,
          generator: "definition.cloze",
          origin: `definition:${fact.term}`,
        });
      }
      const truth = `${capitalize(fact.term)} refers to ${fact.definition}.`;
      // A sibling's meaning, from the course's own terms or the author's glossary.
      const other = this.pick(
        [
          ...nearFacts.map((f) => ({ definition: f.definition })),
          ...siblings.map((g) => ({ definition: lowerFirst(g.gloss) })),
        ].filter((f) => !isEquivalent(f.definition, fact.definition)),
        1,
      )[0];
      // Without a false version a statement would always be true, and answering "true" would pay.
      // Both sides go to the bank: the set takes the one that gives no other item of its fact away
      // (a true "X refers to Y" answers "Name the term for Y"), a retry the other.
      const isTrue = this.truthFor(`definition:${fact.term}`);
      // No sibling meaning to swap in: the true statement alone ("definition.stated"), a turn of its
      // own for a retry, since it says what the other items of the fact ask.
      if (!other)
        this.add({
          type: "true_false",
          stem: truth,
          key: true,
          sourceRefs: [ref],
          conceptIds,
          generator: "definition.stated",
          origin: `definition:${fact.term}`,
        });
      if (other)
        for (const side of [isTrue, !isTrue])
          this.add({
            type: "true_false",
            stem: side ? truth : `${capitalize(fact.term)} refers to ${other.definition}.`,
            key: side,
            ...(side ? {} : { correction: truth }),
            sourceRefs: [ref],
            conceptIds,
            generator: side ? "definition.true" : "definition.swapped",
            origin: `definition:${fact.term}`,
          });
    }
    const matchable = facts.filter((f) => {
      const quote = this.groundedRef(f, [f.term, f.definition])?.quote ?? "";
      return isSupportedBy(quote, f.term) && isSupportedBy(quote, f.definition);
    });
    // One matching item per group of related articles: terms of one subject against their meanings.
    const groups = new Map<string, TermFact[]>();
    for (const f of matchable) {
      const key = [...this.relatedTo(f.articleId)].sort().join("|");
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [group, members] of groups) {
      if (members.length < 3) continue;
      const chosen = this.pick(members, 4);
      const left = chosen.map((f) => ({ id: `l-${shortHash(f.term)}`, text: f.term }));
      const right = chosen.map((f) => ({
        id: `r-${shortHash(f.definition)}`,
        text: capitalize(f.definition),
      }));
      this.add({
        type: "matching",
        stem: "Match each term with what the source says it means.",
        left,
        right: shuffleWith(right, this.rng),
        key: Object.fromEntries(left.map((l, i) => [l.id, (right[i] as Option).id])),
        sourceRefs: chosen
          .map((f) => this.groundedRef(f, [f.term, f.definition]))
          .filter((r): r is SourceRef => r !== undefined),
        conceptIds: chosen.flatMap((f) => (f.conceptId ? [f.conceptId] : [])),
        generator: "definition.matching",
        origin: `definitions:${group}`,
      });
    }
  }

  /** Names of the same kind as `text`, drawn from the course: mentions of its kind, concepts, analogy targets. */
  /** Names of a kind that the course mentions at least twice: real names, not misreadings. */
  recurringNames(kind: string): string[] {
    const counts = new Map<string, { text: string; count: number }>();
    const articles = new Map<string, Set<string>>();
    for (const m of this.bundle.mentions) {
      if (m.kind !== kind || !/[a-z]{2}/i.test(m.text)) continue;
      const key = normalizeAnswer(m.normalized);
      const entry = counts.get(key) ?? { text: m.normalized.trim(), count: 0 };
      entry.count++;
      counts.set(key, entry);
      articles.set(key, (articles.get(key) ?? new Set()).add(m.articleId));
    }
    const recurring = [...counts.values()].filter((e) => e.count >= 2);
    // Names that several articles use are real names; one article's repeated misreading is not.
    const corroborated = recurring.filter((e) => (articles.get(normalizeAnswer(e.text))?.size ?? 0) >= 2);
    return (corroborated.length >= 3 ? corroborated : recurring).map((e) => e.text);
  }

  /** Names of a kind the course mentions twice or more, normalised. */
  repeatedNames(kind: string): string[] {
    const counts = new Map<string, number>();
    for (const m of this.bundle.mentions)
      if (m.kind === kind)
        counts.set(normalizeAnswer(m.normalized), (counts.get(normalizeAnswer(m.normalized)) ?? 0) + 1);
    return [...counts].filter(([, n]) => n >= 2).map(([name]) => name);
  }

  /**
   * Names of a kind that an article itself uses in its fit sentences, once is enough: a name its own
   * clean prose gives is a real alternative on its subject ("Sweden" against "Britain" in an article
   * about both), where a name mentioned once across a course may be a misreading.
   */
  namesInArticle(kind: string, articleId: string): string[] {
    return distinct(
      this.bundle.mentions
        .filter(
          (m) =>
            m.kind === kind &&
            m.articleId === articleId &&
            this.sentence(m.sentenceId)?.isFit === true &&
            // A name as a name is written: capitalised words, no digits ("NGC 1792" is a catalogue entry).
            /^\p{Lu}[\p{L}'.-]*(?:\s+(?:of\s+|the\s+)?\p{Lu}[\p{L}'.-]*)*$/u.test(m.normalized.trim()),
        )
        .map((m) => m.normalized.trim()),
    );
  }

  /** Names the course uses that are part of `key`'s name ("AlphaGo" for "AlphaGo Zero"): different things. */
  nearMisses(key: string): string[] {
    const normalized = ` ${normalizeAnswer(key)} `;
    const names = this.bundle.mentions.map((m) => m.text.trim()).filter((n) => /[a-z]/i.test(n));
    return distinct(
      names.filter((n) => !isEquivalent(n, key) && normalized.includes(` ${normalizeAnswer(n)} `)),
    );
  }

  /**
   * Names that share a sentence with `name` somewhere in the course ("OpenAI" with "ChatGPT"): a swap
   * between them is nearly true, and as a distractor nearly right.
   */
  associatedNames(name: string): Set<string> {
    const key = normalizeAnswer(name);
    const sentences = new Set(
      this.bundle.mentions.filter((m) => normalizeAnswer(m.normalized) === key).map((m) => m.sentenceId),
    );
    return new Set(
      this.bundle.mentions
        .filter(
          (m) =>
            sentences.has(m.sentenceId) && NAME_KINDS.has(m.kind) && normalizeAnswer(m.normalized) !== key,
        )
        .map((m) => normalizeAnswer(m.normalized)),
    );
  }

  private ties = new Map<string, boolean>();

  /**
   * Whether the course's text ties two names as maker and product, possessive, apposition or former
   * name, which its mentions miss where the text is garbled ("Openai … released chaatgpt").
   */
  areTied(a: string, b: string): boolean {
    const pair = [a.trim().toLowerCase(), b.trim().toLowerCase()].sort().join("\u0000");
    let tied = this.ties.get(pair);
    if (tied === undefined) {
      const withB = new Set(this.sentencesNaming(b));
      tied = areNamesTied(
        a,
        b,
        this.sentencesNaming(a).filter((s) => withB.has(s)),
      );
      this.ties.set(pair, tied);
    }
    return tied;
  }

  private naming = new Map<string, string[]>();

  /** The course's sentences that name `name`, as `areNamesTied` would find it. */
  sentencesNaming(name: string): string[] {
    const key = name.trim().toLowerCase();
    let found = this.naming.get(key);
    if (!found) {
      const pattern = new RegExp(namePattern(key), "iu");
      found = this.bundle.sentences.map((s) => s.text).filter((t) => pattern.test(t));
      this.naming.set(key, found);
    }
    return found;
  }

  /** Whether a name is mentioned in the article or in one sharing a concept with it (never an unrelated article). */
  isNamedNear(name: string, articleId: string): boolean {
    const related = this.relatedTo(articleId);
    const key = normalizeAnswer(name);
    return this.bundle.mentions.some(
      (m) => related.has(m.articleId) && normalizeAnswer(m.normalized) === key,
    );
  }

  /** The article and those sharing a concept with it: where an item's distractors may come from. */
  relatedTo(articleId: string): Set<string> {
    return relatedArticles(this.bundle).get(articleId) ?? new Set([articleId]);
  }

  /** Whether a concept is taught in the article or one related to it. */
  isTaughtNear(concept: CourseBundle["concepts"][number], articleId: string): boolean {
    const related = this.relatedTo(articleId);
    return this.bundle.passages.some((p) => concept.passageIds.includes(p.id) && related.has(p.articleId));
  }

  sameKindPool(text: string, articleId?: string): string[] {
    const normalized = normalizeAnswer(text);
    const inside = this.bundle.mentions
      .filter((m) => /[a-z]/i.test(m.text) && ` ${normalized} `.includes(` ${normalizeAnswer(m.text)} `))
      .sort((a, b) => b.text.length - a.text.length)[0];
    const kinds = inside ? [inside.kind] : ["product", "organization"];
    const names = [
      ...kinds.flatMap((k) => this.recurringNames(k)),
      ...(inside ? [] : this.bundle.concepts.map((c) => c.name)),
    ];
    // A longer name containing the key may be the same thing (and `options` drops a part of the key's
    // name too, as tied to it). Names only from the item's own or a related article.
    return names.filter(
      (n) =>
        !isEquivalent(n, text) &&
        !normalizeAnswer(n).includes(normalized) &&
        (articleId === undefined ||
          this.isNamedNear(n, articleId) ||
          this.bundle.concepts.some((c) => c.name === n && this.isTaughtNear(c, articleId))),
    );
  }

  fromAnalogies(): void {
    const analogies = this.bundle.definitions
      .filter((d) => d.isAnalogy && d.isFit)
      .map((d) => ({ d, parsed: readGloss(d.term, d.gloss, true) }))
      .filter(
        (a): a is { d: (typeof a)["d"]; parsed: NonNullable<(typeof a)["parsed"]> } => a.parsed !== null,
      );
    for (const { d: analogy, parsed } of analogies) {
      const ref = this.ref(analogy);
      const host = this.sentence(analogy.sentenceId);
      if (!ref || !host || isDoubted(host)) continue;
      // A likeness someone else draws ("Some economists maintain that … are like …") is theirs: every
      // stem names them, and the true statement is that they draw it.
      const holder = host.stance.kind === "reported" ? host.stance.holder : undefined;
      if (host.stance.kind === "reported" && !holder) continue;
      const likens = holder ? `According to the article, ${lowerFirst(holder)} likened` : "The source likens";
      const near = this.relatedTo(analogy.articleId);
      const targets = analogies.filter((a) => near.has(a.d.articleId)).map((a) => a.parsed.gloss);
      const subject = repairCasing(this.bundle, parsed.term);
      const target = repairCasing(this.bundle, parsed.gloss);
      const core = this.namedAs(
        target.replace(/^(the|a|an)\s+/i, "").replace(/\s+(model|system|approach|method|program)$/i, ""),
      );
      const pool = distinct([
        ...targets.filter((t) => !isEquivalent(t, target)),
        ...this.sameKindPool(core, analogy.articleId),
      ])
        .map((t) => t.replace(/^(the|a|an)\s+/i, ""))
        .filter(
          (t) =>
            !isEquivalent(t, core) &&
            !isEquivalent(t, target) &&
            !normalizeAnswer(t).includes(normalizeAnswer(core)),
        );
      const conceptIds = this.conceptsIn([subject, target]);
      const stem = `${likens} ${subject} to which of the following?`;
      this.addChoice(stem, core, pool, {
        sourceRefs: [ref],
        conceptIds,
        generator: "analogy.target",
        origin: `analogy:${subject}`,
      });
      this.add({
        type: "short_answer",
        stem: holder
          ? `According to the article, what did ${lowerFirst(holder)} liken ${subject} to?`
          : `What does the source liken ${subject} to?`,
        key: { accepted: distinct([core, target]) },
        rejected: typoRivals([core, target], [...this.nearMisses(core), ...pool]),
        sourceRefs: [ref],
        conceptIds,
        generator: "analogy.recall",
        origin: `analogy:${subject}`,
      });
      const sentence = usableText(this.bundle, host) ?? ref.quote;
      const cloze = replaceOnce(sentence.replace(/\s+/g, " "), core, "_____");
      if (cloze) {
        this.add({
          type: "cloze",
          stem: `Complete the sentence from the source: “${cloze}”`,
          key: { accepted: distinct([core, target]) },
          rejected: typoRivals([core, target], [...this.nearMisses(core), ...pool]),
          sourceRefs: [ref],
          conceptIds,
          generator: "analogy.cloze",
          origin: `analogy:${subject}`,
        });
      }
      // A false likeness is another likeness the course draws or a name of the key's kind, never a
      // part of the key's own name ("AlphaGo" for "AlphaGo Zero" is nearly true) or a concept's name.
      const likenesses = [
        ...targets,
        ...pool.filter((n) => !normalizeAnswer(core).includes(normalizeAnswer(n))),
      ].filter(
        (t) =>
          !isEquivalent(t, target) &&
          !normalizeAnswer(t).includes(normalizeAnswer(core)) &&
          !isEquivalent(t, subject) &&
          isCleanPhrase(this.bundle, t),
      );
      const wrong = this.pick(likenesses, 1)[0];
      // "The source likens X to Y": no verb to agree with a plural X ("injections is similar to").
      const truth = `${likens} ${subject} to ${target}.`;
      const isTrue = this.truthFor(`analogy:${subject}`);
      if (wrong)
        this.add({
          type: "true_false",
          stem: isTrue ? truth : `${likens} ${subject} to ${wrong}.`,
          key: isTrue,
          ...(isTrue ? {} : { correction: truth }),
          sourceRefs: [ref],
          conceptIds,
          generator: isTrue ? "analogy.true" : "analogy.swapped",
          origin: `analogy:${subject}`,
        });
    }
  }

  fromCausalLinks(): void {
    // A cause and an effect are phrases of their sentence: they may be asked about when the sentence's
    // only flaws are in its words and neither phrase carries one (checked with the options).
    const wordLevel = new Set(["odd_casing", "misspelling", "glued_words"]);
    const links = this.bundle.causalLinks
      .filter((link) => this.sentence(link.sentenceId)?.flags.every((f) => wordLevel.has(f.kind)) ?? false)
      .map((link) => {
        const repair = (phrase: string) =>
          capitalize(dropOpener(repairCasing(this.bundle, cleanPhrase(phrase))));
        const cause = repair(link.cause);
        const effect = repair(link.effect);
        // "…because the engine became more efficient, people used it more, and ultimately coal
        // consumption rose": the clause a result word opens, after the cause, is its effect, and
        // the cause is the first clause.
        const result = RESULT_CLAUSE.exec(link.cause);
        if (result?.[1])
          return { link, cause: repair(link.cause.split(/[,;]/)[0] ?? ""), effect: repair(result[1]) };
        return { link, cause, effect };
      });
    const usable = links.filter(
      (l) =>
        isUsablePhrase(l.cause) &&
        isUsablePhrase(l.effect) &&
        isCleanPhrase(this.bundle, l.cause) &&
        isCleanPhrase(this.bundle, l.effect),
    );
    // Distractors read like the key: clauses against clauses, phrases against phrases, from the
    // same article first.
    const alike = (
      key: string,
      articleId: string,
      side: "cause" | "effect",
      self: (typeof usable)[number],
    ) => {
      // Never from an unrelated article: its effects are wrong for being off the subject.
      const near = this.relatedTo(articleId);
      const others = usable.filter(
        (l) => l !== self && isClause(l[side]) === isClause(key) && near.has(l.link.articleId),
      );
      const own = others.filter((l) => l.link.articleId === articleId);
      const picked = (own.length >= 2 ? own : others).map((l) => l[side]);
      if (picked.length >= 2) return picked;
      // A short article has few links: the other side of its other links reads alike too ("the
      // development of several machine tools" against "uneven thread"), and is as plainly not this
      // link's answer.
      const otherSide = side === "cause" ? "effect" : "cause";
      return distinct([
        ...picked,
        ...usable
          .filter(
            (l) => l.link.sentenceId !== self.link.sentenceId && isClause(l[otherSide]) === isClause(key),
          )
          .filter((l) => near.has(l.link.articleId))
          .map((l) => l[otherSide]),
      ]);
    };
    for (const entry of usable) {
      const { link, cause, effect } = entry;
      const ref = this.ref(link);
      if (!ref) continue;
      const conceptIds = this.conceptsIn([ref.quote]);
      const flipped = flipDirection(effect);
      const causeText = cause.replace(/[.]$/, "");
      const effectStem = isClause(cause)
        ? `According to the article, what happened because ${lowerFirst(causeText)}?`
        : `According to the article, what did ${lowerFirst(causeText)} lead to?`;
      const steady = steadyVersion(effect);
      this.addChoice(
        effectStem,
        effect,
        [
          ...(flipped ? [capitalize(flipped)] : []),
          ...(steady ? [steady] : []),
          ...alike(effect, link.articleId, "effect", entry),
        ],
        { sourceRefs: [ref], conceptIds, generator: "cause.effect", origin: `cause:${link.id}` },
      );
      const lowered = effect.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase());
      const causeStem = isClause(effect)
        ? `According to the article, why is it that ${lowered.replace(/[.]$/, "")}?`
        : `According to the article, what leads to ${lowered.replace(/[.]$/, "")}?`;
      this.addChoice(causeStem, cause, alike(cause, link.articleId, "cause", entry), {
        sourceRefs: [ref],
        conceptIds,
        generator: "cause.cause",
        origin: `cause:${link.id}`,
      });
      if (flipped) {
        const isTrue = this.truthFor(`cause:${link.id}`);
        const reason = isClause(cause)
          ? `because ${lowerFirst(causeText)}`
          : `because of ${lowerFirst(causeText)}`;
        const truth = `According to the article, ${lowered.replace(/[.]$/, "")} ${reason}.`;
        const falseText = `According to the article, ${lowerFirst(flipped).replace(/[.]$/, "")} ${reason}.`;
        this.add({
          type: "true_false",
          stem: isTrue ? truth : falseText,
          key: isTrue,
          ...(isTrue ? {} : { correction: truth }),
          sourceRefs: [ref],
          conceptIds,
          generator: isTrue ? "cause.true" : "cause.direction",
          origin: `cause:${link.id}`,
        });
      }
    }
  }

  /** Sentences (or claims) carrying a mention, with the mention's place. */
  private mentionContexts(kinds: readonly string[]) {
    const out: { mention: CourseBundle["mentions"][number]; text: string; span: Located }[] = [];
    for (const mention of this.bundle.mentions) {
      if (!kinds.includes(mention.kind)) continue;
      const sentence = this.sentence(mention.sentenceId);
      const text = sentence && usableText(this.bundle, sentence);
      if (!sentence || !text || text.length > MAX_STATEMENT) continue;
      if (isDoubted(sentence)) continue;
      out.push({ mention, text, span: sentence });
    }
    return out;
  }

  /** What a number mention is: content's value, unit and scale, read in the sentence asked. */
  readNumber(mention: Mention, text: string): NumberReading | null {
    const known = this.numberReadings.get(mention.id);
    if (known !== undefined) return known;
    if (this.sentenceMentions.size === 0)
      for (const m of this.bundle.mentions) {
        const inSentence = this.sentenceMentions.get(m.sentenceId);
        if (inSentence) inSentence.push(m);
        else this.sentenceMentions.set(m.sentenceId, [m]);
      }
    const reading = readNumber(
      mention,
      text,
      this.sentenceMentions.get(mention.sentenceId) ?? [],
      this.latestYear(mention.articleId),
    );
    this.numberReadings.set(mention.id, reading);
    return reading;
  }

  /** The year an article was written (else the course's latest): no made-up year comes after it. */
  latestYear(articleId: string): number {
    const known = this.latestYears.get(articleId) ?? latestYearOf(this.bundle, articleId);
    this.latestYears.set(articleId, known);
    return known;
  }

  /**
   * Whether a number is the label of one of a series the course numbers ("photosystem 1" beside
   * "photosystem 2", "phase 1" beside "phase 3"): a name, not a quantity to remember. The word before
   * it is followed elsewhere in the course by a different small whole number.
   */
  isNumberedLabel(number: string, text: string): boolean {
    const at = new RegExp(`(\\p{L}{3,})\\s+${escapeRegExp(number.trim())}(?![\\d.,])`, "u").exec(text);
    const word = at?.[1]?.toLowerCase();
    // A label is a bare whole number after a noun: not "reached 10 million", not "than 5".
    if (
      !word ||
      !/^\d{1,2}$/.test(number.trim()) ||
      /(?:ed|ing)$/.test(word) ||
      contentWords(word).length !== 1
    )
      return false;
    if (!this.labelSeries) {
      const series = new Map<string, Set<string>>();
      for (const article of this.bundle.articles)
        for (const m of article.normalizedText.matchAll(/(\p{L}{3,})\s+(\d{1,2})(?![\d.,%])/gu)) {
          const key = (m[1] ?? "").toLowerCase();
          const numbers = series.get(key) ?? new Set<string>();
          numbers.add(m[2] ?? "");
          series.set(key, numbers);
        }
      this.labelSeries = series;
    }
    return (this.labelSeries.get(word)?.size ?? 0) >= 2;
  }

  fromNumbers(): void {
    const contexts = this.mentionContexts(["money", "percent", "number", "quantity"]).filter(
      // "Mber 24, 2024": a day of the month is part of a date, not a quantity.
      (c) =>
        isQuantity(c.mention) &&
        !new RegExp(`${escapeRegExp(c.mention.text)},?\\s+\\d{4}\\b`).test(c.text) &&
        // "100% cotton" means "all": nothing to remember.
        !(c.mention.unit === "%" && (c.mention.value === 100 || c.mention.value === 0)) &&
        // "NGC 1792", "Windows 11": a number right after a name in capitals is part of the name.
        !new RegExp(`\\b\\p{Lu}{2,}\\s+${escapeRegExp(c.mention.text)}`, "u").test(c.text) &&
        !isPartOfName(c.mention.text, c.text) &&
        !isRestatedInBrackets(c.mention.text, c.text) &&
        !isRangeEnd(c.mention.text, c.text) &&
        !isLabelBeforeNoun(c.mention.text, c.text) &&
        !this.isNumberedLabel(c.mention.text, c.text),
    );
    for (const context of contexts) {
      const { mention, span } = context;
      const text = withoutRestatement(mention.text, context.text);
      const ref = this.ref(span);
      const value = mention.value as number;
      const masked = replaceOnce(text, mention.text, "_____");
      // "18 April 1772 – 11 September 1823" is dates, not a number to vary or fill in.
      const reading = this.readNumber(mention, text);
      if (!ref || !masked || !reading) continue;
      const unit = mention.unit ?? null;
      const conceptIds = this.conceptsIn([text]);
      const unitHint =
        unit === "USD" ? " (in US dollars)" : unit === "%" ? " (in percent)" : unit ? ` (in ${unit})` : "";
      // A range held in one mention ("from 1347 to 1351") is two numbers: no one value to type.
      if (reading.written.length === 1)
        this.add({
          type: "numeric",
          stem: `Fill in the number${unitHint}: “${masked}”`,
          key: { value, tolerance: { mode: "relative", amount: 0.01 }, unit },
          sourceRefs: [ref],
          conceptIds,
          generator: `number.${mention.kind}`,
          origin: `mention:${mention.id}`,
        });
      this.add({
        type: "cloze",
        stem: `Complete the sentence from the source: “${masked}”`,
        key: { accepted: [mention.text.trim()] },
        rejected: this.bundle.mentions
          .filter((m) => m.kind === mention.kind && m.value !== undefined && m.value !== value)
          .map((m) => m.text.trim()),
        sourceRefs: [ref],
        conceptIds,
        generator: `number.${mention.kind}.cloze`,
        origin: `mention:${mention.id}`,
      });
      // Another number of the article or a related one, of the same measure and size, may take one
      // place; the others are the key moved by round steps.
      const near = this.relatedTo(mention.articleId);
      const sameKind = contexts
        .filter(
          (c) => c.mention !== mention && near.has(c.mention.articleId) && !text.includes(c.mention.text),
        )
        .filter((c) => {
          const other = this.readNumber(c.mention, c.text);
          return other !== null && isLikeNumber(reading, mention, other, c.mention);
        })
        .map((c) => c.mention.text.trim());
      const pool = distinct([
        ...numberDistractors(mention.text.trim(), reading, this.rng),
        ...this.pick(sameKind, 1),
      ]).filter((p) => !text.includes(p));
      const stem = `Complete the statement from the source: “${masked}”`;
      this.addChoice(stem, mention.text.trim(), pool, {
        sourceRefs: [ref],
        conceptIds,
        generator: `number.${mention.kind}.choice`,
        origin: `mention:${mention.id}`,
      });
      const wrong = this.pick(pool, 1)[0];
      const falseText = wrong ? replaceOnce(text, mention.text, wrong) : null;
      if (falseText) this.alterStatement(text, span, falseText, "claim.number");
    }
  }

  /**
   * The lesson's key terms in use: a sentence (not the defining one) that names a concept, with the
   * name blanked, against the names of sibling concepts from the same or a related article. Defined
   * terms (an author's card, a term content found a definition for) are the lesson's ideas; the key
   * phrases content found without a definition are its vocabulary, asked only in the author's own
   * assertions and only on sentences no defined term takes.
   */
  fromConcepts(): void {
    const subjects = courseSubjects(this.bundle);
    const defined = (c: CourseBundle["concepts"][number]) =>
      c.origin === "author" ||
      this.bundle.definitions.some((d) => !d.isAnalogy && isEquivalent(d.term, c.name));
    const terms = this.bundle.concepts
      .filter(
        (c) =>
          c.kind === "term" && !/\banalogy\b/i.test(c.name) && !subjects.some((s) => isEquivalent(s, c.name)),
      )
      .sort((a, b) => Number(defined(b)) - Number(defined(a)));
    const passageArticle = new Map(this.bundle.passages.map((p) => [p.id, p.articleId]));
    const passageLesson = new Map(
      this.bundle.lessons.flatMap((l) => l.passageIds.map((id) => [id, l.id] as const)),
    );
    // Per lesson, not per course: a concept taught in four lessons is asked in each of them.
    const asked = new Map<string, number>();
    // A defining sentence is its term's to ask ("A transistor is a semiconductor _____" would stand
    // in for "Name the term for a semiconductor device …"): key phrases leave it alone.
    const defining = new Set([
      ...this.bundle.definitions.filter((d) => d.isFit && !d.isAnalogy).map((d) => d.sentenceId),
      ...this.bundle.concepts.flatMap((c) => {
        const at = c.definitionSource === "text" || c.origin === "author" ? c.definitionRef : undefined;
        return at ? sentencesAt(this.bundle, at.articleId, at.rawStart, at.rawEnd).map((x) => x.id) : [];
      }),
    ]);
    const usedSentences = new Set<string>();
    for (const concept of terms) {
      const isDefined = defined(concept);
      const names = [concept.name, ...nameLikeAliases(concept.name, concept.aliases)].sort(
        (a, b) => b.length - a.length,
      );
      const passages = new Set(concept.passageIds);
      const uses = this.bundle.sentences.filter(
        (s) =>
          passages.has(s.passageId) &&
          s.rawStart !== concept.definitionRef?.rawStart &&
          !usedSentences.has(s.id) &&
          (isDefined || !defining.has(s.id)) &&
          // A sentence that reports what a study found says who holds the claim itself ("The
          // study … found that …"): a blank in it is as faithful as one in the author's own words.
          (isDefined || s.stance.kind === "asserted" || isSelfAttributed(s)),
      );
      for (const sentence of uses) {
        const lessonKey = `${passageLesson.get(sentence.passageId)}`;
        // A key phrase without a definition is asked once per lesson ("rollers" twice is a chore).
        if ((asked.get(lessonKey + concept.id) ?? 0) >= (isDefined ? 2 : 1)) continue;
        const text = usableText(this.bundle, sentence);
        // A short line ("For other uses, see inflation.") says nothing about the term.
        if (!text || text.length > MAX_STATEMENT || text.split(/\s+/).length < 8) continue;
        const name = names.find((n) => replaceOnce(text, n, "_____") !== null);
        const masked = name && replaceOnce(text, name, "_____");
        const ref = this.ref(sentence);
        if (!name || !masked || !ref || isPartOfLongerName(text, name)) continue;
        // A term said twice in its sentence gives its blank away.
        if (` ${normalizeAnswer(masked)} `.includes(` ${normalizeAnswer(name)} `)) continue;
        // A key phrase blanked inside a longer one ("the _____ process" for "puddling process").
        if (/^_____[-\w]|\w_____/.test(masked.replace(/_____(?=\s)/, "_____"))) continue;
        const near = this.relatedTo(passageArticle.get(sentence.passageId) ?? "");
        const siblings = terms
          .filter((c) => c !== concept && c.passageIds.some((id) => near.has(passageArticle.get(id) ?? "")))
          .map((c) => c.name)
          .filter((n) => !text.toLowerCase().includes(n.toLowerCase()));
        const form = isDefined ? "concept" : "keyterm";
        const stem = `Which term completes the statement from the source: “${masked}”?`;
        // "after being _____": a participle key ("open-sourced") among noun phrases is the only option
        // that reads as English, so its options share its ending; the typed blank needs none.
        const ending = (t: string) => /(?:ed|ing)$/i.exec(t.trim())?.[0].toLowerCase() ?? "";
        const alike = ending(name) ? siblings.filter((n) => ending(n) === ending(name)) : siblings;
        // Without two sibling terms for options, the typed blank alone (it needs none).
        this.addChoice(stem, name, alike, {
          sourceRefs: [ref],
          conceptIds: [concept.id],
          generator: `${form}.choice`,
          origin: `concept:${concept.id}:${sentence.id}`,
        });
        asked.set(lessonKey + concept.id, (asked.get(lessonKey + concept.id) ?? 0) + 1);
        usedSentences.add(sentence.id);
        // The sentence, trimmed to its claim, is a true statement on the term in use too.
        if (sentence.isFit && sentence.stance.kind === "asserted") {
          if (!this.statements.has(text))
            this.statements.set(text, { text, span: sentence, alterations: [] });
          this.termStatements.add(text);
        }
        this.add({
          type: "cloze",
          stem: `Complete the sentence from the source: “${masked}”`,
          key: { accepted: distinct([name, concept.name]) },
          rejected: typoRivals([name, concept.name], siblings),
          sourceRefs: [ref],
          conceptIds: [concept.id],
          generator: `${form}.cloze`,
          origin: `concept:${concept.id}:${sentence.id}`,
        });
      }
    }
  }

  /** Whether the course reads a name as other than its mention's kind: a word of a person's name, a glossary term. */
  isKindContradicted(mention: CourseBundle["mentions"][number]): boolean {
    const name = normalizeAnswer(mention.text);
    if (mention.kind === "person") return false;
    const ofPerson = this.bundle.mentions.some(
      (m) => m.kind === "person" && ` ${normalizeAnswer(m.text)} `.includes(` ${name} `),
    );
    return ofPerson || this.bundle.glossary.some((g) => normalizeAnswer(g.term) === name && !g.conceptId);
  }

  fromEntities(): void {
    for (const { mention, text, span } of this.mentionContexts([
      "person",
      "organization",
      "product",
      "place",
    ])) {
      const ref = this.ref(span);
      const masked = replaceOnce(text, mention.text, "_____");
      if (!ref || !masked || isPartOfLongerName(text, mention.text)) continue;
      // "Companies such as _____, Meta, and Google": any name of the kind could stand in a list.
      if (/_____,\s+[^,]+,?\s+(?:and|or)\s|,\s+_____,|,\s+(?:and|or)\s+_____/.test(masked)) continue;
      // "the increased British production … _____ eliminated imports": a word made from the name
      // gives its blank away.
      if (givesNameAway(masked, mention.text.trim())) continue;
      // "the _____ government", "the _____ high-tech giant": a name used as a modifier asks whose
      // thing it is, which the country or firm the article is about nearly always answers.
      if (mention.kind === "place" && BLANK_BEFORE_LOWER.test(masked) && isModifierBefore(text, mention.text))
        continue;
      const associated = this.associatedNames(mention.normalized);
      const key = normalizeAnswer(mention.normalized);
      const fits = (n: string) =>
        !isEquivalent(n, mention.normalized) &&
        !isEquivalent(n, mention.text) &&
        // "Gutenberg" for "Johannes Gutenberg" is the same one, not another.
        !` ${normalizeAnswer(n)} `.includes(` ${key} `) &&
        !` ${key} `.includes(` ${normalizeAnswer(n)} `) &&
        // Whole words: "US" is not in "business".
        !` ${normalizeAnswer(text)} `.includes(` ${normalizeAnswer(n)} `) &&
        !associated.has(normalizeAnswer(n)) &&
        this.isNamedNear(n, mention.articleId);
      // A maker for its product ("OpenAI" for "ChatGPT") is nearly true as a swap; the choice's
      // options drop it too, in `options`.
      const isUntied = (n: string) => !this.areTied(mention.normalized, n) && !this.areTied(mention.text, n);
      // Names the course repeats may stand in the sentence as an actor; a name the article uses once
      // is a sound wrong option, but swapped into the sentence it often makes nonsense ("AlphaGo can
      // be considered a team").
      const actors = this.recurringNames(mention.kind).filter(fits);
      // Then names of the kind that a related article gives in its clean prose and the course
      // repeats: a name a related article writes once may be a misreading ("TheReface").
      const repeated = new Set(this.repeatedNames(mention.kind));
      const pool = withoutNestedNames([
        ...actors,
        ...this.namesInArticle(mention.kind, mention.articleId).filter(fits),
        ...[...this.relatedTo(mention.articleId)]
          .sort()
          .flatMap((id) => this.namesInArticle(mention.kind, id))
          .filter((n) => repeated.has(normalizeAnswer(n)) && fits(n)),
      ]);
      if (pool.length < 2) continue;
      const conceptIds = this.conceptsIn([text]);
      const accepted = distinct([mention.text.trim(), mention.normalized]);
      // Both forms of the blank: the set takes one, and the other is its twin in another type when
      // the sets' mix needs it.
      this.add({
        type: "cloze",
        stem: `Complete the sentence from the source: “${masked}”`,
        key: { accepted },
        rejected: typoRivals(accepted, distinct([...this.nearMisses(mention.text), ...pool])),
        sourceRefs: [ref],
        conceptIds,
        generator: `entity.${mention.kind}.cloze`,
        origin: `mention:${mention.id}`,
      });
      const stem = `Which ${kindWord(mention.kind)} completes the statement from the source: “${masked}”?`;
      // The stem names the kind, and the options are of it: where the course says otherwise ("Liang"
      // of "Liang Wenfeng" as an organization, "GPU", a glossary term), the typed blank alone.
      if (!this.isKindContradicted(mention))
        this.addChoice(stem, mention.text.trim(), pool, {
          sourceRefs: [ref],
          conceptIds,
          generator: `entity.${mention.kind}.choice`,
          origin: `mention:${mention.id}`,
        });
      // "Once the Soviet Union closed itself" takes no "China" after its "the".
      const afterThe = new RegExp(`\\bthe\\s+${escapeRegExp(mention.text)}`, "i").test(text);
      const actor = this.pick(
        actors.filter(
          (n) =>
            isUntied(n) &&
            (!afterThe || new RegExp(`\\bthe\\s+${escapeRegExp(n)}\\b`, "i").test(this.courseText())),
        ),
        1,
      )[0];
      const swapped = actor ? replaceOnce(text, mention.text, actor) : null;
      if (swapped) this.alterStatement(text, span, swapped, "claim.actor");
    }
  }

  fromDates(): void {
    const groups = new Map<string, DatedEvent[]>();
    for (const mention of this.bundle.mentions) {
      if (mention.kind !== "date") continue;
      // "Around 1450" may come unnormalised: its year is still a date to order by.
      const approximate = /^(?:around|about|circa|c\.|by)\s+(\d{4})$/i.exec(mention.normalized)?.[1];
      const date = /^\d{4}(-\d{2}){0,2}$/.test(mention.normalized)
        ? mention.normalized
        : /^--\d{2}(-\d{2})?$/.test(mention.normalized)
          ? mention.normalized.replace(/^--/, "0000-")
          : (approximate ?? null);
      const sentence = this.sentence(mention.sentenceId);
      const text = sentence && usableText(this.bundle, sentence);
      if (!date || !sentence || !text || text.length > MAX_STATEMENT || isDoubted(sentence)) continue;
      // "NGC 1792": a number right after a name in capitals is part of the name, not a year.
      if (new RegExp(`\\b\\p{Lu}{2,}\\s+${escapeRegExp(mention.text)}`, "u").test(text)) continue;
      const label = mention.text.replace(/^(on|by|in|since|until)\s+/i, "").trim();
      // "Puddling became widely used after 1800": a date that a preposition other than those above
      // leans on cannot leave the event without leaving it cut off.
      if (
        new RegExp(
          `\\b(?:after|before|around|about|from|during|to|through|between)\\s+${escapeRegExp(mention.text)}`,
          "i",
        ).test(text)
      )
        continue;
      let event = capitalize(
        text
          .replace(
            new RegExp(`\\b(on|by|in|since|until)?\\s*${escapeRegExp(mention.text)}\\s*,?\\s*`, "i"),
            "",
          )
          .replace(/\s+/g, " ")
          .replace(/\s*[.]$/, "")
          // "launched on Christmas Day, 2021": the comma before the date goes with it.
          .replace(/[\s,;:]+$/, ""),
      );
      // Another date left in the event would give its place away; an event opening on "It" names
      // nothing once its date is gone; one that ends on "of" or "the" ("… most-read stories of") was
      // cut in the middle of a phrase.
      if (contentWords(event).length < 3 || event.length > 180 || DATE_WORDS.test(event)) continue;
      if (endsCutOff(event)) continue;
      const pointsBack = (t: string) =>
        textFlags(this.bundle, `${t}.`, true).some((f) => f.flag === "unresolved_reference");
      // "It reached a landmark moment when Nvidia … announced …": the clause after "when" has a
      // subject of its own, and is the event.
      const own = /\bwhen\s+(.+)$/.exec(event)?.[1];
      if (pointsBack(event) && own && contentWords(own).length >= 4 && !pointsBack(own))
        event = capitalize(own);
      if (pointsBack(event)) continue;
      // Dates without a year compare only within one article (they share its year).
      // Dated events of unrelated articles are not one story to put in order.
      const group = date.startsWith("0000")
        ? `article:${mention.articleId}`
        : `related:${[...this.relatedTo(mention.articleId)].sort().join("|")}`;
      const list = groups.get(group) ?? [];
      if (!list.some((e) => e.date === date || e.text === event))
        list.push({ date, label, text: event, sentence: text, span: sentence });
      groups.set(group, list);
    }
    for (const [group, events] of groups) {
      const chosen: DatedEvent[] = [];
      for (const e of shuffleWith(events, this.rng)) {
        if (
          chosen.length < 4 &&
          chosen.every((c) => !c.date.startsWith(e.date) && !e.date.startsWith(c.date))
        )
          chosen.push(e);
      }
      if (chosen.length >= 3) {
        chosen.sort((a, b) => a.date.localeCompare(b.date));
        const options = chosen.map((e) => ({ id: `e-${shortHash(e.text)}`, text: e.text }));
        this.add({
          type: "ordering",
          stem: "Put these events in the order they happened, earliest first.",
          options: shuffleWith(options, this.rng),
          key: options.map((o) => o.id),
          sourceRefs: chosen.map((e) => this.ref(e.span)).filter((r): r is SourceRef => r !== undefined),
          conceptIds: this.conceptsIn(chosen.map((e) => e.text)),
          generator: "dates.ordering",
          origin: `dates:${group}`,
        });
      }
      for (const event of events) {
        const ref = this.ref(event.span);
        const sameGrain = events.filter(
          (e) => e !== event && e.date.length === event.date.length && e.date !== event.date,
        );
        const stem = `When did this happen, according to the source: “${event.text}”?`;
        if (!ref) continue;
        // The statement with another year is its false version, for a true/false item on the date.
        const nearYears = this.nearYears(event);
        const wrongYear = this.pick(nearYears, 1)[0];
        const falseText = wrongYear ? replaceOnce(event.sentence, event.label, wrongYear) : null;
        if (falseText) this.alterStatement(event.sentence, event.span, falseText, "claim.date");
        // Another event's year may take one place, if it is before the article (as the key is).
        const latestYear = this.latestYear(event.span.articleId);
        const otherYears = sameGrain
          .filter(
            (e) => !/^\d{4}$/.test(e.date) || Number(e.date) <= Math.max(latestYear, Number(event.date)),
          )
          .map((e) => e.label);
        this.addChoice(
          stem,
          event.label,
          /^\d{4}$/.test(event.date) ? [...nearYears, ...this.pick(otherYears, 1)] : otherYears,
          {
            sourceRefs: [ref],
            conceptIds: this.conceptsIn([event.text]),
            generator: "dates.when",
            origin: `date:${event.date}:${event.text}`,
          },
        );
      }
    }
  }

  /**
   * Other years for a year-only event, spaced by round steps that suit how long before the article
   * it was (decades for 1450, years for 2023), and never after the article: "Around 1450" against
   * "Around 1400", "Around 1500", "Around 1550".
   */
  nearYears(event: DatedEvent): string[] {
    if (!/^\d{4}$/.test(event.date)) return [];
    return yearDistractors(event.label, this.latestYear(event.span.articleId), this.rng);
  }

  /** Records a false version of a source statement (changed number, actor or direction). */
  alterStatement(text: string, span: Located, falseText: string, generator: string): void {
    const entry = this.statements.get(text) ?? { text, span, alterations: [] };
    if (!entry.alterations.some((a) => a.text === falseText))
      entry.alterations.push({ text: falseText, generator });
    this.statements.set(text, entry);
  }

  /** Whether a statement is a whole sentence of the source, copied. */
  isWholeSentence(text: string, span: Located): boolean {
    const normalized = normalizeAnswer(text);
    return this.bundle.sentences.some(
      (s) =>
        s.articleId === span.articleId &&
        s.rawStart <= span.rawEnd &&
        s.rawEnd >= span.rawStart &&
        normalizeAnswer(s.text) === normalized,
    );
  }

  fromClaims(): void {
    const claimed = new Set(this.bundle.claims.map((c) => c.sentenceId));
    for (const claim of this.bundle.claims) {
      const sentence = this.sentence(claim.sentenceId);
      const text = sentence && usableText(this.bundle, sentence);
      if (!text) continue;
      if (text.length > MAX_STATEMENT || contentWords(text).length < 4) continue;
      if (!this.statements.has(text)) this.statements.set(text, { text, span: claim, alterations: [] });
      const flipped = flipDirection(text);
      if (flipped) this.alterStatement(text, claim, flipped, "claim.direction");
    }
    // A fit sentence content kept no claim of still states a change ("costs fell"): its reversed
    // version is a false statement of the same kind, so it is a statement to ask about too.
    for (const sentence of this.bundle.sentences) {
      if (claimed.has(sentence.id) || sentence.stance.kind !== "asserted") continue;
      const text = usableText(this.bundle, sentence);
      if (!text || text.length > MAX_STATEMENT || contentWords(text).length < 4) continue;
      const flipped = flipDirection(text);
      if (flipped) this.alterStatement(text, sentence, flipped, "claim.direction");
    }
    // One true/false item per statement that has a false version, true or false with equal odds,
    // so that answering "false" to everything earns no more than chance. Only the author's own
    // assertions, trimmed to the claim: never a whole copied sentence, never a reported or doubted one.
    const asserted = [...this.statements.values()]
      .filter(
        (st) =>
          stanceAt(this.bundle, st.span.articleId, st.span.rawStart, st.span.rawEnd).kind === "asserted" &&
          // "DeepSeek exceeds my expectations": the author's taste, not a fact to mark true or false.
          !/\b(?:I|my|me|mine|we|our|us)\b/.test(st.text) &&
          // "Please visit …", "click here": an instruction to the reader states nothing.
          !/\b(?:please|click|subscribe|sign up)\b/i.test(st.text),
      )
      .map((st) => ({
        ...st,
        text: trimToClaim(st.text),
        alterations: st.alterations
          .map((a) => ({ ...a, text: trimToClaim(a.text) }))
          .filter((a) => a.text !== trimToClaim(st.text)),
      }));
    const statements = asserted.filter(
      (st) => st.text.split(/\s+/).length <= 12 || !this.isWholeSentence(st.text, st.span),
    );
    const originals = new Map([...this.statements.values()].map((st) => [trimToClaim(st.text), st.text]));
    for (const statement of statements) {
      const ref = this.ref(statement.span);
      const onTerm = this.termStatements.has(originals.get(statement.text) ?? "");
      if (!ref || (statement.alterations.length === 0 && !onTerm)) continue;
      const isTrue = this.truthFor(`statement:${statement.text}`);
      const alteration = this.pick(statement.alterations, 1)[0];
      this.add({
        type: "true_false",
        stem: isTrue || !alteration ? statement.text : alteration.text,
        key: isTrue || !alteration,
        ...(isTrue || !alteration ? {} : { correction: statement.text }),
        sourceRefs: [ref],
        conceptIds: this.conceptsIn([statement.text]),
        generator: !alteration ? "claim.term" : isTrue ? "claim.true" : alteration.generator,
        origin: `statement:${statement.text}`,
      });
    }
    // "Select all the statements the source supports": true statements against altered ones.
    const statementsOf = (isTrue: boolean) =>
      this.drafts.filter(
        (d): d is Draft & { type: "true_false" } =>
          d.type === "true_false" && d.key === isTrue && (isTrue || typeof d.correction === "string"),
      );
    // Each statement of a select-all list is a true/false claim too: trimmed, never a whole sentence.
    const trues = [
      ...statements.map((st) => ({
        text: st.text,
        refs: [this.ref(st.span)].filter((r): r is SourceRef => r !== undefined),
      })),
      ...statementsOf(true).map((d) => ({ text: d.stem, refs: d.sourceRefs })),
    ];
    const falses = [
      ...statementsOf(false)
        .filter((d) => !d.generator.startsWith("claim."))
        .map((d) => ({ text: d.stem, correction: d.correction ?? "", refs: d.sourceRefs })),
      ...statements.flatMap((st) => {
        const ref = this.ref(st.span);
        return ref ? st.alterations.map((a) => ({ text: a.text, correction: st.text, refs: [ref] })) : [];
      }),
    ];
    // One list per group of related articles: statements of unrelated articles are not one subject.
    const groupOf = (refs: readonly SourceRef[]) =>
      [...this.relatedTo(refs[0]?.articleId ?? "")].sort().join("|");
    for (const group of new Set(trues.map((t) => groupOf(t.refs)))) {
      this.addSelectAll(
        "Which of these statements does the source support? Select all that apply.",
        trues.filter((t) => groupOf(t.refs) === group),
        falses.filter((f) => groupOf(f.refs) === group),
        `claims:${group}`,
      );
    }
    for (const concept of this.bundle.concepts) {
      const about = (text: string) => this.conceptsIn([text]).includes(concept.id);
      this.addSelectAll(
        `Which of these statements about ${concept.name} does the source support? Select all that apply.`,
        trues.filter((t) => about(t.text)),
        falses.filter((f) => about(f.text)),
        `claims:${concept.id}`,
        [concept.id],
      );
    }
  }

  private addSelectAll(
    stem: string,
    trues: readonly { text: string; refs: SourceRef[] }[],
    falses: readonly { text: string; correction: string; refs: SourceRef[] }[],
    origin: string,
    conceptIds?: string[],
  ): void {
    const falseSet: (typeof falses)[number][] = [];
    for (const f of shuffleWith(falses, this.rng)) {
      if (
        falseSet.length < 2 &&
        f.text.length <= MAX_STATEMENT &&
        !falseSet.some((x) => isNearCopy(x.text, f.text))
      ) {
        falseSet.push(f);
      }
    }
    // Never a true statement beside its own altered copy: comparing the two would give the key away.
    const uniqueTrues = trues.filter((t, i) => trues.findIndex((x) => isEquivalent(x.text, t.text)) === i);
    const trueSet = this.pick(
      uniqueTrues.filter(
        (t) =>
          t.text.length <= MAX_STATEMENT &&
          !falseSet.some(
            (f) => f.correction === t.text || isNearCopy(f.text, t.text) || isEquivalent(f.text, t.text),
          ),
      ),
      2,
    );
    if (falseSet.length === 0 || trueSet.length === 0 || falseSet.length + trueSet.length < 3) return;
    const texts = distinct([...trueSet.map((t) => t.text), ...falseSet.map((f) => f.text)]);
    if (texts.length !== trueSet.length + falseSet.length) return;
    const options = shuffleWith(texts, this.rng).map((text) => ({
      id: `o-${shortHash(`${stem}|${text}`)}`,
      text,
    }));
    const refs = [...trueSet.flatMap((t) => t.refs), ...falseSet.flatMap((f) => f.refs)];
    const unique = refs.filter(
      (r, i) =>
        refs.findIndex(
          (x) => x.rawStart === r.rawStart && x.articleId === r.articleId && x.rawEnd === r.rawEnd,
        ) === i,
    );
    this.add({
      type: "multiple_choice",
      stem,
      options,
      key: options.filter((o) => trueSet.some((t) => t.text === o.text)).map((o) => o.id),
      feedback: options.flatMap((o) => {
        const f = falseSet.find((x) => x.text === o.text);
        return f
          ? [{ optionId: o.id, text: `The source says otherwise: ${f.correction}`, sourceRefs: f.refs }]
          : [];
      }),
      sourceRefs: unique,
      conceptIds: conceptIds ?? this.conceptsIn(trueSet.map((t) => t.text)),
      generator: "claims.select",
      origin,
    });
  }
}

/**
 * A difficulty estimate before any student has answered (item statistics replace it later): a base
 * per type (recognising is easier than recalling), more for more options, longer stems and longer
 * typed answers.
 *
 * @example
 * estimateDifficulty(question) // 0.47
 */
export function estimateDifficulty(question: Pick<Question, "type" | "stem"> & Partial<Question>): number {
  let difficulty = DIFFICULTY[question.type];
  const words = question.stem.split(/\s+/).length;
  difficulty += Math.min(0.1, words / 400);
  if ("options" in question && Array.isArray(question.options))
    difficulty += 0.04 * Math.max(0, question.options.length - 3);
  if (
    (question.type === "cloze" || question.type === "short_answer") &&
    question.key &&
    typeof question.key === "object" &&
    "accepted" in question.key
  ) {
    difficulty += Math.min(0.1, (question.key.accepted[0]?.length ?? 0) / 200);
  }
  return Math.round(Math.min(0.95, Math.max(0.05, difficulty)) * 100) / 100;
}

function summarize(draft: Question): DroppedCandidate["candidate"] {
  return { id: draft.id, type: draft.type, generator: draft.generator, stem: draft.stem };
}

/**
 * Generates questions from a course bundle's analysis: definitions, analogies, cause and effect,
 * numbers and money, entities, dated events and claims. Pure and deterministic: the same bundle,
 * seed and variant give the same questions. Every item passes the grounding gate and the lint, or is
 * listed in `report.dropped` with the gate and a readable reason.
 *
 * @example
 * const { questions, report } = generateQuestions(bundle, { seed: 42 });
 * const retry = generateQuestions(bundle, { seed: 42, variant: 1 }); // fresh variants
 */
export function generateQuestions(bundle: CourseBundle, options: GenerateOptions): GenerationResult {
  const variant = options.variant ?? 0;
  if (!Number.isSafeInteger(options.seed) || !Number.isSafeInteger(variant)) {
    throw new QuizValidationError("seed and variant must be integers", [
      `seed ${options.seed}, variant ${variant}`,
    ]);
  }
  const parsed = CourseBundleSchema.safeParse(bundle);
  if (!parsed.success) {
    throw new QuizValidationError(
      "malformed course bundle",
      parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const generator = new Generator(bundle, options.seed, variant);
  generator.fromDefinitions();
  generator.fromAnalogies();
  generator.fromCausalLinks();
  generator.fromNumbers();
  generator.fromEntities();
  generator.fromDates();
  generator.fromConcepts();
  generator.fromClaims();
  addClaimForms(generator);

  const dropped: DroppedCandidate[] = [];
  const accepted: Question[] = [];
  const facts = new Map<string, string>();
  const seenStems = new Set<string>();
  const scores = new Map<string, ReturnType<typeof scoreQuestion>>();
  for (const draft of generator.drafts) {
    const verdict = generator.vet(draft);
    if (!("quality" in verdict)) {
      dropped.push(...verdict.dropped);
      continue;
    }
    const { question, quality } = verdict;
    const id = question.id;
    const origin = draft.origin;
    const stemKey = `${question.type}|${normalizeAnswer(question.stem)}`;
    if (seenStems.has(stemKey)) {
      dropped.push({
        candidate: summarize(question),
        gate: "bank",
        reason: "duplicate of an item already in the bank",
      });
      continue;
    }
    seenStems.add(stemKey);
    scores.set(id, quality);
    facts.set(id, origin);
    accepted.push({ ...question, quality: { score: quality.score, reasons: quality.reasons } });
  }

  const bank = balanceBank(accepted, dropped);
  const scored: ScoredItem[] = bank.map((q) => ({
    question: q,
    fact: facts.get(q.id) ?? q.id,
    score: q.quality?.score ?? 0,
    testsConcepts: scores.get(q.id)?.testsConcepts ?? [],
  }));
  const sets = selectQuizSets(bundle, scored, variant);
  const inSet = new Set([...sets.values()].flat());
  const stimuli = groupStimuli(bundle, bank, sets);
  const questions = bank.map((q) => {
    const stimulus = stimuli.get(q.id);
    return { ...q, inQuizSet: inSet.has(q.id), ...(stimulus ? { stimulus } : {}) };
  });
  const countsByType: Partial<Record<QuestionType, number>> = {};
  const countsByConcept: Record<string, number> = {};
  for (const q of questions) {
    countsByType[q.type] = (countsByType[q.type] ?? 0) + 1;
    for (const c of q.conceptIds) countsByConcept[c] = (countsByConcept[c] ?? 0) + 1;
  }
  const droppedByReason: Record<string, number> = {};
  for (const d of dropped) {
    const key = d.flaw ? `${d.gate}:${d.flaw}` : d.gate;
    droppedByReason[key] = (droppedByReason[key] ?? 0) + 1;
  }
  const lowScoredByReason: Record<string, number> = {};
  for (const q of questions) {
    if ((q.quality?.score ?? 1) >= 0.5) continue;
    const reason = (q.quality?.reasons[0] ?? "unscored").replace(/\s[\d.]+$/, "");
    lowScoredByReason[reason] = (lowScoredByReason[reason] ?? 0) + 1;
  }
  return {
    questions,
    report: {
      countsByType,
      countsByConcept,
      dropped,
      droppedByReason,
      lowScoredByReason,
      quizSets: Object.fromEntries(sets),
    },
  };
}

/**
 * The default quiz set of a bank (or of one lesson's items): what an assignment draws by default.
 * The rest of the bank is reserve and retry variants.
 *
 * @example
 * const set = quizSetOf(questions); // questions.filter((q) => q.inQuizSet)
 */
export function quizSetOf<T extends Pick<Question, "inQuizSet">>(questions: readonly T[]): T[] {
  return questions.filter((q) => q.inQuizSet === true);
}

/** Drops choice items a surface strategy gets right until no strategy beats chance by more than 5 points. */
function balanceBank(questions: Question[], dropped: DroppedCandidate[]): Question[] {
  let bank = questions;
  for (let round = 0; round < 50; round++) {
    const quality = measureBankQuality(bank, 0.05);
    const worst = (Object.entries(quality.strategies) as [TestWiseStrategy, number][])
      .filter(([, score]) => score > quality.chance + 0.05)
      .sort((a, b) => b[1] - a[1])[0];
    if (!worst) break;
    const victim = bank.find((q) => {
      if (q.type !== "single_choice") return false;
      const picks = pickByStrategy(q, worst[0]);
      return picks.length === 1 && picks[0]?.id === q.key;
    });
    if (!victim) break;
    dropped.push({
      candidate: summarize(victim),
      gate: "bank",
      reason: `the key is what the “${worst[0]}” guessing strategy picks, and the bank already favours it`,
    });
    bank = bank.filter((q) => q !== victim);
  }
  // Keep true and false statements within 5 points of half and half. A true statement on a term in
  // use or a definition with no false version (isOneSided) is its fact's only other answer and
  // stays, for a retry to turn to; the sets
  // keep their own balance.
  const trueFalse = bank.filter((q): q is TrueFalseQuestion => q.type === "true_false" && !isOneSided(q));
  const trues = trueFalse.filter((q) => q.key);
  const falses = trueFalse.filter((q) => !q.key);
  const [major, minor] = trues.length > falses.length ? [trues, falses] : [falses, trues];
  const excess = new Set<Question>(
    trueFalse.length >= 10 ? major.slice(Math.floor(minor.length * (0.55 / 0.45))) : [],
  );
  // Then the true statements on terms in use, up to 60% true (the limit a test-wise "always true"
  // is held to), in an order of their own (by their stems, not by the variant), so that a retry's
  // bank mostly keeps the ones the first kept.
  const kept = trueFalse.filter((q) => !excess.has(q));
  const keptTrues = kept.filter((q) => q.key).length;
  const keptFalses = kept.length - keptTrues;
  const onTerms = bank
    .filter((q): q is TrueFalseQuestion => q.type === "true_false" && isOneSided(q))
    .sort((a, b) => hashString(a.stem) - hashString(b.stem));
  const room = Math.max(0, Math.floor(keptFalses * (0.6 / 0.4)) - keptTrues);
  for (const q of onTerms.slice(room)) excess.add(q);
  for (const q of excess) {
    dropped.push({
      candidate: summarize(q),
      gate: "bank",
      reason: "too many true/false items with the same answer: always answering one way would pay",
    });
  }
  return bank.filter((q) => !excess.has(q));
}

/**
 * Every concept name and alias in a course: pass them as `rejected` when grading typed answers to an
 * author's question, so no other concept's name is ever accepted by typo tolerance.
 *
 * @example
 * gradeResponse(question, "jevons paradx", { rejected: listConceptNames(bundle) })
 */
export function listConceptNames(bundle: CourseBundle): string[] {
  return distinct(bundle.concepts.flatMap((c) => [c.name, ...c.aliases]));
}
