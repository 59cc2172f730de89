import type { ItemEntity, ItemSentence } from "wink-nlp";
import type { Passage, Sentence } from "./bundle.ts";
import { contentId } from "./hash.ts";
import { its, segmenter } from "./nlp.ts";
import { type NormalizedText, toRawSpan } from "./normalize.ts";
import { countWords, lineFinder } from "./words.ts";

/** A token of the normalised text, as the NLP pass saw it. */
export interface Token {
  text: string;
  start: number;
  end: number;
  pos: string;
}

/** An entity wink-nlp found (DATE, MONEY, PERCENT, CARDINAL ...), as a token range, end exclusive. */
export interface NlpEntity {
  type: string;
  firstToken: number;
  lastToken: number;
}

/** A sentence with its place in the normalised text and its tokens. */
export interface SegmentedSentence extends Omit<Sentence, "fitness" | "flags" | "isFit" | "stance"> {
  normStart: number;
  normEnd: number;
  firstToken: number;
  /** Exclusive. */
  lastToken: number;
}

export interface SegmentedPassage extends Passage {
  normStart: number;
  normEnd: number;
}

/** An article cut into sentences and passages, with the NLP pass kept for the analysis stage. */
export interface SegmentedArticle {
  articleId: string;
  normalized: NormalizedText;
  tokens: Token[];
  entities: NlpEntity[];
  sentences: SegmentedSentence[];
  passages: SegmentedPassage[];
}

const passageTargetWords = 120;
const passageMaxWords = 200;
const passageMinWords = 40;

function runNlp(text: string): {
  tokens: Token[];
  entities: NlpEntity[];
  sentenceSpans: Array<[number, number]>;
} {
  const doc = segmenter.readDoc(text);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? "";
    let start = text.indexOf(value, cursor);
    if (start < 0 || start - cursor > 64) start = cursor;
    const end = Math.min(text.length, start + value.length);
    tokens.push({ text: value, start, end, pos: pos[i] ?? "X" });
    cursor = end;
  }
  const entities: NlpEntity[] = [];
  doc.entities().each((entity: ItemEntity) => {
    const [first, last] = entity.out(its.span) as unknown as [number, number];
    entities.push({ type: entity.out(its.type) as string, firstToken: first, lastToken: last + 1 });
  });
  const sentenceSpans: Array<[number, number]> = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const [first, last] = sentence.out(its.span) as unknown as [number, number];
    sentenceSpans.push([first, last + 1]);
  });
  return { tokens, entities, sentenceSpans };
}

/** Sentence character ranges: wink-nlp's boundaries, also cut at every paragraph break. */
function sentenceRanges(
  text: string,
  tokens: Token[],
  spans: Array<[number, number]>,
): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  // The next line break at or after a position; positions only grow, so it is searched for once per line.
  let newlineAt = -2;
  const nextNewline = (from: number) => {
    if (newlineAt !== -1 && newlineAt < from) newlineAt = text.indexOf("\n", from);
    return newlineAt;
  };
  for (const [first, last] of spans) {
    const start = tokens[first]?.start;
    const end = tokens[last - 1]?.end;
    if (start === undefined || end === undefined) continue;
    let from = start;
    for (;;) {
      const newline = nextNewline(from);
      const until: number = newline < 0 || newline >= end ? end : newline;
      const slice = text.slice(from, until);
      const lead = slice.length - slice.trimStart().length;
      const trail = slice.length - slice.trimEnd().length;
      if (until - trail > from + lead) ranges.push([from + lead, until - trail]);
      if (until === end) break;
      from = until + 1;
    }
  }
  return ranges;
}

/**
 * Cuts a normalised article into sentences (wink-nlp's sentence boundaries, never across a paragraph)
 * and passages: paragraph-sized units of whole sentences. Long paragraphs are split near
 * 120 words; headings and list items join the text that follows them. Ids derive from the article id
 * and the text, so they stay stable across rebuilds while the text is unchanged.
 *
 * @example
 * const article = segmentArticle("a1", normalizeText("Title\nFirst sentence. Second one."));
 * article.passages[0]?.text; // "Title\nFirst sentence. Second one."
 */
export function segmentArticle(articleId: string, normalized: NormalizedText): SegmentedArticle {
  const { text } = normalized;
  const { tokens, entities, sentenceSpans } = runNlp(text);
  const ranges = sentenceRanges(text, tokens, sentenceSpans);

  // Group sentences into paragraphs by the line they sit on.
  const paragraphs: Array<Array<[number, number]>> = [];
  let lastLineStart = -1;
  const lineOf = lineFinder(text);
  for (const range of ranges) {
    const [lineStart] = lineOf(range[0]);
    if (lineStart !== lastLineStart) paragraphs.push([]);
    paragraphs[paragraphs.length - 1]?.push(range);
    lastLineStart = lineStart;
  }

  // Passages: whole paragraphs, long ones split, short ones (headings, list items) joined forward.
  const groups: Array<Array<[number, number]>> = [];
  let pending: Array<[number, number]> = [];
  let pendingWords = 0;
  let pendingIsHeadings = false;
  const flush = () => {
    if (pending.length > 0) groups.push(pending);
    pending = [];
    pendingWords = 0;
    pendingIsHeadings = false;
  };
  for (const paragraph of paragraphs) {
    const words = paragraph.map(([s, e]) => countWords(text.slice(s, e)));
    const total = words.reduce((a, b) => a + b, 0);
    // A heading ("Future Prospects:") opens a section: it leads the next passage, never ends one.
    const lastRange = paragraph[paragraph.length - 1];
    const isHeading =
      paragraph.length === 1 &&
      total <= 12 &&
      !/[.!?]["')]?$/.test(text.slice(lastRange?.[0] ?? 0, lastRange?.[1] ?? 0));
    if (isHeading && pendingWords >= passageMinWords / 2 && !pendingIsHeadings) flush();
    if (pendingWords > 0 && pendingWords + total > passageMaxWords && total <= passageMaxWords) flush();
    if (total > passageMaxWords) {
      // A heading or short lead-in opens the first chunk of the long paragraph after it.
      let chunk: Array<[number, number]> = pending;
      let chunkWords = pendingWords;
      pending = [];
      pendingWords = 0;
      pendingIsHeadings = false;
      paragraph.forEach((range, i) => {
        const w = words[i] ?? 0;
        if (chunkWords >= passageTargetWords && chunkWords + w > passageTargetWords / 2) {
          groups.push(chunk);
          chunk = [];
          chunkWords = 0;
        }
        chunk.push(range);
        chunkWords += w;
      });
      if (chunk.length > 0) groups.push(chunk);
      continue;
    }
    pendingIsHeadings = isHeading && (pending.length === 0 || pendingIsHeadings);
    pending.push(...paragraph);
    pendingWords += total;
    if (pendingWords >= passageMinWords && !isHeading) flush();
  }
  if (pending.length > 0) {
    const last = groups[groups.length - 1];
    const lastWords = last ? countWords(text.slice(last[0]?.[0] ?? 0, last[last.length - 1]?.[1] ?? 0)) : 0;
    if (last && pendingWords < passageMinWords / 2 && lastWords + pendingWords <= passageMaxWords)
      last.push(...pending);
    else groups.push(pending);
  }

  const usedIds = new Map<string, number>();
  const uniqueId = (prefix: string, body: string) => {
    const base = `${prefix}-${contentId(body)}`;
    const seen = usedIds.get(base) ?? 0;
    usedIds.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  };

  const sentences: SegmentedSentence[] = [];
  const passages: SegmentedPassage[] = [];
  let tokenCursor = 0;
  groups.forEach((group, index) => {
    const normStart = group[0]?.[0] ?? 0;
    const normEnd = group[group.length - 1]?.[1] ?? normStart;
    const passageText = text.slice(normStart, normEnd);
    const passageId = uniqueId(`${articleId}-p`, passageText);
    const sentenceIds: string[] = [];
    for (const [start, end] of group) {
      const sentenceText = text.slice(start, end);
      while (tokenCursor < tokens.length && (tokens[tokenCursor]?.end ?? 0) <= start) tokenCursor++;
      const firstToken = tokenCursor;
      while (tokenCursor < tokens.length && (tokens[tokenCursor]?.start ?? 0) < end) tokenCursor++;
      const id = uniqueId(`${articleId}-s`, sentenceText);
      sentenceIds.push(id);
      sentences.push({
        id,
        articleId,
        passageId,
        text: sentenceText,
        ...toRawSpan(normalized, start, end),
        normStart: start,
        normEnd: end,
        firstToken,
        lastToken: tokenCursor,
      });
    }
    passages.push({
      id: passageId,
      articleId,
      index,
      text: passageText,
      ...toRawSpan(normalized, normStart, normEnd),
      sentenceIds,
      conceptIds: [],
      normStart,
      normEnd,
    });
  });

  return { articleId, normalized, tokens, entities, sentences, passages };
}
