import type { CausalLink, Claim, Definition, EntityKind, Mention } from "./bundle.ts";
import { secondClauseAt } from "./clauses.ts";
import { lexicon } from "./lexicon.ts";
import { isKnownWord } from "./nlp.ts";
import { toRawSpan } from "./normalize.ts";
import type { SegmentedArticle, SegmentedSentence } from "./segment.ts";
import {
  hasLowerThenUpper,
  isCapitalised,
  isLetters,
  startsCapitalised,
  startsUpper,
} from "./word-classes.ts";

/** What the analysis found in one article; every item points at its sentence and raw span. */
/** A definition before the fitness of its sentence is known. */
export type DefinitionDraft = Omit<Definition, "isFit">;
/** A claim before its sentence's stance and fitness are known. */
export type ClaimDraft = Omit<Claim, "stance" | "isFact">;

export interface ArticleAnalysis {
  mentions: Mention[];
  definitions: DefinitionDraft[];
  causalLinks: CausalLink[];
  claims: ClaimDraft[];
  /** Recurring noun phrases, most salient first, with how often they occur. */
  keyTerms: Array<{ term: string; count: number }>;
}

// ---------------------------------------------------------------- numbers

const smallNumbers: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  a: 1,
  an: 1,
  dozen: 12,
  half: 0.5,
};
const scales: Record<string, number> = {
  hundred: 1e2,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  hundredfold: 1e2,
  thousandfold: 1e3,
};
const currencies: Array<[RegExp, string]> = [
  [/\$|\bus(?:d|\$)|dollars?\b/i, "USD"],
  [/€|\beur(?:o|os)?\b/i, "EUR"],
  [/£|\bgbp\b|\bpounds?\b/i, "GBP"],
  [/¥|\brmb\b|\byuan\b|\bcny\b/i, "CNY"],
  [/\byen\b|\bjpy\b/i, "JPY"],
];

/**
 * Reads the value of a number phrase, scale words included.
 *
 * @example
 * parseNumber("$5.576 million"); // 5576000
 * parseNumber("two orders of magnitude"); // 100
 * parseNumber("1/30"); // 0.0333...
 */
export function parseNumber(phrase: string): number | undefined {
  const text = phrase.toLowerCase().replace(/(?<=\d),(?=\d{3})/g, "");
  const magnitude = text.includes("magnitude")
    ? /\b(\w+|\d+(?:\.\d+)?) orders? of magnitude\b/.exec(text)
    : null;
  if (magnitude?.[1]) {
    const n = Number(magnitude[1]) || smallNumbers[magnitude[1]];
    return n === undefined ? undefined : 10 ** n;
  }
  const fraction = text.includes("/") ? /(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/.exec(text) : null;
  if (fraction?.[1] && fraction[2] && Number(fraction[2]) !== 0)
    return Number(fraction[1]) / Number(fraction[2]);
  let value: number | undefined;
  let current = 0;
  let total = 0;
  // A second number after a word that is not part of the first ("from 1347 to 1351", "5 or 6",
  // "twenty to thirty") or a second numeral ("3-4") starts another number: the phrase's value is its
  // first, never the sum of both.
  let isApart = false;
  for (const word of text.match(/\d+(?:\.\d+)?|[a-z]+/g) ?? []) {
    if (/^\d/.test(word)) {
      if (value !== undefined) break;
      current += Number(word);
      value = 0;
    } else if (word in smallNumbers && !(word === "a" || word === "an")) {
      if (value !== undefined && isApart) break;
      current += smallNumbers[word] ?? 0;
      value = 0;
    } else if (word in scales) {
      if (value === undefined && (word === "m" || word === "b" || word === "k")) continue;
      const scale = scales[word] ?? 1;
      if (scale === 100) current = (current || 1) * scale;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      value = 0;
    } else if (word === "fold" && value !== undefined) {
      // "ten thousandfold", "10-fold": the number itself is the factor.
    } else if (value !== undefined && word !== "and") isApart = true;
  }
  return value === undefined ? undefined : total + current;
}

/** The factor of the scale word in a number phrase ("$5.5 million" -> 1e6), if it has one. */
function scaleOf(phrase: string): number | undefined {
  const word =
    /\d\s*(hundred|thousand|million|billion|trillion|bn|mn|tn|[kmb])\b|\b(hundred|thousand|million|billion|trillion)\b/i.exec(
      phrase,
    );
  const key = (word?.[1] ?? word?.[2])?.toLowerCase();
  return key === undefined ? undefined : scales[key];
}

function currencyOf(text: string): string | undefined {
  for (const [pattern, code] of currencies) if (pattern.test(text)) return code;
  return undefined;
}

// ---------------------------------------------------------------- names

const places = new Set(
  `China US U.S. USA America Europe Asia Africa Japan Korea India Russia Britain UK England France Germany
  Italy Spain Canada Mexico Brazil Australia Taiwan Singapore Beijing Shanghai Shenzhen Hangzhou Washington
  California London Paris Tokyo Moscow Israel Iran Vietnam Indonesia Netherlands Sweden Switzerland
  Ireland UAE Dubai`.split(/\s+/),
);
const multiWordPlaces = [
  "United States",
  "Hong Kong",
  "New York",
  "Silicon Valley",
  "Soviet Union",
  "Saudi Arabia",
];
/** Words of multi-word place names, which may start or continue a name run ("Silicon Valley"). */
const placeParts = new Set(multiWordPlaces.flatMap((p) => p.split(" ")));
const orgCues =
  /\b(?:inc|corp|corporation|company|group|labs?|university|institute|government|ministry|bank|times|foundation|association|agency)\b\.?$/i;
const personTitles =
  /\b(?:mr|mrs|ms|dr|professor|prof|president|ceo|founder|chairman|minister|senator)\.?\s+$/i;

/** Words around a name that mark it as a person's: "headed by ...", "..., the founder of", "... said". */
function personCue(before: string, after: string): boolean {
  return (
    /\b(?:led|headed|founded|run|chaired|said|according to)\s+(?:by\s+)?$/i.test(before) ||
    /^,\s+(?:the\s+|a\s+|an\s+)?(?:[\p{L}'’]+\s+){0,3}?(?:founder|co-founder|ceo|chief|president|director|professor|scientist|researcher|engineer|investor|analyst|author|chairman|minister)\b/iu.test(
      after,
    ) ||
    /^\s+(?:said|says|stated|remarked|argued|told|wrote|noted|believes|founded|co-founded|leads|led|heads|headed|runs|ran)\b/i.test(
      after,
    )
  );
}

/** Words around a name that mark it as a product's: "the free versions of ...", "an alternative to ...". */
function productCue(before: string, after: string): boolean {
  return (
    /\b(?:versions? of|alternatives? to|(?:released|launched|unveiled|introduced)(?: its| the| a| an)?|(?:using|uses|used|tried|downloaded|installed)(?: the)?|(?:app|chatbot|assistant)s?(?: called| named)?)\s+$/i.test(
      before,
    ) || /^\s+(?:app|apps|chatbot|assistant|software)\b/i.test(after)
  );
}

/** Words around a name that mark it as an organisation's: "... Inc", "...'s founder", "the founder of ...". */
function organizationCue(before: string, after: string): boolean {
  return (
    /^\s*(?:,\s*)?(?:inc|corp|ltd|company|'s (?:team|founder|ceo|engineers|employees|researchers)|(?:or|and) (?:another|other) (?:startups?|compan(?:y|ies)|firms?))\b/i.test(
      after,
    ) ||
    /\b(?:(?:founder|ceo|head|employees?|engineers?|researchers?|staff) (?:of|at)|(?:company|firm|startup|rival|lab)(?: called| named)?)\s+$/i.test(
      before,
    )
  );
}

function nameKind(name: string, before: string, after: string): EntityKind | undefined {
  if (places.has(name) || multiWordPlaces.includes(name)) return "place";
  if (orgCues.test(name) || /^\s*(?:inc|corp|ltd|company|'s (?:team|founder|ceo|engineers))\b/i.test(after))
    return "organization";
  if (/\d/.test(name) || /^\s+(?:model|app|chips?|gpus?|software|tool|models)\b/i.test(after))
    return "product";
  if (personTitles.test(before)) return "person";
  const parts = name.split(/\s+/);
  // Each part of a person's name is capitalised, not shouted: "Liang Wenfeng", "Yann LeCun".
  if (parts.length >= 2 && parts.length <= 3 && parts.every((p) => startsCapitalised(p))) {
    const last = parts[parts.length - 1] ?? "";
    if (!isKnownWord(last) || /^(?:Mc|Mac|Le|De|Di|Van|O')\p{Lu}/u.test(last)) return "person";
  }
  if (parts.length === 1 && (!isKnownWord(name) || /\p{Ll}\p{Lu}|^\p{Lu}{2,}$/u.test(name)))
    return "organization";
  return undefined;
}

/** Words that start a title-cased run without telling its words apart: "of", "the", "and". */
const expansionGlue = /^(?:of|on|for|and|the|in|to|de)$/i;
const orgHeads =
  /\b(?:institutes?|agency|administration|department|organi[sz]ation|office|council|commission|bureau|association|foundation|university|ministry|cent(?:er|re)s?|program(?:me)?|company|corporation|bank|fund|union|society|academy|laborator(?:y|ies)|service|party|court|army|force)\b/i;

const abbreviationInBrackets = /\(\s*(\p{Lu}\p{L}{1,7})\s*\)/gu;
const wordChar = /^[\p{L}-]$/u;
const spaceChar = /^\s$/u;

/** The code point that ends just before `end`: one code unit, or two for a surrogate pair. */
function charBefore(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
  const isPair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(end - (isPair ? 2 : 1), end);
}

/**
 * The matches of `/((?:[\p{L}-]+\s+){1,10})\(\s*(\p{Lu}\p{L}{1,7})\s*\)/gu` as [words, abbreviation]
 * pairs, found from each bracket backwards: run forwards, that pattern tries up to ten words at every
 * letter of the article, which cost more than the rest of the analysis.
 */
export function* spelledAbbreviations(text: string): Generator<[string, string]> {
  let floor = 0; // the end of the previous match: matches do not overlap
  for (const m of text.matchAll(abbreviationInBrackets)) {
    let start = m.index;
    for (let words = 0; words < 10; words++) {
      let gap = start;
      while (gap > floor && spaceChar.test(charBefore(text, gap))) gap -= charBefore(text, gap).length;
      if (gap === start) break;
      let word = gap;
      while (word > floor && wordChar.test(charBefore(text, word))) word -= charBefore(text, word).length;
      if (word === gap) break;
      start = word;
    }
    if (start === m.index) continue;
    floor = m.index + m[0].length;
    yield [text.slice(start, m.index), m[1] ?? ""];
  }
}

/**
 * The evidence that a single capitalised word is a name, gathered over the article:
 * - an abbreviation spelled out in the text ("Artificial General Intelligence (AGI)") names a term,
 *   not an organisation, unless its expansion has an organisation's head ("National Cancer Institute");
 *   one written in a case abbreviations are not ("Agi") is a miscased term wherever it stands;
 * - an abbreviation the text pluralises ("GPUs") is a common noun;
 * - a capitalised word the article only capitalises in title-cased sentences or at a sentence's start
 *   has no capital of its own to show;
 * - a word one edit from a dictionary word ("Explration": "exploration") is a misspelling, not a name.
 */
function nameEvidence(article: SegmentedArticle): { isName(word: string): boolean } {
  const { tokens, sentences } = article;
  const text = article.normalized.text;
  const terms = new Set<string>();
  // The words before "(ABC)" whose initials spell it, in any case: normalisation may have lowered them.
  for (const [lead, short] of spelledAbbreviations(text)) {
    const words = lead.trim().split(/\s+/);
    let from = words.length;
    let letters = "";
    while (from > 0 && letters.length < short.length) {
      from--;
      const word = words[from] ?? "";
      if (!expansionGlue.test(word)) letters = (word[0] ?? "") + letters;
    }
    if (letters.toLowerCase() !== short.toLowerCase()) continue;
    if (short !== short.toUpperCase() || !orgHeads.test(words.slice(from).join(" ")))
      terms.add(short.toLowerCase());
  }
  for (const m of text.matchAll(/\b(\p{Lu}{2,})s\b/gu)) terms.add((m[1] ?? "").toLowerCase());

  // Capitalised words seen mid-sentence in normally cased sentences.
  const ownCapital = new Set<string>();
  for (const sentence of sentences) {
    let words = 0;
    let capitalised = 0;
    for (let t = sentence.firstToken + 1; t < sentence.lastToken; t++) {
      const word = tokens[t]?.text ?? "";
      if (word.length < 3 || !isLetters(word)) continue;
      words++;
      if (startsUpper(word)) capitalised++;
    }
    if (capitalised >= 3 && capitalised >= words * 0.5) continue;
    for (let t = sentence.firstToken + 1; t < sentence.lastToken; t++) {
      const word = tokens[t]?.text ?? "";
      if (startsUpper(word)) ownCapital.add(word);
    }
  }
  return {
    isName(word) {
      if (terms.has(word.toLowerCase())) return false;
      if (places.has(word) || !isCapitalised(word)) return true;
      if (!ownCapital.has(word)) return false;
      return lexicon().isProperNoun(word) || word.length < 7 || lexicon().nearWords(word).length === 0;
    },
  };
}

// ---------------------------------------------------------------- patterns

/**
 * Definitional cues. `needs`: words one of which a sentence holds (in lower case) for the pattern to
 * match, looked for first: the patterns are tried at many positions, a substring search costs little.
 */
const definitionPatterns: Array<{
  pattern: RegExp;
  name: string;
  isAnalogy: boolean;
  termAfter: boolean;
  needs: readonly string[];
}> = [
  {
    pattern: /\b(?:is|are|was|were|be|been)?\s*(?:known as|called|termed|dubbed|referred to as)\s+/i,
    name: "known_as",
    isAnalogy: false,
    termAfter: true,
    needs: ["known as", "called", "termed", "dubbed", "referred to as"],
  },
  {
    pattern: /\b(?:means|meant|refers to|is defined as|stands for|is the process of|describes)\s+/i,
    name: "means",
    isAnalogy: false,
    termAfter: false,
    needs: ["means", "meant", "refers to", "defined as", "stands for", "process of", "describes"],
  },
  {
    pattern: /\b(?:is|are|was|were)\s+(?:similar to|akin to|analogous to|comparable to|like)\s+/i,
    name: "similar_to",
    isAnalogy: true,
    termAfter: false,
    needs: ["similar to", "akin to", "analogous to", "comparable to", "like"],
  },
  {
    pattern: /\b(?:similar to|akin to|analogous to)\s+/i,
    name: "akin_to",
    isAnalogy: true,
    termAfter: false,
    needs: ["similar to", "akin to", "analogous to"],
  },
  {
    // "A transistor is a semiconductor device …", "In economics, inflation is a sustained increase …":
    // a short subject opening the sentence, then "is a/an" or "is the process/study of".
    // Anchored, with the subject captured: tried once per sentence, not at every position.
    pattern:
      /^((?:(?:in|for|within|among) [\p{L} ]{2,30}, )?(?:an?\s+|the\s+)?(?:[\p{L}-]+\s+){0,3}[\p{L}-]+)(?:,\s+(?:or\s+[\p{L} -]{2,30}?|on the other hand|in turn|in other words|in economics|in biology),)?\s+(?:is|are)\s+(?=["“]?(?:an?|one)\s+\p{L}|["“]?the (?:process|study|practice|rate|idea|theory|use|science|value|amount|cost|sum|ratio|measure|quantity|degree|extent|ability|tendency|state|condition|branch) (?:of|that|which|to)\b)/iu,
    name: "is_a",
    isAnalogy: false,
    termAfter: false,
    needs: ["is", "are"],
  },
  {
    // "Hepatitis is inflammation of the liver": a bare noun after the copula, with what qualifies it
    // (the noun is checked against the tagger below).
    pattern:
      /^((?:an?\s+|the\s+)?(?:[\p{L}-]+\s+){0,2}[\p{L}-]+)\s+(?:is|are)\s+(?=(\p{Ll}[\p{L}-]*)\s+(?:of|for|to|in|that|which|caused|used|made|found|produced)\b)/u,
    name: "is_noun",
    isAnalogy: false,
    termAfter: false,
    needs: ["is", "are"],
  },
];
/** Where a name given after "called" or "known as" ends: a preposition, a relative or a verb after it. */
const nameEnd =
  /\s+(?=(?:into|in|on|at|for|to|from|with|by|that|which|who|because|when|while|as|is|are|was|were|has|have|had|can|could|will|would|may|after|before|during|through)\s)/i;
const notASubject =
  /^(?:it|this|that|these|those|there|they|he|she|we|you|i|which|what|one|each|such|here|today|now|so|but|and|or)$/i;
/** Subjects that name a role in an argument, not a thing to define: "the problem", "the key difference". */
const vagueSubject =
  /^(?:(?:the|a|an|one|another|our|its|their)\s+)?(?:[\p{L}-]+\s+)?(?:problem|result|reason|key|question|answer|goal|point|issue|truth|fact|difference|thing|way|aim|challenge|solution|outcome|consequence|benefit|advantage|danger|risk|hope|plan|trouble|situation|example|lesson|idea)s?$/iu;
const pronounSubject =
  /^(?:\(?\s*(?:basically|simply put|in short|essentially|in other words)?,?\s*)?(?:it|this|that|these|they|which)$/i;

const causalMarkers: Array<{ pattern: RegExp; causeFirst: boolean }> = [
  { pattern: /\b(?:because of|because|due to|owing to|thanks to)\b/i, causeFirst: false },
  {
    pattern:
      /\b(?:led to|leads to|lead to|leading to|resulted in|results in|result in|causes?|caused|drives?|driving|drove|will drive|enabled|enables|allows?|helps?|so that|therefore|thus|as a result|consequently)\b/i,
    causeFirst: true,
  },
];

/** Where a contrasting clause joins on: ", but …", ", although …". */
const contrastClause = /,\s+(?:but|yet|although|though|whereas)\s+/i;

function clean(fragment: string): string {
  return fragment
    .replace(/^[\s,;:("'—-]+|[\s,;:)"'.—-]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The longest noun of a sentence: a cheap stand-in for "what this sentence is about". */
function mainNoun(article: SegmentedArticle, sentence: SegmentedSentence | undefined): string | undefined {
  if (!sentence) return undefined;
  const { tokens } = article;
  let best: number | undefined;
  for (let t = sentence.firstToken; t < sentence.lastToken; t++) {
    const token = tokens[t];
    if (token && token.pos === "NOUN" && token.text.length > (tokens[best ?? -1]?.text.length ?? 3)) best = t;
  }
  if (best === undefined) return undefined;
  // With the nouns it is compounded with: "opportunity cost", not "opportunity".
  let first = best;
  let last = best;
  const isNoun = (t: number) => tokens[t]?.pos === "NOUN" && /^[\p{L}-]+$/u.test(tokens[t]?.text ?? "");
  while (first > sentence.firstToken && isNoun(first - 1)) first--;
  while (last + 1 < sentence.lastToken && isNoun(last + 1)) last++;
  const words: string[] = [];
  for (let t = first; t <= last; t++) words.push(tokens[t]?.text ?? "");
  return words.join(" ");
}

/** True when the token at `offset` (within the sentence) is tagged a noun. */
function startsWithNoun(article: SegmentedArticle, sentence: SegmentedSentence, offset: number): boolean {
  const at = sentence.normStart + offset;
  for (let t = sentence.firstToken; t < sentence.lastToken; t++) {
    const token = article.tokens[t];
    if (token && token.start >= at) return token.start === at && token.pos === "NOUN";
  }
  return false;
}

/** Scale patterns, each with the substrings (lower case) one of which a text needs for it to match. */
const scalePatterns: Array<[RegExp, EntityKind, (m: string) => string | undefined, readonly string[]]> = [
  [
    /\b(?:\w+|\d+(?:\.\d+)?) orders? of magnitude\b/gi,
    "quantity",
    () => "orders of magnitude",
    ["magnitude"],
  ],
  [
    /(?:[$€£¥]\s?\d[\d,.]*(?:\s+(?:million|billion|trillion|thousand|bn|mn|[mbk]))?|\b\d[\d,.]*(?:\s+(?:million|billion|trillion|thousand))?\s+(?:rmb|yuan|dollars|usd|euros|yen))\b/gi,
    "money",
    currencyOf,
    ["$", "€", "£", "¥", "rmb", "yuan", "dollars", "usd", "euros", "yen"],
  ],
  [/\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)/gi, "percent", () => "%", ["%", "percent", "per cent"]],
  [/\b\d+\s?\/\s?\d+\b/g, "number", () => undefined, ["/"]],
  [
    /\b(?:\w+[- ])?(?:hundred|thousand|million)fold\b|\b\d+(?:\.\d+)?-?fold\b/gi,
    "quantity",
    () => "fold",
    ["fold"],
  ],
];

// ---------------------------------------------------------------- the stage

// Compiled once: a Unicode regex literal in a function is rebuilt on every call once esbuild lowers it.
const capitalThenLetters = /^\p{Lu}\p{L}+$/u;
const capitalisedCompound = /^\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*$/u;
const innerOrAllCapitals = /\p{Lu}\p{Ll}*\p{Lu}|^\p{Lu}{2,}$/u;
const dateCue = /\d|\p{Lu}|today|yesterday|tomorrow|week|month|year|decade|century/u;
const pronounLedCue = /^(?:this|that|these|such|the)\b(?:\s+\p{L}+)?\s*$/iu;
const termWord = /^[\p{L}-]+$/u;

/**
 * The mentions of one article as they are found: each phase adds to them in turn, and a span once
 * taken is never mentioned again (scale phrases first, then wink-nlp's entities, then names).
 */
class MentionFinder {
  readonly mentions: Mention[] = [];
  private readonly taken: Uint8Array;
  private readonly text: string;

  constructor(private readonly article: SegmentedArticle) {
    this.text = article.normalized.text;
    this.taken = new Uint8Array(this.text.length);
  }

  add(
    sentence: SegmentedSentence,
    start: number,
    end: number,
    kind: EntityKind,
    normalizedForm: string,
    value?: number,
    unit?: string,
  ): void {
    for (let i = start; i < end; i++) if (this.taken[i]) return;
    this.taken.fill(1, start, end);
    const surface = this.text.slice(start, end);
    this.mentions.push({
      // Offset within the sentence: stable while the sentence is unchanged, wherever it moves.
      id: `${sentence.id}-m${start - sentence.normStart}`,
      kind,
      text: surface,
      normalized: normalizedForm,
      ...(value === undefined ? {} : { value }),
      ...(unit === undefined ? {} : { unit }),
      ...(value === undefined || scaleOf(surface) === undefined ? {} : { scale: scaleOf(surface) }),
      sentenceId: sentence.id,
      passageId: sentence.passageId,
      articleId: this.article.articleId,
      ...toRawSpan(this.article.normalized, start, end),
    });
  }
}

/** Scale phrases wink-nlp does not join: "two orders of magnitude", "hundredfold", "10,000 RMB". */
function findScaleMentions(article: SegmentedArticle, found: MentionFinder): void {
  const { sentences } = article;
  const text = article.normalized.text;
  const sentenceStarts = sentences.map((x) => x.normStart);
  const sentenceAt = (offset: number): SegmentedSentence | undefined => {
    let lo = 0;
    let hi = sentenceStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((sentenceStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const sentence = sentences[lo];
    return sentence && sentence.normStart <= offset && offset < sentence.normEnd ? sentence : undefined;
  };
  const lowerText = text.toLowerCase();
  for (const [pattern, kind, unitOf, needs] of scalePatterns) {
    if (!needs.some((cue) => lowerText.includes(cue))) continue;
    for (const m of text.matchAll(pattern)) {
      const sentence = sentenceAt(m.index);
      if (!sentence || m.index + m[0].length > sentence.normEnd) continue;
      const value = parseNumber(m[0]);
      if (value === undefined && kind !== "quantity") continue;
      found.add(sentence, m.index, m.index + m[0].length, kind, String(value ?? m[0]), value, unitOf(m[0]));
    }
  }
}

/** wink-nlp's entities: dates, money, percentages, cardinals, durations. */
function findEntityMentions(article: SegmentedArticle, found: MentionFinder): void {
  const { tokens, sentences } = article;
  const text = article.normalized.text;
  const sentenceOfToken = new Int32Array(tokens.length).fill(-1);
  sentences.forEach((s, i) => {
    for (let t = s.firstToken; t < s.lastToken; t++) sentenceOfToken[t] = i;
  });
  for (const entity of article.entities) {
    const first = tokens[entity.firstToken];
    const last = tokens[entity.lastToken - 1];
    const sentence = sentences[sentenceOfToken[entity.firstToken] ?? -1];
    if (!first || !last || !sentence) continue;
    const surface = text.slice(first.start, last.end);
    const value = parseNumber(surface);
    switch (entity.type) {
      case "DATE": {
        // "this may" is a modal verb, not May; "By January 31" starts at "January".
        if (!dateCue.test(surface)) break;
        const lead = /^(?:by|on|in|since|until|from|before|after)\s+/i.exec(surface)?.[0].length ?? 0;
        const start = first.start + lead;
        found.add(
          sentence,
          start,
          last.end,
          "date",
          isoDate(text.slice(start, last.end)) ?? text.slice(start, last.end),
        );
        break;
      }
      case "MONEY":
        found.add(
          sentence,
          first.start,
          last.end,
          "money",
          String(value ?? surface),
          value,
          currencyOf(surface) ?? "USD",
        );
        break;
      case "PERCENT":
        found.add(sentence, first.start, last.end, "percent", String(value ?? surface), value, "%");
        break;
      case "CARDINAL":
        if (value !== undefined) found.add(sentence, first.start, last.end, "number", String(value), value);
        break;
      case "DURATION": {
        const unit = /([a-z]+)$/i.exec(surface)?.[1];
        found.add(sentence, first.start, last.end, "quantity", surface, value, unit);
        break;
      }
      default:
        break;
    }
  }
}

/** A run of capitalised tokens that may be a name. */
interface NameRun {
  sentence: SegmentedSentence;
  start: number;
  stop: number;
  name: string;
  tokenCount: number;
}

/**
 * Names: runs of capitalised tokens the vocabulary does not know, or proper nouns mid-sentence, each
 * given a kind by the words around it and the evidence of the whole article.
 */
function findNameMentions(article: SegmentedArticle, found: MentionFinder): void {
  const { tokens, sentences } = article;
  const text = article.normalized.text;
  // A one-word name must recur, or be camel-cased (OpenAI): one-off capitalised typos are not names.
  const capitalisedCounts = new Map<string, number>();
  for (const token of tokens) {
    if (startsUpper(token.text))
      capitalisedCounts.set(
        token.text.toLowerCase(),
        (capitalisedCounts.get(token.text.toLowerCase()) ?? 0) + 1,
      );
  }
  const plausibleSingleName = (name: string) =>
    places.has(name) ||
    hasLowerThenUpper(name) ||
    /\d/.test(name) ||
    (capitalisedCounts.get(name.toLowerCase()) ?? 0) >= 2;

  const isNameToken = (i: number, sentenceStart: number) => {
    const token = tokens[i];
    if (!token || token.text.length < 2 || !startsUpper(token.text)) return false;
    if (places.has(token.text) || placeParts.has(token.text)) return true;
    // A known word opens a name when a word the vocabulary lacks follows: "Lee Sedol", "Mark Zuckerberg".
    const next = tokens[i + 1];
    if (
      token.pos === "PROPN" &&
      next &&
      isCapitalised(token.text) &&
      capitalThenLetters.test(next.text) &&
      !isKnownWord(next.text) &&
      (capitalisedCounts.get(next.text.toLowerCase()) ?? 0) >= 2 &&
      i !== sentenceStart
    ) {
      return true;
    }
    if (capitalisedCompound.test(token.text) && !isKnownWord(token.text.replace(/-.*/, ""))) {
      return true;
    }
    return token.pos === "PROPN" && i !== sentenceStart && innerOrAllCapitals.test(token.text);
  };
  const runs: NameRun[] = [];
  const nameCounts = new Map<string, number>();
  for (const sentence of sentences) {
    let t = sentence.firstToken;
    while (t < sentence.lastToken) {
      if (!startsUpper(tokens[t]?.text ?? "")) {
        t++;
        continue;
      }
      const titled =
        personTitles.test(`${tokens[t - 1]?.text ?? ""} `) && isCapitalised(tokens[t]?.text ?? "");
      if (titled) {
        // "Professor You Yang": after a title, capitalised words are a name even when they are also words.
        let end = t;
        while (end < sentence.lastToken && end - t < 3 && isCapitalised(tokens[end]?.text ?? "")) end++;
        const start = tokens[t]?.start ?? 0;
        const stop = tokens[end - 1]?.end ?? start;
        found.add(sentence, start, stop, "person", text.slice(start, stop));
        t = end;
        continue;
      }
      if (!isNameToken(t, sentence.firstToken)) {
        t++;
        continue;
      }
      let end = t + 1;
      while (end < sentence.lastToken) {
        const gap = text.slice(tokens[end - 1]?.end ?? 0, tokens[end]?.start ?? 0);
        if ((gap === " " || gap === "") && isNameToken(end, sentence.firstToken)) end++;
        else if (tokens[end]?.text === "-" && isNameToken(end + 1, sentence.firstToken)) end += 2;
        else break;
      }
      const start = tokens[t]?.start ?? 0;
      const stop = tokens[end - 1]?.end ?? start;
      const name = text.slice(start, stop);
      runs.push({ sentence, start, stop, name, tokenCount: end - t });
      nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
      t = end;
    }
  }
  const evidence = nameEvidence(article);
  // The kind of each word of a multi-word name ("Liang" of "Liang Wenfeng"), for the word on its own.
  const partKinds = new Map<string, EntityKind>();
  const kinds = runs.map(({ start, stop, name, tokenCount }) => {
    const before = text.slice(Math.max(0, start - 30), start);
    const after = text.slice(stop, stop + 60);
    let kind = nameKind(name, before, after);
    // Two capitalised words are a person only with evidence: a cue around them, or recurrence.
    if (
      kind === "person" &&
      !personTitles.test(before) &&
      !personCue(before, after) &&
      (nameCounts.get(name) ?? 0) < 2
    ) {
      kind = undefined;
    }
    if (kind === "person" && tokenCount > 1)
      for (const part of name.split(/\s+/)) if (!partKinds.has(part)) partKinds.set(part, kind);
    return kind;
  });
  // A one-word name the article once uses as a product, and never as an organisation, is a product.
  const productCues = new Map<string, boolean>();
  for (const { start, stop, name, tokenCount } of runs) {
    if (tokenCount !== 1) continue;
    const before = text.slice(Math.max(0, start - 30), start);
    const after = text.slice(stop, stop + 60);
    if (organizationCue(before, after)) productCues.set(name, false);
    else if (productCue(before, after) && !productCues.has(name)) productCues.set(name, true);
  }
  runs.forEach(({ sentence, start, stop, name, tokenCount }, index) => {
    let kind = kinds[index];
    if (kind === "organization" && tokenCount === 1 && productCues.get(name)) kind = "product";
    if (tokenCount === 1) {
      const whole = partKinds.get(name);
      if (whole) kind = whole;
      else if (!evidence.isName(name)) kind = undefined;
    }
    if (kind && (tokenCount > 1 || plausibleSingleName(name))) found.add(sentence, start, stop, kind, name);
  });
}

/** What every item found in a sentence carries: where it stands. */
function sentencePlace(articleId: string, sentence: SegmentedSentence) {
  return {
    sentenceId: sentence.id,
    passageId: sentence.passageId,
    articleId,
    rawStart: sentence.rawStart,
    rawEnd: sentence.rawEnd,
  };
}

/** The first definitional cue a sentence matches, with its term and defining words. */
function findDefinition(
  article: SegmentedArticle,
  sentence: SegmentedSentence,
  index: number,
): DefinitionDraft | undefined {
  const { sentences } = article;
  const s = sentence.text;
  const lowerSentence = s.toLowerCase();
  for (const { pattern, name, isAnalogy, termAfter, needs } of definitionPatterns) {
    if (!needs.some((cue) => lowerSentence.includes(cue))) continue;
    const m = pattern.exec(s);
    if (!m) continue;
    // An anchored pattern captures the subject: the text before its cue.
    const before = m[1] ?? s.slice(0, m.index);
    const after = s.slice(m.index + m[0].length);
    // "Louis XVI called the Estates-General", "they called for reform": "called" is the verb of a
    // subject, not a name being given.
    if (name === "known_as" && isCallingVerb(article, sentence, m.index, after)) continue;
    // After a naming cue the name ends where its sentence goes on: "called antigens | into the body",
    // "called macrolides | inhibit bacterial protein synthesis".
    const named = termAfter ? after.slice(0, verbAfter(article, sentence, m.index + m[0].length)) : "";
    let term = termAfter
      ? clean((named.split(/[,;.–—]/)[0] ?? "").split(nameEnd)[0] ?? "")
      : clean(before.split(/[,;:—]/).pop() ?? "");
    if ((name === "is_a" || name === "is_noun") && term.split(/\s+/).some((w) => notASubject.test(w)))
      continue;
    // "The main problem is a shortage of …": a subject that says what role something plays, not a term.
    if ((name === "is_a" || name === "is_noun") && vagueSubject.test(term)) continue;
    if (name === "is_noun" && !startsWithNoun(article, sentence, m.index + m[0].length)) continue;
    if (!termAfter && pronounSubject.test(term)) term = mainNoun(article, sentences[index - 1]) ?? term;
    // "…, while a trade-off is the process of …": the clause's own subject, after its conjunction.
    term = clean(
      term.replace(/^(?:while|whereas|and|but|or|although|though|because|if|when|since|so|yet)\s+/i, ""),
    );
    term = clean(term.replace(/^(?:the|a|an|this|that)\s+/i, ""));
    // "choosing one path means giving up others": a verb and its object, not a term.
    if (/^\p{L}+ing\s+(?:the|a|an|one|this|that|these|those|his|her|their|its|our|your|my)\b/iu.test(term))
      continue;
    if (term.length < 2 || term.split(" ").length > 8) continue;
    // "has been called one of the most pressing issues": a ranking, not a name.
    if (termAfter && rankingGloss.test(term)) continue;
    // The defining words: what stands on the other side of the cue from the term. "This phenomenon
    // is known as X" defines X by what the sentence before described.
    const pronounLed = termAfter && pronounLedCue.test(clean(before));
    const gloss = termAfter
      ? pronounLed
        ? (sentences[index - 1]?.text ?? "")
        : namedPhrase(before)
      : clean(
          after
            .slice(0, secondClauseAt(article, sentence, m.index + m[0].length) ?? after.length)
            .replace(/\)\s*\.?$/, ""),
        );
    const defining = gloss.replace(/^(?:that|which|is|are)\s+/i, "");
    // A likeness may be to a name ("similar to the AlphaGo Zero model"); a definition may not. The
    // sentence a pronoun-led cue points back to is the definition whole.
    if (!isAnalogy && !pronounLed && !isDefiningPhrase(defining)) continue;
    return {
      id: `${sentence.id}-d`,
      term,
      definition: s,
      gloss: defining,
      pattern: name,
      isAnalogy,
      ...sentencePlace(article.articleId, sentence),
    };
  }
  return undefined;
}

/** A generic noun set off after a clause, renaming what the clause describes: ", a process known as …". */
const clauseRenamed =
  /,\s+(?:in\s+)?an?\s+(?:process|phenomenon|method|technique|reaction|step|practice|mechanism|effect|procedure)\s*$/i;

/**
 * The phrase a name given after a naming cue ("called", "known as") is given to, from the text
 * before the cue: "It doesn't orbit any body, but a sector of space called L2" gives "a sector of
 * space"; "When a vaccine is given, specialised cells called …" gives "specialised cells"; "… the
 * incorporation of CO2 into organic molecules, a process known as carbon fixation" renames the
 * clause, and gives it.
 */
function namedPhrase(before: string): string {
  // After the last clause break and its conjunction.
  const clause = (before.split(/[;:—]|,\s+(?=(?:but|and|or|yet|while|whereas)\s)/).pop() ?? "")
    .replace(/^\s*(?:but|and|or|yet|while|whereas)\s+/i, "")
    // "For example, a group of antibiotics called macrolides": the opener is no part of it.
    .replace(leadingOpener, "");
  const renamed = clauseRenamed.exec(clause);
  if (renamed) return clean(clause.slice(0, renamed.index).replace(/^(?:thus|so|then|here),?\s+/i, ""));
  return clean(
    clause
      // "The Black Death, also called the Great Plague": the adverb goes with the cue.
      .replace(/,?\s+(?:also|often|sometimes|usually|commonly)\s*$/i, "")
      // "For that reason, Earth is sometimes called …": the subject the name is given to.
      .replace(/\s+(?:is|are|was|were|has been|have been)$/i, "")
      .replace(/^(?:for|in|at|on|by|with|after|before|during|because of)\b[^,]{0,30},\s+/i, "")
      // "When a vaccine is given, specialised cells called …": the phrase right before the cue;
      // "Water vapor, which responds …, is called": a relative clause's antecedent.
      .replace(/^.*,\s+(?=\S)(?!(?:which|who|whose)\b)/s, "")
      .replace(/,\s+(?:which|who|whose)\b.*$/s, "")
      .replace(/^(?:in|by|through)\s+(?=(?:an?|the)\s)/i, "")
      // "creating a robust defense known as …", "released last week by a company called …":
      // the noun phrase, not the participle before it.
      .replace(/^\p{Ll}+(?:ing|ed|en)\b[^,]*?\s(?=(?:an?|the)\s)/u, "")
      // "Vaccination creates a robust defense known as …": a clause's object, from its determiner.
      .replace(/^(?!(?:an?|the)\s)[^,]*?\s(?=(?:an?|the)\s)/iu, ""),
  );
}

/** A discourse opener before a clause: "For example, ", "Whereas ", "In addition, ". */
const leadingOpener =
  /^(?:for (?:example|instance)|in addition|also|however|moreover|similarly|likewise|where ?as|while|by contrast|in contrast)\s*,?\s+/i;
/**
 * What rates or ranks its subject instead of saying what it is: "one of the biggest challenges", "a
 * cornerstone of public health".
 */
const rankingGloss =
  /^(?:one|some|among|part) of the\b|^(?:another|other|the other|the same)\b|^(?:an?|the)\s+(?:[\p{Ll}-]+\s+)?(?:cornerstone|pillar|hallmark|milestone|backbone|keystone|linchpin|symbol|sign|example|testament|triumph|success|failure|disaster)s?\b|^(?:an?|the)\s+(?:very\s+)?(?:important|big|bigger|biggest|major|key|good|great|huge|serious|real|growing|significant|powerful|useful|crucial|vital|critical|popular|famous|difficult|hard|easy|better|best|worse|worst|main|primary|leading|top|first|last)\b/iu;

/**
 * Whether a phrase can define a term: it names what the term is ("a group of antibiotics", "a
 * paste"), rather than ranking it ("one of the biggest challenges"), pointing elsewhere ("another
 * group"), or being a clause cut from its subject or a name for a name.
 */
function isDefiningPhrase(gloss: string): boolean {
  if (rankingGloss.test(gloss)) return false;
  // A verb or a pronoun first is a clause cut from its subject, not a phrase: "is usually just",
  // "it is likely to …".
  if (/^(?:is|are|was|were|be|been|has|have|had|it|they|this|these|he|she|we)\b/i.test(gloss)) return false;
  // "The Eastern Roman Empire, known as the Byzantine Empire": a name for a name is an alias.
  if (/^(?:the\s+)?\p{Lu}[\p{L}'’-]*(?:\s+(?:of\s+|the\s+)?\p{Lu}[\p{L}'’-]*)*$/u.test(gloss)) return false;
  const contentWords = gloss
    .split(/[^\p{L}'’-]+/u)
    .filter((w) => w.length > 2 && !/^(?:the|and|for|with|that|which|this|these|those|from|into)$/i.test(w));
  return contentWords.length >= 1;
}

/**
 * Whether the "called" a naming cue matched is the verb of a subject ("Louis XVI called the
 * Estates-General", "the king called the assembly", "they called for reform"): it follows a name or
 * a personal pronoun, takes a particle, or takes an object ("the", "his") as the sentence's first
 * verb. "a company called DeepSeek", "is called" and "a point in space called the Lagrange point"
 * (after the sentence's verb) give names.
 */
function isCallingVerb(
  article: SegmentedArticle,
  sentence: SegmentedSentence,
  cueAt: number,
  after: string,
): boolean {
  const text = sentence.text;
  const cue = text.slice(cueAt).trimStart();
  if (!/^called\b/i.test(cue)) return false;
  if (/^(?:for|on|upon|off|back|out|in|up|into)\b/i.test(after)) return true;
  const previous = /(\S+)\s*$/.exec(text.slice(0, cueAt))?.[1] ?? "";
  if (/^(?:he|she|they|we|i|you|who)$/i.test(previous)) return true;
  // "The Black Death, also called the Great Plague": an adverb of naming before it.
  if (/^(?:also|often|sometimes|commonly|usually|now|formerly|so|aptly|rightly)$/i.test(previous))
    return false;
  // A capitalised word that does not open the sentence: the subject's name ("Louis XVI", "Necker").
  const opensSentence = text.slice(0, cueAt).trim() === previous;
  if (/^\p{Lu}/u.test(previous) && !opensSentence) return true;
  if (!/^(?:the|his|her|their|its|our|a|an)\s/i.test(after)) return false;
  const cueStart = sentence.normStart + cueAt;
  for (let t = sentence.firstToken; t < sentence.lastToken; t++) {
    const token = article.tokens[t];
    if (!token || token.start >= cueStart) break;
    if (token.pos === "VERB" || token.pos === "AUX") return false;
  }
  return true;
}

/**
 * Where a name given after a naming cue stops at the sentence's next verb: "a group called
 * macrolides inhibit protein synthesis" names "macrolides". Returns the offset within the text after
 * `from` (an offset in the sentence), or undefined to take it to the end.
 */
function verbAfter(article: SegmentedArticle, sentence: SegmentedSentence, from: number): number | undefined {
  const at = sentence.normStart + from;
  for (let t = sentence.firstToken; t < sentence.lastToken; t++) {
    const token = article.tokens[t];
    // The name's own first word is never its end, whatever the tagger makes of it.
    if (!token || token.start <= at) continue;
    // A participle may be part of the name ("the printing press"): a finite verb ends it.
    if (
      (token.pos === "VERB" || token.pos === "AUX") &&
      /^\p{Ll}+$/u.test(token.text) &&
      !/(?:ing|ed|en)$/.test(token.text)
    )
      return token.start - at;
  }
  return undefined;
}

/** Cause and effect around the first causal marker of a sentence. */
function findCausalLink(
  articleId: string,
  sentence: SegmentedSentence,
  previous: SegmentedSentence | undefined,
): CausalLink | undefined {
  const s = sentence.text;
  for (const { pattern, causeFirst } of causalMarkers) {
    const m = pattern.exec(s);
    if (!m) continue;
    // "… is harvested and used to drive synthesis": a purpose after "to", not a cause at work.
    if (/\bto\s+$/i.test(s.slice(0, m.index))) continue;
    // A contrast after the link is a clause of its own: "… so that the government could intervene,
    // but by then a lot of damage had been done" links only the first part.
    const left = clean(s.slice(0, m.index));
    const right = clean(s.slice(m.index + m[0].length).split(contrastClause)[0] ?? "");
    const cause = causeFirst ? left || clean(previous?.text ?? "") : right;
    const effect = causeFirst ? right : left;
    if (cause.length < 3 || effect.length < 3) continue;
    return {
      id: `${sentence.id}-c`,
      cause,
      effect,
      marker: m[0].toLowerCase(),
      ...sentencePlace(articleId, sentence),
    };
  }
  return undefined;
}

/** Claims: statements that carry a number, an amount or a date. */
function findClaims(article: SegmentedArticle, mentions: readonly Mention[]): ClaimDraft[] {
  const mentionsBySentence = new Map<string, Mention[]>();
  for (const mention of mentions) {
    const list = mentionsBySentence.get(mention.sentenceId) ?? [];
    list.push(mention);
    mentionsBySentence.set(mention.sentenceId, list);
  }
  const claims: ClaimDraft[] = [];
  for (const sentence of article.sentences) {
    const own = mentionsBySentence.get(sentence.id) ?? [];
    const numeric = own.filter((m) => ["money", "percent", "number", "quantity", "date"].includes(m.kind));
    if (numeric.length > 0 && !sentence.text.endsWith("?")) {
      claims.push({
        id: `${sentence.id}-k`,
        text: sentence.text,
        mentionIds: own.map((m) => m.id),
        ...sentencePlace(article.articleId, sentence),
      });
    }
  }
  return claims;
}

/**
 * Key terms: adjective/noun runs ending in a noun (a gerund may lead: "puddling process"), and the
 * head noun of each run on its own, so "top rollers" and "grooved rollers" count for "rollers"; most
 * salient first.
 */
function findKeyTerms(article: SegmentedArticle): Array<{ term: string; count: number }> {
  const { tokens } = article;
  const termCounts = new Map<string, { term: string; count: number }>();
  const adjectiveLed = new Set<string>();
  const countTerm = (first: number, end: number) => {
    const words: string[] = [];
    for (let i = first; i < end; i++) words.push(tokens[i]?.text ?? "");
    const term = words.join(" ").toLowerCase();
    if (term.length <= 3) return;
    if (words.length > 1 && tokens[first]?.pos === "ADJ") adjectiveLed.add(term);
    // A lone word counts only as a noun: which ones are key is decided against everyday English later.
    if (words.length === 1 && tokens[first]?.pos !== "NOUN") return;
    const entry = termCounts.get(term);
    if (entry) entry.count++;
    else termCounts.set(term, { term, count: 1 });
  };
  for (const sentence of article.sentences) {
    let runStart = sentence.firstToken;
    for (let t = sentence.firstToken; t <= sentence.lastToken; t++) {
      const token = t < sentence.lastToken ? tokens[t] : undefined;
      const continuesRun =
        token !== undefined &&
        (token.pos === "NOUN" ||
          token.pos === "ADJ" ||
          token.pos === "PROPN" ||
          (token.pos === "VERB" && /ing$/i.test(token.text) && tokens[t + 1]?.pos === "NOUN")) &&
        t - runStart < 4 &&
        termWord.test(token.text);
      if (continuesRun) continue;
      let runEnd = t;
      while (runEnd > runStart && tokens[runEnd - 1]?.pos !== "NOUN" && tokens[runEnd - 1]?.pos !== "PROPN")
        runEnd--;
      if (runEnd > runStart) {
        countTerm(runStart, runEnd);
        if (runEnd - runStart > 1 && tokens[runEnd - 1]?.pos === "NOUN") countTerm(runEnd - 1, runEnd);
      }
      runStart = t + 1;
    }
  }

  // An everyday adjective ("powerful", "new") qualifies a term that also stands without it: only the
  // bare term is kept ("ai model", not "powerful ai model"); "open source" keeps its "open".
  for (const term of termCounts.keys()) {
    const space = term.indexOf(" ");
    const tail = space < 0 ? undefined : termCounts.get(term.slice(space + 1));
    // The bare term already counted these occurrences as the runs' head noun, or as runs of its own.
    if (tail && adjectiveLed.has(term) && lexicon().frequencyPerMillion(term.slice(0, space)) > 20)
      termCounts.delete(term);
  }
  // Weighed once, not in every comparison: a long article has thousands of recurring phrases.
  return [...termCounts.values()]
    .filter((t) => t.count >= 2)
    .map((t) => ({ t, weight: t.count * t.term.split(" ").length }))
    .sort((a, b) => b.weight - a.weight || a.t.term.localeCompare(b.t.term))
    .slice(0, 60)
    .map(({ t }) => t);
}

/**
 * Finds mentions (names, dates, money, percentages, numbers with scale words), definitional sentences,
 * cause and effect, claims with numbers, and key terms, from the wink-nlp pass of segmentation. One
 * function per phase: the mentions (scale phrases, then wink-nlp's entities, then names), then what
 * each sentence holds.
 *
 * @example
 * const article = segmentArticle("a1", normalizeText("The training cost was $5.576 million."));
 * analyzeArticle(article).mentions[0]; // { kind: "money", value: 5576000, unit: "USD", ... }
 */
export function analyzeArticle(article: SegmentedArticle): ArticleAnalysis {
  const { sentences } = article;
  const found = new MentionFinder(article);
  findScaleMentions(article, found);
  findEntityMentions(article, found);
  findNameMentions(article, found);
  const mentions = found.mentions.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);

  const definitions: DefinitionDraft[] = [];
  const causalLinks: CausalLink[] = [];
  sentences.forEach((sentence, index) => {
    const definition = findDefinition(article, sentence, index);
    if (definition) definitions.push(definition);
    const link = findCausalLink(article.articleId, sentence, sentences[index - 1]);
    if (link) causalLinks.push(link);
  });
  const claims = findClaims(article, mentions);
  return { mentions, definitions, causalLinks, claims, keyTerms: findKeyTerms(article) };
}

const months = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * An ISO form of a date phrase, or undefined when it names no month or year.
 *
 * @example
 * isoDate("January 20, 2025"); // "2025-01-20"
 * isoDate("January 27"); // "--01-27"
 */
export function isoDate(surface: string): string | undefined {
  const lower = surface.toLowerCase();
  const monthIndex = months.findIndex(
    (m) => lower.includes(m) || new RegExp(`\\b${m.slice(0, 3)}\\b`).test(lower),
  );
  const year = /\b(1[5-9]\d\d|20\d\d)\b/.exec(lower)?.[1];
  const day = /\b([0-2]?\d|3[01])(?:st|nd|rd|th)?\b(?!\d)/.exec(lower.replace(/\b\d{4}\b/g, ""))?.[1];
  const pad = (n: number) => String(n).padStart(2, "0");
  if (monthIndex >= 0) {
    const month = pad(monthIndex + 1);
    if (day) return `${year ?? "-"}-${month}-${pad(Number(day))}`;
    return year ? `${year}-${month}` : `--${month}`;
  }
  return year;
}
