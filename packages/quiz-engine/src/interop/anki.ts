import type { CourseBundle } from "../course.ts";
import { hashString } from "../random.ts";

/**
 * Flashcards in Anki's text import format (File > Import of a .txt): a header of `#key:value`
 * lines, then one note per line, fields separated by tabs. Fields are HTML (`#html:true`), so a
 * field escapes `& < > "` and turns line breaks into `<br>`; tabs cannot occur in a field.
 * No field holds a raw double quote (attributes go unquoted), so Anki's CSV reader never sees a
 * quoted field. A guid column makes a re-import update the same notes instead of adding copies.
 */

export interface AnkiCard {
  front: string;
  back: string;
  tags: string[];
  guid: string;
}

export interface AnkiExportOptions {
  /** Deck name; default the course title. */
  deck?: string;
  /** Also make a card of each claim with a number, date or amount (default true). */
  includeFacts?: boolean;
}

export interface AnkiExportResult {
  text: string;
  cards: AnkiCard[];
}

function html(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, " ")
    .replace(/\r?\n/g, "<br>");
}

function tag(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_:-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function citation(
  bundle: CourseBundle,
  ref: { articleId: string; rawStart: number; rawEnd: number } | undefined,
) {
  if (!ref) return "";
  const article = bundle.articles.find((a) => a.id === ref.articleId);
  if (!article) return "";
  const quote = article.rawText.slice(ref.rawStart, ref.rawEnd);
  const passage = bundle.passages.find(
    (p) => p.articleId === article.id && p.rawStart <= ref.rawStart && ref.rawEnd <= p.rawEnd,
  );
  const where = [article.title, article.source, article.date].filter((x) => x).map((x) => html(x as string));
  // The citation's ids ride along as attributes (unquoted, so only tag-safe characters).
  const ids = `data-article=${tag(article.id) || "unknown"}${passage ? ` data-passage=${tag(passage.id) || "unknown"}` : ""}`;
  return `<div class=gw-source ${ids}><blockquote>${html(quote)}</blockquote>— ${where.join(", ")}${passage ? `, passage ${html(passage.id)}` : ""}</div>`;
}

const FACT_KINDS = new Set(["money", "percent", "number", "quantity", "date"]);

/**
 * Builds a deck from a course bundle: one card per concept (name -> definition, with the
 * defining quote and its article) and one per key fact (a claim with its number, date or amount
 * blanked -> the answer and the cited sentence).
 *
 * @example
 * const { text } = exportAnki(bundle); // "#separator:tab\n#html:true\n..."
 */
export function exportAnki(bundle: CourseBundle, options: AnkiExportOptions = {}): AnkiExportResult {
  const course = tag(bundle.course.id);
  const cards: AnkiCard[] = [];
  const seen = new Set<string>();
  const add = (card: AnkiCard) => {
    if (seen.has(card.front)) return;
    seen.add(card.front);
    cards.push(card);
  };
  for (const concept of bundle.concepts) {
    const ref = concept.definitionRef;
    const aliases =
      concept.aliases.length > 0
        ? `<div class=gw-aliases>also: ${concept.aliases.map(html).join(", ")}</div>`
        : "";
    add({
      front: `${html(concept.name)}${aliases}`,
      back: `${html(concept.definition)}${citation(bundle, ref)}`,
      tags: [course, "concept", ...(ref ? [tag(ref.articleId)] : [])],
      guid: `gw-${hashString(`${bundle.course.id}:concept:${concept.id}`).toString(36)}`,
    });
  }
  for (const entry of bundle.glossary) {
    if (entry.conceptId && bundle.concepts.some((c) => c.id === entry.conceptId)) continue;
    add({
      front: html(entry.term),
      back: `${html(entry.gloss)}${citation(bundle, entry.ref)}`,
      tags: [course, "term", ...(entry.ref ? [tag(entry.ref.articleId)] : [])],
      guid: `gw-${hashString(`${bundle.course.id}:term:${entry.term}`).toString(36)}`,
    });
  }
  if (options.includeFacts ?? true) {
    for (const claim of bundle.claims) {
      const mention = claim.mentionIds
        .map((id) => bundle.mentions.find((m) => m.id === id))
        .find((m) => m && FACT_KINDS.has(m.kind) && claim.text.includes(m.text));
      if (!mention) continue;
      const at = claim.text.indexOf(mention.text);
      const front = `${html(claim.text.slice(0, at))}[…]${html(claim.text.slice(at + mention.text.length))}`;
      add({
        front,
        back: `<b>${html(mention.text)}</b>${citation(bundle, claim)}`,
        tags: [course, "fact", mention.kind, tag(claim.articleId)],
        guid: `gw-${hashString(`${bundle.course.id}:fact:${claim.id}`).toString(36)}`,
      });
    }
  }
  const header = [
    "#separator:tab",
    "#html:true",
    "#notetype:Basic",
    `#deck:${(options.deck ?? bundle.course.title).replace(/[\t\r\n]+/g, " ")}`,
    "#columns:Front\tBack\tTags\tGUID",
    "#tags column:3",
    "#guid column:4",
  ];
  const lines = cards.map((c) => [c.front, c.back, c.tags.filter((t) => t).join(" "), c.guid].join("\t"));
  return { text: `${[...header, ...lines].join("\n")}\n`, cards };
}
