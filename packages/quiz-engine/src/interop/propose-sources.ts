import type { CourseBundle } from "../course.ts";
import { QuizValidationError } from "../errors.ts";
import type { SourceRef } from "../schemas.ts";
import { contentWords } from "../text.ts";

/** A passage that may be where a question comes from, with how well its words match (0..1). */
export interface SourceProposal {
  passageId: string;
  articleId: string;
  score: number;
  /** The passage's first words, for a reviewer to recognise it. */
  excerpt: string;
}

/** What a question says, wherever it says it: stem, options, answers, feedback. */
export interface ProposalQuestion {
  stem: string;
  explanation?: string;
  options?: { text: string }[];
  left?: { text: string }[];
  right?: { text: string }[];
  key?: unknown;
  answers?: { text?: string; feedback?: string }[];
  feedback?: { text: string }[];
  sourceRefs?: SourceRef[];
}

function questionText(question: ProposalQuestion): string {
  const parts = [question.stem, question.explanation ?? ""];
  for (const list of [question.options, question.left, question.right, question.feedback])
    for (const item of list ?? []) parts.push(item.text);
  for (const answer of question.answers ?? []) parts.push(answer.text ?? "", answer.feedback ?? "");
  const key = question.key as { accepted?: unknown } | undefined;
  if (key && Array.isArray(key.accepted)) parts.push(...key.accepted.map(String));
  return parts.join("\n");
}

function counts(words: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const w of words) map.set(w, (map.get(w) ?? 0) + 1);
  return map;
}

/**
 * The passages of a course ranked by TF-IDF cosine similarity to everything the question says
 * (stem, options, answers, feedback), best first, only those sharing a content word. A reviewer
 * confirms one; nothing here decides a citation.
 *
 * @example
 * proposeSources(draft, bundle, 3); // [{ passageId: "econ-p2", score: 0.41, ... }, ...]
 */
export function proposeSources(
  question: ProposalQuestion,
  bundle: CourseBundle,
  limit = 3,
): SourceProposal[] {
  const passages = bundle.passages.flatMap((p) => {
    const article = bundle.articles.find((a) => a.id === p.articleId);
    if (!article) return [];
    const text = article.rawText.slice(p.rawStart, p.rawEnd);
    return [{ passage: p, text, words: counts(contentWords(text)) }];
  });
  const documentFrequency = new Map<string, number>();
  for (const p of passages)
    for (const w of p.words.keys()) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((1 + passages.length) / (1 + (documentFrequency.get(w) ?? 0))) + 1;
  const vector = (words: Map<string, number>) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, n] of words) {
      const x = n * idf(w);
      v.set(w, x);
      norm += x * x;
    }
    return { v, norm: Math.sqrt(norm) };
  };
  const q = vector(counts(contentWords(questionText(question))));
  if (q.norm === 0) return [];
  const scored = passages.flatMap(({ passage, text, words }) => {
    const p = vector(words);
    let dot = 0;
    for (const [w, x] of q.v) dot += x * (p.v.get(w) ?? 0);
    if (dot === 0 || p.norm === 0) return [];
    const excerpt = text.replace(/\s+/g, " ").trim();
    return [
      {
        passageId: passage.id,
        articleId: passage.articleId,
        score: Math.round((dot / (q.norm * p.norm)) * 1000) / 1000,
        excerpt: excerpt.length > 160 ? `${excerpt.slice(0, 159)}…` : excerpt,
      },
    ];
  });
  return scored
    .sort((a, b) => b.score - a.score || (a.passageId < b.passageId ? -1 : a.passageId > b.passageId ? 1 : 0))
    .slice(0, limit);
}

/**
 * A citation of a whole passage: what a confirmed proposal becomes.
 *
 * @throws QuizValidationError when the passage is not in the bundle.
 */
export function citePassage(bundle: CourseBundle, passageId: string): SourceRef {
  const passage = bundle.passages.find((p) => p.id === passageId);
  const article = passage && bundle.articles.find((a) => a.id === passage.articleId);
  if (!passage || !article) throw new QuizValidationError("unknown passage", [passageId]);
  return {
    passageId,
    articleId: article.id,
    rawStart: passage.rawStart,
    rawEnd: passage.rawEnd,
    quote: article.rawText.slice(passage.rawStart, passage.rawEnd),
  };
}
