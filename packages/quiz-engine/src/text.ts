import { distance } from "fastest-levenshtein";

/** Text normalisation shared by grading, the gates and generation. */

const SMALL_NUMBERS: Record<string, number> = {
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
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
};
/** Scale words that may follow a written-out number (single letters only after digits). */
const WORD_SCALES = new Set(["hundred", "thousand", "million", "billion", "trillion"]);
const ARTICLES = new Set(["a", "an", "the"]);

export const STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "at",
  "by",
  "for",
  "with",
  "from",
  "as",
  "is",
  "was",
  "are",
  "were",
  "be",
  "been",
  "it",
  "its",
  "this",
  "that",
  "these",
  "those",
  "which",
  "who",
  "what",
  "than",
  "then",
  "into",
  "has",
  "have",
  "had",
  "not",
  "but",
  "so",
  "such",
  "their",
  "there",
  "they",
  "them",
  "he",
  "she",
  "his",
  "her",
  "we",
  "our",
  "you",
  "your",
  "i",
  "can",
  "could",
  "will",
  "would",
  "may",
  "might",
  "do",
  "does",
  "did",
  "also",
  "more",
  "most",
  "very",
  "about",
  "after",
  "before",
  "over",
  "under",
  "one",
  "all",
  "any",
  "some",
  "if",
  "when",
  "where",
  "how",
  "why",
]);

/** Words a generated statement adds around what the source says ("X refers to Y", "A led to this: B"). */
const FRAME_WORDS = new Set(["refers", "refer", "similar", "likened", "led", "according", "source", "means"]);

/** Words that state a direction, with their opposites: flipping one makes a statement false. */
export const DIRECTION_PAIRS: [string, string][] = [
  ["rose", "fell"],
  ["rise", "fall"],
  ["increase", "decrease"],
  ["increased", "decreased"],
  ["increases", "decreases"],
  ["more", "less"],
  ["higher", "lower"],
  ["cheaper", "more expensive"],
  ["gained", "lost"],
  ["surge", "drop"],
  ["larger", "smaller"],
  ["bigger", "smaller"],
  ["wider", "narrower"],
  // Comparisons: who is ahead of whom ("the Chinese corpus still lags behind its English counterpart").
  ["lags behind", "is ahead of"],
  ["lag behind", "are ahead of"],
  ["lagged behind", "was ahead of"],
  ["surpassed", "fell short of"],
  ["outperformed", "fell short of"],
  ["exceeded", "fell short of"],
  ["least", "most"],
  ["lowered", "raised"],
];

const NEGATIONS = new Set(["not", "no", "never", "without", "nor"]);

/** Absolute words that test-wise students learn to distrust. */
export const ABSOLUTE_WORDS = [
  "always",
  "never",
  "all",
  "none",
  "only",
  "every",
  "completely",
  "entirely",
  "impossible",
];

function stripMarks(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** Splits into lowercase word tokens, keeping decimal numbers whole and dropping thousands separators. */
export function tokenize(text: string): string[] {
  const cleaned = stripMarks(text)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/'s\b/g, "")
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(/[^a-z0-9.]+/g, " ")
    .replace(/\.(?!\d)|(?<!\d)\./g, " ");
  return cleaned.split(" ").filter((t) => t.length > 0);
}

/** Folds runs of number words (and digits followed by scale words) into digits: "five million" -> "5000000". */
function foldNumberWords(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    const isDigits = /^\d+(\.\d+)?$/.test(token);
    if (!(token in SMALL_NUMBERS) && !isDigits) {
      out.push(token);
      i++;
      continue;
    }
    let total = 0;
    let current = isDigits ? Number(token) : (SMALL_NUMBERS[token] as number);
    let j = i + 1;
    for (; j < tokens.length; j++) {
      const next = tokens[j] as string;
      if (!isDigits && next in SMALL_NUMBERS && canExtend(current, SMALL_NUMBERS[next] as number)) {
        current += SMALL_NUMBERS[next] as number;
      } else if (WORD_SCALES.has(next) || (isDigits && j === i + 1 && next in SCALES)) {
        const scale = SCALES[next] as number;
        if (scale === 100) current *= 100;
        else {
          total += current * scale;
          current = 0;
        }
      } else if (next === "and" && !isDigits && (tokens[j + 1] ?? "") in SMALL_NUMBERS) {
        // "one hundred and five"
      } else break;
    }
    out.push(String(roundValue(total + current)));
    i = j;
  }
  return out;
}

/** "twenty" + "one", "one hundred" + "five", "one hundred" + "twenty": a word that extends a number. */
function canExtend(current: number, next: number): boolean {
  if (current === 0) return false;
  if (next < 10) return current % 10 === 0;
  return current % 100 === 0;
}

function roundValue(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * Canonical form of a typed answer: case, accents, punctuation, spacing, articles and number words
 * do not matter.
 *
 * @example
 * normalizeAnswer("The  Jevons-Paradox!") // "jevons paradox"
 * normalizeAnswer("five million") // "5000000"
 */
export function normalizeAnswer(text: string, foldNumbers = true): string {
  const cache = foldNumbers ? foldedCache : literalCache;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const tokens = tokenize(text);
  const normalized = (foldNumbers ? foldNumberWords(tokens) : tokens)
    .filter((t) => !ARTICLES.has(t))
    .join(" ");
  // Generation and the gates normalise the same passages and options many times over.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, normalized);
  return normalized;
}

const CACHE_LIMIT = 50_000;
const foldedCache = new Map<string, string>();
const literalCache = new Map<string, string>();

/** Both readings of a typed answer: number words folded ("two" -> "2") and as written ("AlphaGo Zero"). */
export function answerForms(text: string): string[] {
  const folded = normalizeAnswer(text);
  const literal = normalizeAnswer(text, false);
  return folded === literal ? [folded] : [folded, literal];
}

/** Content words of a text (normalised, no stopwords). */
export function contentWords(text: string): string[] {
  return normalizeAnswer(text)
    .split(" ")
    .filter((t) => t.length > 0 && !STOPWORDS.has(t));
}

const SUFFIXES = ["ations", "ation", "ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "s", "ly"];

/** A word without its inflection or common suffix ("formation", "forming" -> "form"), kept at 4 letters or more. */
export function wordRoot(word: string): string {
  for (const suffix of SUFFIXES)
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  return word;
}

/**
 * A word in both grammatical numbers, as English spells most plurals: "vaccine" -> vaccine,
 * vaccines, vaccinees…; "bodies" -> bodies, body; "viruses" -> viruses, viruse, virus. The forms
 * over-generate ("viruse"), which is harmless: they are only compared with real words.
 *
 * @example
 * numberForms("cells") // ["cells", "cell", "celles"…] includes "cell"
 */
export function numberForms(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < 3 || !/^\p{L}+$/u.test(w)) return [w];
  const forms = [w, `${w}s`, `${w}es`];
  if (/[^aeiou]y$/.test(w)) forms.push(`${w.slice(0, -1)}ies`);
  if (/ies$/.test(w)) forms.push(`${w.slice(0, -3)}y`);
  if (/es$/.test(w)) forms.push(w.slice(0, -2));
  if (/[^s]s$/.test(w)) forms.push(w.slice(0, -1));
  return forms;
}

/** Whether two words are one word in either number ("vaccine", "vaccines"). */
export function isSameInNumber(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || numberForms(a).includes(b.toLowerCase());
}

/**
 * Whether `phrase` stands in `text` word for word, each word in either number ("vaccine" in "How
 * vaccines work"; "white blood cell" in "white blood cells fight"). Both are compared normalised.
 */
export function standsInNumber(text: string, phrase: string): boolean {
  const words = normalizeAnswer(text).split(" ").filter(Boolean);
  const part = normalizeAnswer(phrase).split(" ").filter(Boolean);
  if (part.length === 0) return false;
  for (let i = 0; i + part.length <= words.length; i++)
    if (part.every((p, k) => isSameInNumber(words[i + k] ?? "", p))) return true;
  return false;
}

/** Whether two phrases are one phrase in either number, word for word ("red blood cell", "red blood cells"). */
export function isSamePhraseInNumber(a: string, b: string): boolean {
  const x = normalizeAnswer(a).split(" ").filter(Boolean);
  const y = normalizeAnswer(b).split(" ").filter(Boolean);
  return x.length > 0 && x.length === y.length && x.every((w, i) => isSameInNumber(w, y[i] ?? ""));
}

/**
 * How many edits a typed answer of this length may carry and still count: none for short words,
 * up to three for long phrases.
 */
export function allowedTypos(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  if (length <= 11) return 2;
  return 3;
}

/** Edit distance between two normalised strings. */
export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

/** Whether two tokens are the same word up to a length-scaled typo budget. */
export function isSameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (/\d/.test(a) || /\d/.test(b)) return false;
  const budget = Math.min(allowedTypos(a.length), allowedTypos(b.length), 2);
  return budget > 0 && Math.abs(a.length - b.length) <= budget && distance(a, b) <= budget;
}

export interface ParsedNumber {
  value: number;
  /** "USD", "EUR", "CNY", "%" or null. */
  unit: string | null;
}

const CURRENCY_WORDS: Record<string, string> = {
  $: "USD",
  usd: "USD",
  dollar: "USD",
  dollars: "USD",
  us$: "USD",
  "€": "EUR",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  "¥": "CNY",
  rmb: "CNY",
  yuan: "CNY",
  cny: "CNY",
  "£": "GBP",
  gbp: "GBP",
  pounds: "GBP",
  "%": "%",
  percent: "%",
  pct: "%",
};

const NUMBER_PATTERN =
  /(us\$|\$|€|£|¥)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(%|percent\b|per cent\b|hundred\b|thousand\b|million\b|billion\b|trillion\b|mn\b|bn\b|tn\b|[kmbt]\b)?\s*(dollars?\b|usd\b|euros?\b|rmb\b|yuan\b|%|percent\b)?/gi;

/**
 * Every number in a text with its scale and unit: "$5.576 million" -> 5576000 USD.
 *
 * @example
 * extractNumbers("cost $ 30 Billion, 5%") // [{value: 30e9, unit: "USD"}, {value: 5, unit: "%"}]
 */
export function extractNumbers(text: string): ParsedNumber[] {
  const found: ParsedNumber[] = [];
  for (const match of stripMarks(text).matchAll(NUMBER_PATTERN)) {
    const [, prefix, digits, scaleWord, suffix] = match;
    const start = (match.index ?? 0) + match[0].indexOf(digits as string);
    // Skip digits glued to letters ("R1", "H100", "LLaMA2"): names, not quantities.
    const before = text[start - 1] ?? " ";
    if (!prefix && /[a-z-]/i.test(before)) continue;
    let value = Number((digits as string).replace(/,/g, ""));
    let unit: string | null = null;
    const scale = scaleWord?.toLowerCase().trim();
    if (scale === "%" || scale === "percent" || scale === "per cent") unit = "%";
    else if (scale) value *= SCALES[scale] ?? 1;
    const unitWord = (prefix ?? suffix ?? "").toLowerCase().trim();
    if (unitWord) unit = CURRENCY_WORDS[unitWord] ?? CURRENCY_WORDS[unitWord.replace(/s$/, "")] ?? unit;
    found.push({ value: roundValue(value), unit });
  }
  return found;
}

/**
 * Reads a student's typed numeric answer: digits or number words, separators, scale words and
 * units. (Numbers in the articles are content's: each mention carries its parsed value, unit and
 * scale, which the generator uses as they are.)
 * Returns null when no number can be read.
 *
 * @example
 * readNumericAnswer("5.576 million dollars") // {value: 5576000, unit: "USD"}
 * readNumericAnswer("five") // {value: 5, unit: null}
 */
export function readNumericAnswer(text: string): ParsedNumber | null {
  const fraction = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (fraction && Number(fraction[2]) !== 0) {
    return { value: Number(fraction[1]) / Number(fraction[2]), unit: null };
  }
  const [first] = extractNumbers(text);
  if (first) return first;
  const folded = normalizeAnswer(text).split(" ");
  const numeric = folded.find((t) => /^\d+(\.\d+)?$/.test(t));
  if (numeric === undefined) return null;
  const unitToken = tokenize(text).find((t) => t in CURRENCY_WORDS);
  return { value: Number(numeric), unit: unitToken ? (CURRENCY_WORDS[unitToken] as string) : null };
}

/** Whether two values are equal within a relative tolerance. */
export function isNumberClose(a: number, b: number, relative = 1e-9): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/**
 * Whether `quote` supports `text`: it contains it after normalisation, or it contains every number
 * in it and at least 75% of its content words (allowing small typos in the messy source).
 *
 * @example
 * isSupportedBy("This Phenomenon is Known as the “Jevons Paradox.”", "Jevons paradox") // true
 */
export function isSupportedBy(quote: string, text: string): boolean {
  const normalizedQuote = ` ${normalizeAnswer(quote)} `;
  const normalizedText = normalizeAnswer(text);
  if (normalizedText.length === 0) return false;
  if (normalizedQuote.includes(` ${normalizedText} `)) return true;
  const quoteNumbers = extractNumbers(quote);
  for (const n of extractNumbers(text)) {
    if (!quoteNumbers.some((q) => isNumberClose(q.value, n.value, 1e-6))) return false;
  }
  const quoteWords = normalizedQuote.trim().split(" ");
  const hasWord = (w: string) => quoteWords.some((q) => isSameWord(w, q));
  // Most words may match while the one that matters is flipped: "lost" -> "gained", "did" -> "did not".
  const textWords = new Set(normalizedText.split(" "));
  const quoteSet = new Set(quoteWords);
  for (const [a, b] of DIRECTION_PAIRS) {
    if (b.includes(" ") || a.includes(" ")) continue;
    if (
      (textWords.has(a) && !quoteSet.has(a) && quoteSet.has(b)) ||
      (textWords.has(b) && !quoteSet.has(b) && quoteSet.has(a))
    ) {
      return false;
    }
  }
  for (const n of NEGATIONS) if (textWords.has(n) && !quoteSet.has(n)) return false;
  // A name the quote does not mention is never "supported", however many other words match.
  for (const name of properNames(text)) {
    const parts = contentWords(name);
    if (parts.filter(hasWord).length * 2 < parts.length) return false;
  }
  const words = contentWords(text).filter((w) => !/^\d/.test(w) && !FRAME_WORDS.has(w));
  if (words.length === 0) return extractNumbers(text).length > 0;
  const found = words.filter(hasWord).length;
  return found / words.length >= 0.75;
}

/** Capitalised words not at the start of a sentence: "Nvidia", "AlphaGo", "R1". */
export function properNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/(^|[.!?:;]\s+|\s)([A-Z][\w-]*)/g)) {
    const isSentenceStart = match[1] !== " " && match[1] !== "\t" && match[1] !== "\n";
    const word = match[2] as string;
    if (!isSentenceStart && !STOPWORDS.has(word.toLowerCase())) names.push(word);
  }
  return names;
}

/**
 * The initials of a several-word normalised name ("united states" -> "us"), or "" for one word.
 *
 * @example
 * initialsOf("artificial intelligence") // "ai"
 */
export function initialsOf(normalized: string): string {
  const words = normalized.split(" ").filter((w) => w && w !== "of" && w !== "and");
  return words.length >= 2 ? words.map((w) => w[0]).join("") : "";
}
