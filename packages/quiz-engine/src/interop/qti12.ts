import { DOMParser, type Element as XmlElement } from "@xmldom/xmldom";
import type { CourseBundle } from "../course.ts";
import { hashString } from "../random.ts";
import type {
  Markup,
  NumericAnswer,
  Option,
  OptionFeedback,
  Question,
  SourceRef,
  TypedAnswer,
} from "../schemas.ts";
import { QuestionSchema } from "../schemas.ts";
import type { QuestionDraft } from "./gift.ts";
import { htmlToPlain, sanitizeHtml } from "./markup.ts";
import { proposeSources, type SourceProposal } from "./propose-sources.ts";
import { escapeXml, toQtiIdentifier } from "./qti.ts";

/**
 * QTI 1.2, the version Canvas and Moodle import in practice, in the flavour Canvas exports and
 * text2qti writes: an `imsmanifest.xml` naming one `questestinterop` assessment, items typed by a
 * `question_type` metadata field, scored by `respcondition`/`setvar` on a 0-100 `SCORE`.
 * Groundwork's own fields (citation, weights, concept ids) travel as further metadata fields, which
 * LMSs keep or ignore; import reads them back. Import also reads QTI 2.1 items (choice, text entry,
 * order). Pure: files in, files or questions out.
 */

export const QTI12_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
const CP_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1";
/** Metadata labels Groundwork writes (and reads back) beside Canvas's own. */
const SOURCE_FIELDS = {
  article: "groundwork_source_article",
  passage: "groundwork_source_passage",
  quote: "groundwork_source_quote",
  question: "groundwork_question",
} as const;

export interface Qti12ExportOptions {
  /** Quiz title; default the course title or "Groundwork questions". */
  title?: string;
  bundle?: CourseBundle;
  /** Assessment identifier; default derived from the title. */
  assessmentId?: string;
}

export interface Qti12ExportResult {
  /** Relative path -> XML: `imsmanifest.xml` and `<assessmentId>/<assessmentId>.xml`. */
  files: Map<string, string>;
  skipped: { questionId: string; reason: string }[];
}

const field = (label: string, entry: string) =>
  `            <qtimetadatafield>\n              <fieldlabel>${label}</fieldlabel>\n              <fieldentry>${escapeXml(entry)}</fieldentry>\n            </qtimetadatafield>`;

const mattext = (text: string) =>
  `<material><mattext texttype="text/plain">${escapeXml(text)}</mattext></material>`;

function condition(inner: string, score: number | null, feedbackId: string | null, isFinal = false): string {
  return `          <respcondition continue="${isFinal ? "No" : "Yes"}">
            <conditionvar>${inner}</conditionvar>${score !== null ? `\n            <setvar action="Set" varname="SCORE">${round(score * 100)}</setvar>` : ""}${feedbackId ? `\n            <displayfeedback feedbacktype="Response" linkrefid="${feedbackId}"/>` : ""}
          </respcondition>`;
}

function round(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

const equal = (value: string, respident = "response1") =>
  `<varequal respident="${respident}">${escapeXml(value)}</varequal>`;

function numericCondition(value: number, amount: number): string {
  return amount === 0
    ? equal(String(value))
    : `<or>${equal(String(value))}<and><vargte respident="response1">${round(value - amount)}</vargte><varlte respident="response1">${round(value + amount)}</varlte></and></or>`;
}

interface ItemXml {
  type: string;
  presentation: string;
  conditions: string[];
  feedback: Map<string, string>;
}

function choiceList(
  options: readonly Option[],
  cardinality: "Single" | "Multiple",
  qid: (id: string) => string,
) {
  return `<response_lid ident="response1" rcardinality="${cardinality}"><render_choice>${options
    .map((o) => `<response_label ident="${qid(o.id)}">${mattext(o.text)}</response_label>`)
    .join("")}</render_choice></response_lid>`;
}

function itemXml(question: Question): ItemXml | string {
  const ids = new Map<string, string>();
  const qid = (id: string) => {
    const made = ids.get(id) ?? toQtiIdentifier(id);
    ids.set(id, made);
    return made;
  };
  const feedback = new Map<string, string>();
  const fbFor = (optionId: string) => {
    const text = question.feedback?.find((f) => f.optionId === optionId)?.text;
    if (!text) return null;
    const id = `${qid(optionId)}_fb`;
    feedback.set(id, text);
    return id;
  };
  const conditions: string[] = [];
  switch (question.type) {
    case "single_choice": {
      for (const o of question.options) {
        const fb = fbFor(o.id);
        if (fb) conditions.push(condition(equal(qid(o.id)), null, fb));
      }
      conditions.push(condition(equal(qid(question.key)), 1, null, true));
      for (const [id, weight] of Object.entries(question.weights ?? {}))
        if (id !== question.key && weight > 0) conditions.push(condition(equal(qid(id)), weight, null, true));
      return {
        type: "multiple_choice_question",
        presentation: choiceList(question.options, "Single", qid),
        conditions,
        feedback,
      };
    }
    case "multiple_choice": {
      for (const o of question.options) {
        const fb = fbFor(o.id);
        if (fb) conditions.push(condition(equal(qid(o.id)), null, fb));
      }
      const all = question.options
        .map((o) => (question.key.includes(o.id) ? equal(qid(o.id)) : `<not>${equal(qid(o.id))}</not>`))
        .join("");
      conditions.push(condition(`<and>${all}</and>`, 1, null, true));
      return {
        type: "multiple_answers_question",
        presentation: choiceList(question.options, "Multiple", qid),
        conditions,
        feedback,
      };
    }
    case "true_false": {
      const options = [
        { id: "true", text: "True" },
        { id: "false", text: "False" },
      ];
      for (const o of options) {
        const fb = fbFor(o.id);
        if (fb) conditions.push(condition(equal(o.id), null, fb));
      }
      conditions.push(condition(equal(String(question.key)), 1, null, true));
      return {
        type: "true_false_question",
        presentation: choiceList(options, "Single", (id) => id),
        conditions,
        feedback,
      };
    }
    case "cloze":
    case "short_answer": {
      const graded = question.answers ?? [];
      for (const a of graded.filter((x) => x.feedback)) {
        const id = `fb_${hashString(a.text).toString(36)}`;
        feedback.set(id, a.feedback as string);
        conditions.push(condition(equal(a.text), null, id));
      }
      conditions.push(condition(question.key.accepted.map((t) => equal(t)).join(""), 1, null, true));
      for (const a of graded.filter((x) => x.weight > 0 && x.weight < 1))
        conditions.push(condition(equal(a.text), a.weight, null, true));
      return {
        type: "short_answer_question",
        presentation: `<response_str ident="response1" rcardinality="Single"><render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>`,
        conditions,
        feedback,
      };
    }
    case "numeric": {
      const { value, tolerance } = question.key;
      const amountOf = (v: number, t: typeof tolerance) =>
        t.mode === "absolute" ? t.amount : t.amount * Math.abs(v);
      conditions.push(condition(numericCondition(value, amountOf(value, tolerance)), 1, null, true));
      for (const a of question.answers ?? [])
        if (a.weight > 0 && a.weight < 1)
          conditions.push(
            condition(numericCondition(a.value, amountOf(a.value, a.tolerance)), a.weight, null, true),
          );
      return {
        type: "numerical_question",
        presentation: `<response_str ident="response1" rcardinality="Single"><render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib></response_str>`,
        conditions,
        feedback,
      };
    }
    case "matching":
    case "ordering": {
      // An ordering has no Canvas type: each item is matched to its position, as in GIFT.
      const left = question.type === "matching" ? question.left : question.options;
      const right =
        question.type === "matching"
          ? question.right
          : question.options.map((_, i) => ({ id: `pos-${i + 1}`, text: String(i + 1) }));
      const keyOf = (id: string) =>
        question.type === "matching" ? (question.key[id] as string) : `pos-${question.key.indexOf(id) + 1}`;
      const share = 1 / left.length;
      const presentation = left
        .map(
          (l) =>
            `<response_lid ident="response_${qid(l.id)}">${mattext(l.text)}<render_choice>${right
              .map((r) => `<response_label ident="${qid(r.id)}">${mattext(r.text)}</response_label>`)
              .join("")}</render_choice></response_lid>`,
        )
        .join("");
      for (const l of left)
        conditions.push(
          `          <respcondition>
            <conditionvar>${equal(qid(keyOf(l.id)), `response_${qid(l.id)}`)}</conditionvar>
            <setvar varname="SCORE" action="Add">${round(share * 100)}</setvar>
          </respcondition>`,
        );
      return { type: "matching_question", presentation, conditions, feedback };
    }
  }
}

/** What Groundwork keeps in an item's metadata besides the citation: enough to rebuild the question. */
function extrasOf(question: Question): Record<string, unknown> {
  const { stem: _stem, sourceRefs: _refs, ...rest } = question;
  return rest;
}

/**
 * Exports a bank as a QTI 1.2 package in the flavour Canvas imports ("QTI .zip file") and Moodle's
 * QTI importers read: one assessment of items typed by `question_type`, scored 0-100, with
 * per-answer feedback, partial credit where Canvas has it, and each item's citation in metadata.
 *
 * @example
 * const { files } = exportQti12(questions, { title: "Week 1" });
 * files.get("imsmanifest.xml"); // "<?xml ... <manifest ..."
 */
export function exportQti12(
  questions: readonly Question[],
  options: Qti12ExportOptions = {},
): Qti12ExportResult {
  const title = options.title ?? options.bundle?.course.title ?? "Groundwork questions";
  const assessmentId = toQtiIdentifier(options.assessmentId ?? `gw-${hashString(title).toString(36)}`);
  const skipped: Qti12ExportResult["skipped"] = [];
  const used = new Set<string>();
  const items: string[] = [];
  for (const question of questions) {
    const ident = toQtiIdentifier(question.id);
    if (used.has(ident)) {
      skipped.push({ questionId: question.id, reason: "duplicate question id" });
      continue;
    }
    used.add(ident);
    const xml = itemXml(question);
    if (typeof xml === "string") {
      skipped.push({ questionId: question.id, reason: xml });
      continue;
    }
    const ref = question.sourceRefs[0];
    const article = ref && options.bundle?.articles.find((a) => a.id === ref.articleId);
    const metadata = [
      field("question_type", xml.type),
      field("points_possible", "1"),
      ...(ref
        ? [
            field(SOURCE_FIELDS.article, article ? `${ref.articleId} ${article.title}` : ref.articleId),
            field(SOURCE_FIELDS.passage, ref.passageId),
            field(SOURCE_FIELDS.quote, ref.quote),
          ]
        : []),
      field(
        SOURCE_FIELDS.question,
        JSON.stringify({ ...extrasOf(question), sourceRefs: question.sourceRefs }),
      ),
    ];
    const general = question.explanation
      ? new Map([["general_fb", question.explanation]])
      : new Map<string, string>();
    const feedback = [...general, ...xml.feedback]
      .map(
        ([id, text]) =>
          `        <itemfeedback ident="${id}"><flow_mat>${mattext(text)}</flow_mat></itemfeedback>`,
      )
      .join("\n");
    items.push(`      <item ident="${ident}" title="${escapeXml(question.title ?? question.stem.slice(0, 80))}">
        <itemmetadata>
          <qtimetadata>
${metadata.join("\n")}
          </qtimetadata>
        </itemmetadata>
        <presentation>
          <material><mattext texttype="text/plain">${escapeXml(question.stem)}</mattext></material>
          ${xml.presentation}
        </presentation>
        <resprocessing>
          <outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>
${general.size > 0 ? `          <respcondition continue="Yes"><conditionvar><other/></conditionvar><displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>\n` : ""}${xml.conditions.join("\n")}
        </resprocessing>
${feedback}
      </item>`);
  }
  const href = `${assessmentId}/${assessmentId}.xml`;
  const files = new Map<string, string>();
  files.set(
    "imsmanifest.xml",
    `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${assessmentId}_manifest" xmlns="${CP_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${CP_NAMESPACE} http://www.imsglobal.org/xsd/imscp_v1p1.xsd">
  <metadata>
    <schema>IMS Content</schema>
    <schemaversion>1.1.3</schemaversion>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="${assessmentId}" type="imsqti_xmlv1p2">
      <file href="${href}"/>
    </resource>
  </resources>
</manifest>
`,
  );
  files.set(
    href,
    `<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="${QTI12_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI12_NAMESPACE} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">
  <assessment ident="${assessmentId}" title="${escapeXml(title)}">
    <section ident="root_section">
${items.join("\n")}
    </section>
  </assessment>
</questestinterop>
`,
  );
  return { files, skipped };
}

// ---------------------------------------------------------------------------------------------
// Import

export interface QtiItemReport {
  /** The file and the item's identifier, as written. */
  file: string;
  ident: string;
  title: string | null;
  status: "imported" | "needs_source" | "skipped";
  /** Why it was skipped, or what the import changed. */
  reason: string | null;
}

export interface QtiDraft {
  ident: string;
  title: string | null;
  question: QuestionDraft;
  needsSource: boolean;
  proposals: SourceProposal[];
  reasons: string[];
}

export interface QtiImportResult {
  questions: Question[];
  drafts: QtiDraft[];
  /** One line per item: imported, waiting for a source, or skipped with the reason. */
  items: QtiItemReport[];
}

class SkipItem extends Error {}

const children = (node: XmlElement, name?: string): XmlElement[] => {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 1 && (!name || (c as XmlElement).localName === name)) out.push(c as XmlElement);
  return out;
};
const descendants = (node: XmlElement, name: string): XmlElement[] => {
  const out: XmlElement[] = [];
  const walk = (n: XmlElement) => {
    for (const c of children(n)) {
      // An empty name collects every element.
      if (name === "" || c.localName === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
};
const first = (node: XmlElement, name: string) => descendants(node, name)[0];
const textOf = (node: XmlElement | undefined): string => (node?.textContent ?? "").trim();

/** A `mattext` read as plain text: HTML (Canvas writes it escaped) through the linear reader. */
function readMattext(node: XmlElement | undefined): string {
  if (!node) return "";
  const raw = node.textContent ?? "";
  const type = node.getAttribute("texttype") ?? "";
  return (type.includes("html") || /<[a-z/]/i.test(raw) ? htmlToPlain(raw) : raw).trim();
}

function materialText(node: XmlElement | undefined): string {
  if (!node) return "";
  return descendants(node, "mattext")
    .map((m) => readMattext(m))
    .filter((t) => t)
    .join("\n");
}

/**
 * The stem's formatting, when its HTML has any (bold, lists, code...; not only paragraphs), sanitised
 * as GIFT's `[html]` is: the plain stem stays the reading the gates check, the markup what students see.
 */
function stemMarkupOf(presentation: XmlElement): Markup | undefined {
  const html = children(presentation, "material")
    .flatMap((m) => descendants(m, "mattext"))
    .filter((m) => (m.getAttribute("texttype") ?? "").includes("html"))
    .map((m) => m.textContent ?? "")
    .join("\n");
  if (!html.trim()) return undefined;
  const safe = sanitizeHtml(html).html;
  return safe.replace(/<\/?p>|<br>/g, "").includes("<") ? { format: "html", text: safe } : undefined;
}

/** The material directly under a node (not inside its response labels). */
function ownMaterial(node: XmlElement): string {
  return children(node, "material")
    .map((m) => materialText(m))
    .join("\n")
    .trim();
}

function metadataOf(item: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of descendants(item, "qtimetadatafield"))
    map.set(textOf(first(f, "fieldlabel")), textOf(first(f, "fieldentry")));
  return map;
}

interface Scored {
  /** The condition's element, and the score it sets (0..1), or null when it sets none. */
  condition: XmlElement;
  score: number | null;
  feedbackIds: string[];
}

function scoredConditions(item: XmlElement): Scored[] {
  const max = Number(first(item, "decvar")?.getAttribute("maxvalue") ?? "100") || 100;
  return descendants(item, "respcondition").map((rc) => {
    const setvar = children(rc, "setvar")[0];
    const value = setvar ? Number(textOf(setvar)) : Number.NaN;
    return {
      condition: children(rc, "conditionvar")[0] ?? rc,
      score: Number.isFinite(value) ? value / max : null,
      feedbackIds: children(rc, "displayfeedback").map((d) => d.getAttribute("linkrefid") ?? ""),
    };
  });
}

/** The plain `varequal` values of a condition (not those under a `not`). */
function positives(condition: XmlElement): string[] {
  const out: string[] = [];
  const walk = (n: XmlElement) => {
    for (const c of children(n)) {
      if (c.localName === "not") continue;
      if (c.localName === "varequal") out.push(textOf(c));
      else walk(c);
    }
  };
  walk(condition);
  return out;
}

const idFrom = (prefix: string, text: string) => `${prefix}${hashString(text).toString(36)}`;

function readChoiceItem(item: XmlElement, type: string, base: Base): QuestionDraft {
  const lid = first(item, "response_lid");
  if (!lid) throw new SkipItem("a choice item without choices");
  const labels = descendants(lid, "response_label").map((l) => ({
    ident: l.getAttribute("ident") ?? "",
    text: materialText(l),
  }));
  if (labels.length < 2 || labels.some((l) => l.text === ""))
    throw new SkipItem("a choice without text (images are not imported)");
  const seen = new Map<string, number>();
  const idOf = new Map(
    labels.map((l) => {
      const base = idFrom("o-", l.text);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return [l.ident, n === 1 ? base : `${base}-${n}`];
    }),
  );
  const options: Option[] = labels.map((l) => ({ id: idOf.get(l.ident) as string, text: l.text }));
  const conditions = scoredConditions(item);
  const fbText = feedbackTexts(item);
  const feedback: OptionFeedback[] = [];
  for (const c of conditions) {
    const [only] = positives(c.condition);
    if (c.score === null && only && idOf.has(only) && positives(c.condition).length === 1)
      for (const f of c.feedbackIds) {
        const text = fbText.get(f);
        if (text) feedback.push({ optionId: idOf.get(only) as string, text, sourceRefs: [] });
      }
  }
  const fb = feedback.length > 0 ? { feedback } : {};
  const isMultiple = type === "multiple_answers_question" || lid.getAttribute("rcardinality") === "Multiple";
  if (type === "true_false_question" && labels.length === 2) {
    const right = conditions.find((c) => (c.score ?? 0) >= 1);
    const rightText = labels
      .find((l) => l.ident === positives(right?.condition ?? item)[0])
      ?.text.toLowerCase();
    if (rightText !== "true" && rightText !== "false")
      throw new SkipItem("a true/false item whose key is not True or False");
    return { ...base, type: "true_false", key: rightText === "true" };
  }
  if (isMultiple) {
    const full = conditions.find((c) => (c.score ?? 0) >= 1);
    const key = positives(full?.condition ?? item)
      .filter((v) => idOf.has(v))
      .map((v) => idOf.get(v) as string);
    if (key.length === 0) throw new SkipItem("no choice is marked right");
    return { ...base, type: "multiple_choice", options, key, ...fb };
  }
  const weights: Record<string, number> = {};
  for (const c of conditions) {
    const values = positives(c.condition);
    if (c.score !== null && c.score > 0 && values.length === 1 && idOf.has(values[0] as string)) {
      const id = idOf.get(values[0] as string) as string;
      weights[id] = Math.max(weights[id] ?? 0, Math.min(1, c.score));
    }
  }
  const key = Object.entries(weights).find(([, w]) => w >= 1)?.[0];
  if (!key) throw new SkipItem("no choice earns full credit");
  const hasPartial = Object.keys(weights).length > 1;
  return { ...base, type: "single_choice", options, key, ...(hasPartial ? { weights } : {}), ...fb };
}

function feedbackTexts(item: XmlElement): Map<string, string> {
  return new Map(
    descendants(item, "itemfeedback").map((f) => [f.getAttribute("ident") ?? "", materialText(f)]),
  );
}

function readTextItem(item: XmlElement, type: string, base: Base): QuestionDraft {
  const conditions = scoredConditions(item);
  if (type === "numerical_question" || first(item, "render_fib")?.getAttribute("fibtype") === "Decimal") {
    const ranges: NumericAnswer[] = [];
    for (const c of conditions) {
      if (c.score === null || c.score <= 0) continue;
      const exact = descendants(c.condition, "varequal").map((v) => Number(textOf(v)));
      const low = descendants(c.condition, "vargte").map((v) => Number(textOf(v)))[0];
      const high = descendants(c.condition, "varlte").map((v) => Number(textOf(v)))[0];
      let value: number | undefined;
      let amount = 0;
      if (low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high)) {
        value = exact.find(Number.isFinite) ?? (low + high) / 2;
        amount = Math.max(value - low, high - value);
      } else if (exact.length > 0 && Number.isFinite(exact[0])) value = exact[0];
      if (value === undefined) continue;
      ranges.push({
        value,
        tolerance: { mode: "absolute", amount: Math.round(amount * 1e9) / 1e9 },
        weight: Math.min(1, c.score),
      });
    }
    const key = ranges.find((r) => r.weight >= 1);
    if (!key) throw new SkipItem("a numerical item without a full-credit answer");
    const rest = ranges.filter((r) => r !== key);
    return {
      ...base,
      type: "numeric",
      key: { value: key.value, tolerance: key.tolerance, unit: null },
      ...(rest.length > 0 ? { answers: rest } : {}),
    };
  }
  const accepted: string[] = [];
  const partial: TypedAnswer[] = [];
  for (const c of conditions) {
    if (c.score === null || c.score <= 0) continue;
    for (const v of positives(c.condition)) {
      if (c.score >= 1) accepted.push(v);
      else partial.push({ text: v, weight: c.score });
    }
  }
  if (accepted.length === 0) {
    if (conditions.length === 0) throw new SkipItem(UNSUPPORTED.essay_question as string);
    if (conditions.some((c) => first(c.condition, "varsubstring")))
      throw new SkipItem(UNSUPPORTED.pattern_match_question as string);
    throw new SkipItem("a fill-in item without a full-credit answer");
  }
  return {
    ...base,
    type: /_{3,}/.test(base.stem) ? "cloze" : "short_answer",
    key: { accepted: [...new Set(accepted)] },
    ...(partial.length > 0 ? { answers: partial } : {}),
  };
}

function readMatchingItem(item: XmlElement, base: Base): QuestionDraft {
  const lids = descendants(item, "response_lid");
  const rightByIdent = new Map<string, string>();
  const left: Option[] = [];
  const key: Record<string, string> = {};
  const conditions = scoredConditions(item);
  for (const lid of lids) {
    const text = ownMaterial(lid);
    if (!text) throw new SkipItem("a matching item whose left side has no text");
    const leftId = idFrom("l-", text);
    left.push({ id: leftId, text });
    for (const l of descendants(lid, "response_label"))
      rightByIdent.set(l.getAttribute("ident") ?? "", materialText(l));
    const ident = lid.getAttribute("ident") ?? "";
    const match = conditions.find(
      (c) =>
        (c.score ?? 0) > 0 &&
        descendants(c.condition, "varequal").some((v) => v.getAttribute("respident") === ident),
    );
    const rightIdent = match
      ? descendants(match.condition, "varequal").find((v) => v.getAttribute("respident") === ident)
      : undefined;
    // Several right answers for one left side is a categorization, not a one-to-one matching.
    const rightIdents = match
      ? descendants(match.condition, "varequal").filter((v) => v.getAttribute("respident") === ident)
      : [];
    if (rightIdents.length > 1 || lid.getAttribute("rcardinality") === "Multiple")
      throw new SkipItem(
        `“${text}” takes several answers; Groundwork's matching pairs each item with one answer`,
      );
    const rightText = rightByIdent.get(textOf(rightIdent));
    if (!rightText) throw new SkipItem(`“${text}” has no right answer`);
    key[leftId] = idFrom("r-", rightText);
  }
  const right = [...new Set(rightByIdent.values())]
    .filter((t) => t)
    .map((t) => ({ id: idFrom("r-", t), text: t }));
  if (left.length < 2) throw new SkipItem("a matching item needs two pairs");
  return { ...base, type: "matching", left, right, key };
}

type Base = Omit<QuestionDraft, "type" | "key" | "options" | "left" | "right">;

const UNSUPPORTED: Record<string, string> = {
  essay_question: "an essay needs a human grader; Groundwork has no essay type",
  file_upload_question: "a file upload needs a human grader",
  text_only_question: "a text-only item has no answer",
  calculated_question: "a calculated (formula) item has no Groundwork equivalent",
  fill_in_multiple_blanks_question: "several blanks in one item have no Groundwork equivalent",
  multiple_dropdowns_question: "several dropdowns in one item have no Groundwork equivalent",
  categorization_question:
    "a categorization puts several answers in each category; Groundwork's matching pairs one to one",
  hot_spot_question: "a hot spot is answered on an image; images are not imported",
  formula_question: "a formula item has no Groundwork equivalent",
  pattern_match_question:
    "a pattern-match item accepts any answer containing a text; Groundwork accepts whole answers",
};

/**
 * Common Cartridge's QTI 1.2 profile (`cc_profile`, as Moodle, Blackboard and Canvas course exports
 * write it), read as the Canvas type it corresponds to.
 */
const COMMON_CARTRIDGE: Record<string, string> = {
  "cc.multiple_choice.v0p1": "multiple_choice_question",
  "cc.multiple_response.v0p1": "multiple_answers_question",
  "cc.true_false.v0p1": "true_false_question",
  "cc.fib.v0p1": "short_answer_question",
  "cc.essay.v0p1": "essay_question",
  "cc.pattern_match.v0p1": "pattern_match_question",
};

/** The citation `exportQti12` writes in metadata, resolved against the course when the kept question is gone. */
function citationFromMetadata(meta: Map<string, string>, bundle: CourseBundle | undefined): SourceRef[] {
  const passageId = meta.get(SOURCE_FIELDS.passage);
  const quote = meta.get(SOURCE_FIELDS.quote);
  const passage = passageId ? bundle?.passages.find((p) => p.id === passageId) : undefined;
  const article = passage && bundle?.articles.find((a) => a.id === passage.articleId);
  if (!passage || !article || !quote) return [];
  const at = article.rawText.slice(passage.rawStart, passage.rawEnd).indexOf(quote);
  if (at < 0) return [];
  const rawStart = passage.rawStart + at;
  return [{ passageId: passage.id, articleId: article.id, rawStart, rawEnd: rawStart + quote.length, quote }];
}

function readQti12Item(
  item: XmlElement,
  bundle?: CourseBundle,
): { draft: QuestionDraft; sourceRefs: SourceRef[] } {
  const meta = metadataOf(item);
  const type = meta.get("question_type") ?? COMMON_CARTRIDGE[meta.get("cc_profile") ?? ""] ?? "";
  const unsupported = UNSUPPORTED[type];
  if (unsupported) throw new SkipItem(unsupported);
  const presentation = first(item, "presentation");
  if (!presentation) throw new SkipItem("an item without a presentation");
  const stem = ownMaterial(presentation) || materialText(children(presentation, "flow")[0]);
  if (!stem) throw new SkipItem("an item without question text");
  const kept = readKept(meta);
  const general = feedbackTexts(item).get("general_fb");
  const markup = stemMarkupOf(presentation);
  const base: Base = {
    id: "",
    stem,
    ...(markup ? { stemMarkup: markup } : {}),
    sourceRefs: [],
    conceptIds: kept.conceptIds ?? [],
    difficulty: kept.difficulty ?? 0.5,
    generator: kept.generator ?? "author.qti",
    ...(general ? { explanation: general } : {}),
    ...(kept.title ? { title: kept.title } : {}),
  };
  let draft: QuestionDraft;
  if (type === "matching_question" || descendants(presentation, "response_lid").length > 1)
    draft = readMatchingItem(item, base);
  else if (first(presentation, "response_lid")) draft = readChoiceItem(item, type, base);
  else if (first(presentation, "response_str") || first(presentation, "response_num"))
    draft = readTextItem(item, type, base);
  else throw new SkipItem(`question type “${type || "unknown"}” is not one Groundwork reads`);
  const sourceRefs =
    kept.sourceRefs && kept.sourceRefs.length > 0 ? kept.sourceRefs : citationFromMetadata(meta, bundle);
  return { draft: restoreKept(draft, kept), sourceRefs };
}

/** The Groundwork question kept in metadata by `exportQti12`, when present and well-formed. */
function readKept(meta: Map<string, string>): Partial<Question> {
  const json = meta.get(SOURCE_FIELDS.question);
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === "object" ? (value as Partial<Question>) : {};
  } catch {
    return {};
  }
}

/**
 * The QTI body wins for what it holds (stem, options, key); what QTI 1.2 cannot hold (ids,
 * ordering, weights Canvas drops, typed-answer feedback) comes back from the kept question when it
 * still agrees with the body.
 */
function restoreKept(draft: QuestionDraft, kept: Partial<Question>): QuestionDraft {
  if (!kept.type) return draft;
  const candidate = { ...kept, stem: draft.stem, sourceRefs: draft.sourceRefs } as QuestionDraft;
  const sameTexts = (a: { text: string }[], b: { text: string }[] | undefined) =>
    b !== undefined && a.length === b.length && a.every((x, i) => x.text === b[i]?.text);
  if (
    kept.type === "ordering" &&
    draft.type === "matching" &&
    sameTexts(draft.left, (kept as { options?: Option[] }).options)
  )
    return candidate;
  if (kept.type !== draft.type) return draft;
  if ("options" in draft && !sameTexts(draft.options, (kept as { options?: Option[] }).options)) return draft;
  if (draft.type === "matching" && !sameTexts(draft.left, (kept as { left?: Option[] }).left)) return draft;
  return candidate;
}

function parseXml(text: string, file: string): XmlElement {
  let error: string | null = null;
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning" && error === null) error = message;
    },
  }).parseFromString(text, "text/xml");
  const root = doc.documentElement as unknown as XmlElement | null;
  if (error !== null || !root) throw new SkipItem(`${file} is not well-formed XML: ${error ?? "empty"}`);
  return root;
}

/** QTI 2.1 items: choice, text entry and order interactions; the rest skipped with a reason. */
function readQti21Item(item: XmlElement): QuestionDraft {
  const body = first(item, "itemBody");
  if (!body) throw new SkipItem("an item without an itemBody");
  const declarations = new Map(
    descendants(item, "responseDeclaration").map((d) => [d.getAttribute("identifier") ?? "", d]),
  );
  const correct = (id: string) =>
    descendants(declarations.get(id) ?? item, "value")
      .filter((v) => v.parentNode && (v.parentNode as XmlElement).localName === "correctResponse")
      .map(textOf);
  const interactions = descendants(body, "").filter((c) => (c.localName ?? "").endsWith("Interaction"));
  // A text entry inside the sentence becomes the blank it stands for.
  for (const entry of descendants(body, "textEntryInteraction")) {
    const blank = entry.ownerDocument?.createTextNode(" _____ ");
    if (blank && entry.parentNode) entry.parentNode.replaceChild(blank, entry);
  }
  const prompt = textOf(first(body, "prompt"));
  const bodyText = children(body)
    .filter((c) => !(c.localName ?? "").endsWith("Interaction"))
    .map((c) => htmlToPlain(c.toString()))
    .join("\n")
    .trim();
  const stem = [bodyText, prompt].filter((t) => t).join("\n");
  const base: Base = {
    id: "",
    stem,
    sourceRefs: [],
    conceptIds: [],
    difficulty: 0.5,
    generator: "author.qti",
  };
  if (interactions.length !== 1)
    throw new SkipItem(`${interactions.length} interactions in one item; Groundwork reads items with one`);
  const interaction = interactions[0] as XmlElement;
  if (!stem) throw new SkipItem("an item without question text");
  const rid = interaction.getAttribute("responseIdentifier") ?? "";
  const choicesOf = (name: string) =>
    descendants(interaction, name).map((c) => ({
      ident: c.getAttribute("identifier") ?? "",
      text: htmlToPlain(c.toString()),
    }));
  switch (interaction.localName) {
    case "choiceInteraction":
    case "orderInteraction": {
      const labels = choicesOf("simpleChoice");
      const options = labels.map((l) => ({ id: idFrom("o-", l.text), text: l.text }));
      const idOf = new Map(labels.map((l, i) => [l.ident, options[i]?.id as string]));
      const key = correct(rid)
        .map((v) => idOf.get(v))
        .filter((v): v is string => v !== undefined);
      if (key.length === 0) throw new SkipItem("no correct response declared");
      if (interaction.localName === "orderInteraction") return { ...base, type: "ordering", options, key };
      const isMultiple = (declarations.get(rid)?.getAttribute("cardinality") ?? "single") !== "single";
      return isMultiple
        ? { ...base, type: "multiple_choice", options, key }
        : { ...base, type: "single_choice", options, key: key[0] as string };
    }
    case "textEntryInteraction": {
      const values = correct(rid);
      const baseType = declarations.get(rid)?.getAttribute("baseType") ?? "string";
      if (values.length === 0) throw new SkipItem("no correct response declared");
      if (baseType === "float" || baseType === "integer") {
        const value = Number(values[0]);
        if (!Number.isFinite(value)) throw new SkipItem(`“${values[0]}” is not a number`);
        return {
          ...base,
          type: "numeric",
          key: { value, tolerance: { mode: "absolute", amount: 0 }, unit: null },
        };
      }
      const partial = descendants(declarations.get(rid) ?? item, "mapEntry")
        .map((m) => ({ text: m.getAttribute("mapKey") ?? "", weight: Number(m.getAttribute("mappedValue")) }))
        .filter((m) => m.text && m.weight > 0 && m.weight < 1 && !values.includes(m.text));
      return {
        ...base,
        type: /_{3,}/.test(stem) ? "cloze" : "short_answer",
        key: { accepted: values },
        ...(partial.length > 0 ? { answers: partial } : {}),
      };
    }
    default:
      throw new SkipItem(`a ${interaction.localName} has no Groundwork equivalent`);
  }
}

/**
 * Reads a QTI 1.2 (Canvas, text2qti, Moodle) or QTI 2.1 package: every item is imported, kept as a
 * draft that needs a source, or skipped with its reason, never turned silently into an empty
 * question. Files are paths to XML text (the caller unzips); the manifest, when present, is
 * followed, else every XML file is read.
 *
 * @example
 * const { questions, drafts, items } = importQti(new Map([["quiz.xml", xml]]), { bundle });
 */
export function importQti(
  files: ReadonlyMap<string, string>,
  options: { bundle?: CourseBundle } = {},
): QtiImportResult {
  const result: QtiImportResult = { questions: [], drafts: [], items: [] };
  const usedIds = new Set<string>();
  const xmlFiles = [...files.keys()].filter(
    (p) => p.toLowerCase().endsWith(".xml") || p.toLowerCase().endsWith(".qti"),
  );
  const manifest = files.get("imsmanifest.xml");
  let paths = xmlFiles.filter((p) => p !== "imsmanifest.xml" && !p.endsWith("assessment_meta.xml"));
  if (manifest) {
    try {
      const hrefs = descendants(parseXml(manifest, "imsmanifest.xml"), "resource")
        .filter((r) => /imsqti/.test(r.getAttribute("type") ?? ""))
        .flatMap((r) => [
          r.getAttribute("href") ?? "",
          ...children(r, "file").map((f) => f.getAttribute("href") ?? ""),
        ])
        .filter((h) => h && files.has(h));
      if (hrefs.length > 0) paths = [...new Set(hrefs)];
    } catch (error) {
      if (!(error instanceof SkipItem)) throw error;
      result.items.push({
        file: "imsmanifest.xml",
        ident: "",
        title: null,
        status: "skipped",
        reason: error.message,
      });
    }
  }
  for (const path of paths) {
    let root: XmlElement;
    try {
      root = parseXml(files.get(path) as string, path);
    } catch (error) {
      if (!(error instanceof SkipItem)) throw error;
      result.items.push({ file: path, ident: "", title: null, status: "skipped", reason: error.message });
      continue;
    }
    const isV2 = root.localName === "assessmentItem";
    const items = isV2 ? [root] : descendants(root, "item");
    if (!isV2 && root.localName !== "questestinterop") continue;
    for (const item of items) {
      const ident = item.getAttribute(isV2 ? "identifier" : "ident") ?? "";
      const title = item.getAttribute("title")?.trim() || null;
      const report = (status: QtiItemReport["status"], reason: string | null) =>
        result.items.push({ file: path, ident, title, status, reason });
      try {
        const { draft, sourceRefs } = isV2
          ? { draft: readQti21Item(item), sourceRefs: [] }
          : readQti12Item(item, options.bundle);
        let id = draft.id || `qti-${hashString(`${path}\u0000${ident}`).toString(36)}`;
        for (let n = 2; usedIds.has(id); n++)
          id = `qti-${hashString(`${path}\u0000${ident}`).toString(36)}-${n}`;
        usedIds.add(id);
        draft.id = id;
        // Canvas titles every item "Question", and exporters often repeat the stem: neither names it.
        if (title && !draft.title && title !== "Question" && !draft.stem.startsWith(title))
          draft.title = title;
        if (sourceRefs.length === 0) {
          const proposals = options.bundle ? proposeSources(draft, options.bundle) : [];
          result.drafts.push({
            ident,
            title,
            question: draft,
            needsSource: true,
            proposals,
            reasons: ["needs a source"],
          });
          report("needs_source", null);
          continue;
        }
        const parsed = QuestionSchema.safeParse({ ...draft, sourceRefs });
        if (!parsed.success) {
          const reason = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
          result.drafts.push({
            ident,
            title,
            question: draft,
            needsSource: false,
            proposals: [],
            reasons: [reason],
          });
          report("skipped", reason);
          continue;
        }
        result.questions.push(parsed.data);
        report("imported", null);
      } catch (error) {
        if (!(error instanceof SkipItem)) throw error;
        report("skipped", error.message);
      }
    }
  }
  return result;
}
