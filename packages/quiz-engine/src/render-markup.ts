import { Marked } from "marked";
import sanitize from "sanitize-html";
import type { Markup } from "./schemas.ts";

/**
 * Question text written as Markdown or HTML (GIFT `[markdown]`/`[html]`, QTI `text/html`) turned into
 * HTML that is safe to insert into a page: Markdown through marked, then every result (Markdown may
 * hold raw HTML too) through sanitize-html with a small allow-list. Nothing can run, load or restyle
 * the page: no scripts, event handlers, styles, images, frames or forms; links only to http(s) and
 * mailto, opening outside the quiz. Done when the page is built, not only on import, so a stored
 * payload that slipped past import is still made safe.
 */
/** The formatting tags a question's text may keep: import keeps these, and the renderer allows them and links. */
export const KEPT_TAGS = [
  "b",
  "strong",
  "i",
  "em",
  "u",
  "sub",
  "sup",
  "p",
  "br",
  "ul",
  "ol",
  "li",
  "code",
  "pre",
  "blockquote",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
] as const;

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitize.IOptions = {
  allowedTags: [...KEPT_TAGS, "s", "a"],
  allowedAttributes: { a: ["href", "rel", "target"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  // Script and style bodies go with their tags; any other tag not allowed leaves its text.
  disallowedTagsMode: "discard",
  transformTags: {
    a: sanitize.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
  },
};

/** A lone paragraph is returned as its content, so the stem fits inline (a legend, a heading). */
function unwrapLoneParagraph(html: string): string {
  const match = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return match && !match[1]?.includes("<p>") ? (match[1] as string) : html;
}

/**
 * Sanitised HTML for a stem's markup.
 *
 * @example
 * renderMarkup({ format: "markdown", text: "Who's buried in **Grant's tomb**?" });
 * // "Who&#x27;s buried in <strong>Grant&#x27;s tomb</strong>?"
 * renderMarkup({ format: "html", text: '<p onclick="x()">Hi<script>x()</script></p>' }); // "Hi"
 */
export function renderMarkup(markup: Markup): string {
  const html = markup.format === "markdown" ? (markdown.parse(markup.text) as string) : markup.text;
  return unwrapLoneParagraph(sanitize(html, SANITIZE).trim());
}
