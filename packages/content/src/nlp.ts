import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";

/**
 * The package's wink-nlp instance, with the model's whole pipeline. wink-nlp was chosen because its English model is an npm
 * package (no download at run time), it is fast (hundreds of thousands of tokens per second), and it
 * gives sentence boundaries, part-of-speech tags and entities for dates, money, percentages and
 * cardinals in one pass.
 */
export const nlp = winkNLP(model);
export const its = nlp.its;

/**
 * The instance segmentation reads articles with: the same model, with only the steps the build
 * reads (sentence boundaries, entities, part-of-speech tags), not negation and sentiment, which
 * nothing reads and which cost a tenth of a pass. Its tokens, tags, entities and sentences are those
 * of `nlp`.
 */
export const segmenter = winkNLP(model, ["sbd", "ner", "pos"]);

// wink numbers lexemes in its vocabulary first; out-of-vocabulary words get ids past the end.
// Probed once with a string no vocabulary holds.
const vocabularySize = nlp.readDoc("qzxqjvkw").tokens().itemAt(0).out(its.uniqueId) as number;

const knownCache = new Map<string, boolean>();

function inVocabulary(lower: string): boolean {
  const tokens = nlp.readDoc(lower).tokens();
  return tokens.length() === 1 && (tokens.itemAt(0).out(its.uniqueId) as number) < vocabularySize;
}

/**
 * True when the lower-cased word itself, not a base form of it, is in the English model's vocabulary:
 * "dramaticly" is not, though "dramatic" is.
 *
 * @example
 * isInModelVocabulary("direction"); // true
 */
export function isInModelVocabulary(word: string): boolean {
  const lower = word.toLowerCase();
  let known = exactCache.get(lower);
  if (known === undefined) {
    known = /^[a-z]+$/.test(lower) && inVocabulary(lower);
    if (exactCache.size < 100_000) exactCache.set(lower, known);
  }
  return known;
}

const exactCache = new Map<string, boolean>();

// The model's vocabulary holds base forms more often than inflections ("advancement", not "advancements").
const inflections: ReadonlyArray<[string, string]> = [
  ["ies", "y"],
  ["es", ""],
  ["s", ""],
  ["ed", ""],
  ["ed", "e"],
  ["ing", ""],
  ["ing", "e"],
  ["ly", ""],
];

/**
 * True when the lower-cased word, or its base form, is in the English model's vocabulary
 * ("direction", "advancements": yes; "nvidia", "deepseek": no).
 *
 * @example
 * isKnownWord("DIRECTION"); // true
 * isKnownWord("NVIDIA"); // false
 */
export function isKnownWord(word: string): boolean {
  const lower = word.toLowerCase();
  const cached = knownCache.get(lower);
  if (cached !== undefined) return cached;
  let known = /^[a-z]+$/.test(lower) && inVocabulary(lower);
  if (!known && /^[a-z]+$/.test(lower)) {
    for (const [suffix, replacement] of inflections) {
      if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) {
        if (inVocabulary(lower.slice(0, -suffix.length) + replacement)) {
          known = true;
          break;
        }
      }
    }
  }
  if (knownCache.size < 100_000) knownCache.set(lower, known);
  return known;
}
