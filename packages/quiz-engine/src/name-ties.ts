import { escapeRegExp } from "./phrases.ts";

/** Verbs by which a maker brings out its product ("OpenAI released ChatGPT"). */
const MAKES =
  "released|launched|makes|made|built|builds|developed|develops|created|creates|introduced|unveiled|owns|owned|acquired|bought|runs|operates|debuted|rolled out|shipped";
/** Nouns by which an apposition names a maker ("Y, the maker of X"). */
const MAKER =
  "maker|makers|creator|creators|developer|developers|owner|owners|parent|parent company|company behind|firm behind|lab behind|startup behind|publisher|inventor|producer";
/** Words in brackets that tie a name to another ("X (formerly Y)"). */
const BRACKET =
  "formerly|previously|now|once|also known as|a\\.?k\\.?a\\.?|owned by|made by|by|from|of|maker of";

/**
 * A pattern for a name as the course may write it: any case, whole words, and a letter doubled by a
 * garbled copy ("chaatgpt" for "ChatGPT").
 */
export function namePattern(name: string): string {
  const letters = [...name.trim()].map((ch) =>
    /\p{L}/u.test(ch) ? `${escapeRegExp(ch)}+` : escapeRegExp(ch),
  );
  return `(?<![\\p{L}\\p{N}])${letters.join("").replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`;
}

/** Ways a sentence ties `maker` to `product` as its maker, owner or former name. */
function tiePatterns(maker: string, product: string): RegExp[] {
  const m = namePattern(maker);
  const p = namePattern(product);
  const gap = "[^.!?;]{0,60}?";
  return [
    // "OpenAI's ChatGPT", "OpenAI’s chatbot ChatGPT"
    `${m}['’]s?\\s+(?:\\p{L}+\\s+){0,2}${p}`,
    // "ChatGPT, OpenAI's chatbot"; "ChatGPT, the chatbot from OpenAI"
    `${p}\\s*[,(–—-]\\s*(?:an?\\s+|the\\s+)?${m}['’]s?\\s`,
    // "OpenAI, the maker of ChatGPT"
    `${m}\\s*[,(–—-]\\s*(?:an?\\s+|the\\s+|its\\s+)?(?:${MAKER})\\s+(?:of\\s+)?${p}`,
    // "X (formerly Y)", "Meta (formerly Facebook)", "ChatGPT (by OpenAI)"
    `${p}\\s*\\(\\s*(?:${BRACKET})\\s+${m}\\s*\\)`,
    // "ChatGPT by OpenAI", "ChatGPT, made by OpenAI", "ChatGPT from OpenAI"
    `${p}\\s*,?\\s+(?:(?:made|built|developed|created|released|launched|owned|run|operated)\\s+)?(?:by|from)\\s+${m}`,
    // "OpenAI released ChatGPT", "Openai, with its sharp insight, released chaatgpt"
    `${m}${gap}\\b(?:${MAKES})\\s+(?:(?:its|their|the|a|an|new)\\s+)?(?:\\p{L}+\\s+){0,2}${p}`,
  ].map((source) => new RegExp(source, "iu"));
}

/**
 * Whether the course ties two names so closely that neither is a fair wrong option for, or false swap
 * of, the other: one contains the other ("AlphaGo" in "AlphaGo Zero"), or a sentence writes one as the other's
 * possessive, apposition, former name, or maker ("OpenAI's ChatGPT", "Meta (formerly Facebook)",
 * "ChatGPT by OpenAI", "OpenAI released ChatGPT"). Such a pair is related, not wrong.
 *
 * @example
 * areNamesTied("ChatGPT", "OpenAI", ["In 2022 OpenAI released ChatGPT."]); // true
 * areNamesTied("ChatGPT", "Microsoft", ["In 2022 OpenAI released ChatGPT."]); // false
 */
export function areNamesTied(a: string, b: string, sentences: readonly string[]): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (!x || !y || x === y) return x === y;
  if (new RegExp(namePattern(x), "iu").test(y) || new RegExp(namePattern(y), "iu").test(x)) return true;
  const hasX = new RegExp(namePattern(x), "iu");
  const hasY = new RegExp(namePattern(y), "iu");
  const both = sentences.filter((s) => hasX.test(s) && hasY.test(s));
  if (both.length === 0) return false;
  const patterns = [...tiePatterns(a, b), ...tiePatterns(b, a)];
  return both.some((s) => patterns.some((p) => p.test(s)));
}
