import type { CourseBundle } from "../course.ts";
import { hashString } from "../random.ts";
import type { Question } from "../schemas.ts";

/**
 * QTI 3.0 export: a content package (`imsmanifest.xml`, one `qti-assessment-item` per question, one
 * `qti-assessment-stimulus` per cited passage) as a map from path to XML text. Pure; the caller
 * writes the files or zips them.
 *
 * Scoring follows Groundwork's grader where QTI's standard templates can say it: `match_correct`
 * for single choice, true/false and ordering; `map_response` for multiple choice (each right option
 * +1/k, each wrong one -1/(n-k), bounded to 0..1), typed answers (every accepted answer maps to 1)
 * and matching (each right pair 1/n). Numeric tolerance has no template: a short
 * `qti-response-condition` with `qti-equal tolerance-mode` does it.
 */

export const QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
export const QTI_CP_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
const QTI_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";
const CP_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd";
const TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates";

export interface QtiExportOptions {
  /** Gives each stimulus the full passage text; without it, the cited quotes stand in. */
  bundle?: CourseBundle;
  /** Package identifier; default the bundle's course id or "groundwork-export". */
  packageId?: string;
  /** `xml:lang` of items and stimuli; default the course language or "en". */
  language?: string;
}

export interface QtiExportResult {
  /** Relative path -> XML text: `imsmanifest.xml`, `items/<id>.xml`, `stimuli/<id>.xml`. */
  files: Map<string, string>;
  skipped: { questionId: string; reason: string }[];
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 cannot carry at all.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
  );
}

/** A QTI identifier (an NCName without dots' surprises): kept when valid, else made valid and unique by a hash. */
export function toQtiIdentifier(id: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) return id;
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^([^A-Za-z_])/, "_$1");
  return `${cleaned}_${hashString(id).toString(36)}`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeXml(p).replace(/\n/g, "<br/>")}</p>`)
    .join("\n      ");
}

function value(v: string | number): string {
  return `<qti-value>${escapeXml(String(v))}</qti-value>`;
}

function scoreOutcomes(): string {
  return `  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">
    <qti-default-value>${value(0)}</qti-default-value>
  </qti-outcome-declaration>
  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">
    <qti-default-value>${value(1)}</qti-default-value>
  </qti-outcome-declaration>
`;
}

function template(name: "match_correct" | "map_response"): string {
  return `  <qti-response-processing template="${TEMPLATES}/${name}.xml"/>\n`;
}

function number(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}

interface ItemParts {
  declaration: string;
  body: string;
  processing: string;
}

function itemParts(question: Question): ItemParts {
  const prompt = `<qti-prompt>${escapeXml(question.stem)}</qti-prompt>`;
  const ids = new Map<string, string>();
  const qid = (id: string) => {
    const existing = ids.get(id);
    if (existing) return existing;
    const made = toQtiIdentifier(id);
    ids.set(id, made);
    return made;
  };
  const choices = (list: { id: string; text: string }[], element = "qti-simple-choice") =>
    list
      .map((o) => `      <${element} identifier="${qid(o.id)}">${escapeXml(o.text)}</${element}>`)
      .join("\n");
  switch (question.type) {
    case "single_choice":
    case "true_false": {
      const options =
        question.type === "true_false"
          ? [
              { id: "true", text: "True" },
              { id: "false", text: "False" },
            ]
          : question.options;
      const key = question.type === "true_false" ? String(question.key) : question.key;
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response>${value(qid(key))}</qti-correct-response>
  </qti-response-declaration>
`,
        body: `    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1" shuffle="${question.type === "single_choice"}">
      ${prompt}
${choices(options)}
    </qti-choice-interaction>`,
        processing: template("match_correct"),
      };
    }
    case "multiple_choice": {
      const k = question.key.length;
      const wrong = question.options.length - k;
      const entries = question.options
        .map(
          (o) =>
            `      <qti-map-entry map-key="${qid(o.id)}" mapped-value="${number(question.key.includes(o.id) ? 1 / k : wrong > 0 ? -1 / wrong : 0)}" case-sensitive="true"/>`,
        )
        .join("\n");
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier">
    <qti-correct-response>${question.key.map((id) => value(qid(id))).join("")}</qti-correct-response>
    <qti-mapping lower-bound="0" upper-bound="1" default-value="0">
${entries}
    </qti-mapping>
  </qti-response-declaration>
`,
        body: `    <qti-choice-interaction response-identifier="RESPONSE" max-choices="0" shuffle="true">
      ${prompt}
${choices(question.options)}
    </qti-choice-interaction>`,
        processing: template("map_response"),
      };
    }
    case "cloze":
    case "short_answer": {
      const accepted = [...new Set(question.key.accepted)];
      const longest = Math.max(...accepted.map((a) => a.length));
      const entry = `<qti-text-entry-interaction response-identifier="RESPONSE" expected-length="${Math.max(8, longest)}"/>`;
      const blank = /_{3,}/;
      const body =
        question.type === "cloze" && blank.test(question.stem)
          ? `    <p>${escapeXml(question.stem.split(blank)[0] ?? "")}${entry}${escapeXml(question.stem.split(blank).slice(1).join("___"))}</p>`
          : `    <p>${escapeXml(question.stem)}</p>\n    <p>${entry}</p>`;
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
    <qti-correct-response>${value(accepted[0] as string)}</qti-correct-response>
    <qti-mapping lower-bound="0" upper-bound="1" default-value="0">
${accepted.map((a) => `      <qti-map-entry map-key="${escapeXml(a)}" mapped-value="1" case-sensitive="false"/>`).join("\n")}
    </qti-mapping>
  </qti-response-declaration>
`,
        body,
        processing: template("map_response"),
      };
    }
    case "numeric": {
      const { value: v, tolerance, unit } = question.key;
      const mode = tolerance.mode === "absolute" ? "absolute" : "relative";
      // QTI's relative tolerance is a percentage; ours is a fraction.
      const amount = tolerance.mode === "absolute" ? tolerance.amount : tolerance.amount * 100;
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float">
    <qti-correct-response>${value(v)}</qti-correct-response>
  </qti-response-declaration>
`,
        body: `    <p>${escapeXml(question.stem)}</p>
    <p><qti-text-entry-interaction response-identifier="RESPONSE" base="10" expected-length="12"/>${unit ? ` ${escapeXml(unit)}` : ""}</p>`,
        processing: `  <qti-response-processing>
    <qti-response-condition>
      <qti-response-if>
        <qti-and>
          <qti-not><qti-is-null><qti-variable identifier="RESPONSE"/></qti-is-null></qti-not>
          <qti-equal tolerance-mode="${mode}" tolerance="${number(amount)} ${number(amount)}" include-lower-bound="true" include-upper-bound="true">
            <qti-variable identifier="RESPONSE"/>
            <qti-correct identifier="RESPONSE"/>
          </qti-equal>
        </qti-and>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
      <qti-response-else>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">0</qti-base-value></qti-set-outcome-value>
      </qti-response-else>
    </qti-response-condition>
  </qti-response-processing>
`,
      };
    }
    case "ordering":
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="ordered" base-type="identifier">
    <qti-correct-response>${question.key.map((id) => value(qid(id))).join("")}</qti-correct-response>
  </qti-response-declaration>
`,
        body: `    <qti-order-interaction response-identifier="RESPONSE" shuffle="true">
      ${prompt}
${choices(question.options)}
    </qti-order-interaction>`,
        processing: template("match_correct"),
      };
    case "matching": {
      const pairs = question.left.map((l) => `${qid(l.id)} ${qid(question.key[l.id] as string)}`);
      const each = 1 / pairs.length;
      const associable = (list: { id: string; text: string }[], max: number) =>
        list
          .map(
            (o) =>
              `        <qti-simple-associable-choice identifier="${qid(o.id)}" match-max="${max}">${escapeXml(o.text)}</qti-simple-associable-choice>`,
          )
          .join("\n");
      return {
        declaration: `  <qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="directedPair">
    <qti-correct-response>${pairs.map((p) => value(p)).join("")}</qti-correct-response>
    <qti-mapping lower-bound="0" upper-bound="1" default-value="0">
${pairs.map((p) => `      <qti-map-entry map-key="${p}" mapped-value="${number(each)}" case-sensitive="true"/>`).join("\n")}
    </qti-mapping>
  </qti-response-declaration>
`,
        body: `    <qti-match-interaction response-identifier="RESPONSE" shuffle="true" max-associations="${question.left.length}">
      ${prompt}
      <qti-simple-match-set>
${associable(question.left, 1)}
      </qti-simple-match-set>
      <qti-simple-match-set>
${associable(question.right, question.left.length)}
      </qti-simple-match-set>
    </qti-match-interaction>`,
        processing: template("map_response"),
      };
    }
  }
}

/**
 * Exports a question bank as a QTI 3.0 content package. Each item references the stimulus of its
 * first cited passage (`qti-assessment-stimulus-ref`), and the manifest lists items with type
 * `imsqti_item_xmlv3p0` and their stimulus as a dependency.
 *
 * @example
 * const { files } = exportQti(questions, { bundle });
 * files.get("imsmanifest.xml"); // "<?xml version=\"1.0\" ...<manifest ..."
 */
export function exportQti(questions: readonly Question[], options: QtiExportOptions = {}): QtiExportResult {
  const { bundle } = options;
  const language = options.language ?? bundle?.course.language ?? "en";
  const packageId = toQtiIdentifier(options.packageId ?? bundle?.course.id ?? "groundwork-export");
  const files = new Map<string, string>();
  const skipped: QtiExportResult["skipped"] = [];
  const stimuli = new Map<string, { id: string; href: string; title: string }>();
  const resources: string[] = [];
  const usedIds = new Set<string>();

  const stimulusFor = (question: Question) => {
    const ref = question.sourceRefs[0];
    if (!ref) return null;
    const known = stimuli.get(ref.passageId);
    if (known) return known;
    const passage = bundle?.passages.find((p) => p.id === ref.passageId);
    const article = bundle?.articles.find((a) => a.id === ref.articleId);
    const text =
      passage && article
        ? article.rawText.slice(passage.rawStart, passage.rawEnd)
        : question.sourceRefs
            .filter((r) => r.passageId === ref.passageId)
            .map((r) => r.quote)
            .join("\n\n");
    const id = toQtiIdentifier(`stimulus-${ref.passageId}`);
    const stimulus = { id, href: `stimuli/${id}.xml`, title: article ? article.title : ref.passageId };
    files.set(
      stimulus.href,
      `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-stimulus xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI_NAMESPACE} ${QTI_XSD}" identifier="${id}" title="${escapeXml(stimulus.title)}" xml:lang="${escapeXml(language)}">
  <qti-stimulus-body>
    <div class="groundwork-passage" data-passage-id="${escapeXml(ref.passageId)}" data-article-id="${escapeXml(ref.articleId)}">
      ${paragraphs(text) || "<p/>"}
    </div>
  </qti-stimulus-body>
</qti-assessment-stimulus>
`,
    );
    stimuli.set(ref.passageId, stimulus);
    resources.push(`    <resource identifier="${id}" type="imsqti_stimulus_xmlv3p0" href="${stimulus.href}">
      <file href="${stimulus.href}"/>
    </resource>`);
    return stimulus;
  };

  for (const question of questions) {
    const id = toQtiIdentifier(question.id);
    if (usedIds.has(id)) {
      skipped.push({ questionId: question.id, reason: "duplicate question id" });
      continue;
    }
    usedIds.add(id);
    const parts = itemParts(question);
    const stimulus = stimulusFor(question);
    const href = `items/${id}.xml`;
    files.set(
      href,
      `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI_NAMESPACE} ${QTI_XSD}" identifier="${id}" title="${escapeXml(question.stem.slice(0, 80))}" adaptive="false" time-dependent="false" xml:lang="${escapeXml(language)}">
${parts.declaration}${scoreOutcomes()}${stimulus ? `  <qti-assessment-stimulus-ref identifier="${stimulus.id}" href="../${stimulus.href}" title="${escapeXml(stimulus.title)}"/>\n` : ""}  <qti-item-body>
${parts.body}
  </qti-item-body>
${parts.processing}</qti-assessment-item>
`,
    );
    resources.push(`    <resource identifier="${id}" type="imsqti_item_xmlv3p0" href="${href}">
      <file href="${href}"/>${stimulus ? `\n      <dependency identifierref="${stimulus.id}"/>` : ""}
    </resource>`);
  }

  files.set(
    "imsmanifest.xml",
    `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="${QTI_CP_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI_CP_NAMESPACE} ${CP_XSD}" identifier="${packageId}">
  <metadata>
    <schema>QTI Package</schema>
    <schemaversion>3.0.0</schemaversion>
  </metadata>
  <organizations/>
  <resources>
${resources.join("\n")}
  </resources>
</manifest>
`,
  );
  // The manifest first, then items and stimuli in a stable order.
  const ordered = new Map<string, string>();
  ordered.set("imsmanifest.xml", files.get("imsmanifest.xml") as string);
  for (const [path, text] of files) if (path !== "imsmanifest.xml") ordered.set(path, text);
  return { files: ordered, skipped };
}
