import type { SegmentedArticle, SegmentedSentence } from "./segment.ts";

/** Words that join a second clause onto the first. */
const clauseJoins = new Set(["and", "but", "while", "whereas"]);
const determiners = /^(?:the|a|an|its|their|this|these)$/i;

/**
 * Where a second clause with its own subject and verb joins the sentence, from `offset` (in the
 * sentence's text) on, as an offset from the clause's own start; undefined when none does. In "NADPH
 * is an energy carrier in plants and ATP synthase produces the ATP" the second clause starts at
 * "and ATP synthase produces"; a joined noun ("carbon dioxide and water") starts none.
 *
 * @example
 * secondClauseAt(article, sentence, "NADPH is ".length) // offset of "and ATP synthase …", counted from "an energy …"
 */
export function secondClauseAt(
  article: SegmentedArticle,
  sentence: SegmentedSentence,
  offset: number,
): number | undefined {
  const at = sentence.normStart + offset;
  const tokens = article.tokens;
  for (let t = sentence.firstToken; t < sentence.lastToken; t++) {
    const join = tokens[t];
    if (!join || join.start < at || !clauseJoins.has(join.text.toLowerCase())) continue;
    // A subject (an article, then adjectives, nouns or names), then a finite verb.
    let k = t + 1;
    if (determiners.test(tokens[k]?.text ?? "")) k++;
    const subjectStart = k;
    while (
      k < sentence.lastToken &&
      k - subjectStart < 4 &&
      ["ADJ", "NOUN", "PROPN"].includes(tokens[k]?.pos ?? "")
    )
      k++;
    const verb = tokens[k];
    if (
      k === subjectStart ||
      !verb ||
      !(verb.pos === "VERB" || verb.pos === "AUX") ||
      /ing$/i.test(verb.text)
    )
      continue;
    return join.start - at;
  }
  return undefined;
}
