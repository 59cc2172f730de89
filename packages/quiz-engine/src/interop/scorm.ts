import type { CourseBundle } from "../course.ts";
import type { Question } from "../schemas.ts";
import { escapeXml, toQtiIdentifier } from "./qti.ts";
import { SCORM_RUNTIME } from "./scorm-runtime.ts";

/**
 * A lesson and its quiz as a SCORM package (1.2 or 2004 4th edition): one SCO per lesson, each a
 * page with the lesson's passages and their citations, then the quiz. The page grades on the
 * client and reports to the LMS: score, completion (and success in 2004), one interaction per
 * question. SCORM 2004 interactions carry the question and its citation as their description;
 * SCORM 1.2 has no description, so the citation's passage travels in the interaction id, and the
 * answers in progress are saved in suspend data kept under 4,096 characters.
 *
 * Grading in the browser means the keys are in the package: a determined learner can read them.
 * Use it for practice; keep exams on Groundwork's server-graded quiz.
 */

export type ScormVersion = "1.2" | "2004";

export interface ScormExportOptions {
  version: ScormVersion;
  /** Lessons to package, default all in the course outline's order. */
  lessonIds?: readonly string[];
  /** Percentage that passes, default 70. */
  passPercent?: number;
}

export interface ScormExportResult {
  files: Map<string, string>;
  skipped: { questionId: string; reason: string }[];
}

/** The longest SCORM 1.2 suspend data, in characters (the runtime stays under it). */
export const SCORM12_SUSPEND_LIMIT = 4096;

const html = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const identifier = (text: string) => toQtiIdentifier(text).slice(0, 200);

function citationOf(
  bundle: CourseBundle,
  question: Question,
): { short: string; full: string; passageId: string } {
  const ref = question.sourceRefs[0];
  const article = ref && bundle.articles.find((a) => a.id === ref.articleId);
  if (!ref) return { short: "", full: "", passageId: "" };
  const title = article?.title ?? ref.articleId;
  const quote = ref.quote.replace(/\s+/g, " ").trim();
  return {
    passageId: ref.passageId,
    short: `Source: ${title}, passage ${ref.passageId}.`,
    full: `Source: ${title}, passage ${ref.passageId}: “${quote}”`,
  };
}

/** What the page needs to render and grade a question; keys included (graded on the client). */
function quizEntry(bundle: CourseBundle, question: Question, index: number, version: ScormVersion) {
  const cite = citationOf(bundle, question);
  // SCORM 2004 keeps 250 characters of a description: a long stem is shortened, never its citation.
  const citation = ` [${cite.short}]`;
  const room = 250 - citation.length;
  const stem =
    question.stem.length > room ? `${question.stem.slice(0, Math.max(0, room - 1))}…` : question.stem;
  const description = `${stem}${citation}`.slice(0, 250);
  const {
    sourceRefs: _refs,
    feedback: _fb,
    conceptIds: _c,
    generator: _g,
    difficulty: _d,
    ...rest
  } = question;
  return {
    ...rest,
    index,
    interactionId: identifier(version === "1.2" ? `${question.id}--${cite.passageId}` : question.id),
    description,
    source: cite.full,
  };
}

function questionHtml(question: Question, index: number): string {
  const name = `q${index}`;
  const legend = `<legend>${index + 1}. ${html(question.stem)}</legend>`;
  const choice = (type: "radio" | "checkbox", options: { id: string; text: string }[]) =>
    options
      .map(
        (o) => `<label><input type="${type}" name="${name}" value="${html(o.id)}"> ${html(o.text)}</label>`,
      )
      .join("");
  let body: string;
  switch (question.type) {
    case "single_choice":
      body = choice("radio", question.options);
      break;
    case "multiple_choice":
      body = choice("checkbox", question.options);
      break;
    case "true_false":
      body = choice("radio", [
        { id: "true", text: "True" },
        { id: "false", text: "False" },
      ]);
      break;
    case "ordering":
      body = question.options
        .map(
          (_, position) =>
            `<label>Position ${position + 1} <select>${question.options.map((o, i) => `<option value="${html(o.id)}"${i === position ? " selected" : ""}>${html(o.text)}</option>`).join("")}</select></label>`,
        )
        .join("");
      break;
    case "matching":
      body = question.left
        .map(
          (l) =>
            `<label>${html(l.text)} <select data-left="${html(l.id)}">${question.right.map((r) => `<option value="${html(r.id)}">${html(r.text)}</option>`).join("")}</select></label>`,
        )
        .join("");
      break;
    default:
      body = `<label>Your answer <input type="text" name="${name}" autocomplete="off"></label>`;
  }
  return `<fieldset class="question" id="gw-q${index}">${legend}${body}<p class="gw-result" aria-live="polite"></p></fieldset>`;
}

function manifest(
  bundle: CourseBundle,
  lessons: { id: string; title: string; href: string }[],
  version: ScormVersion,
): string {
  const id = identifier(`groundwork-${bundle.course.id}`);
  const items = lessons
    .map(
      (l) =>
        `      <item identifier="item-${identifier(l.id)}" identifierref="res-${identifier(l.id)}"><title>${escapeXml(l.title)}</title></item>`,
    )
    .join("\n");
  const resources = lessons
    .map(
      (l) =>
        `    <resource identifier="res-${identifier(l.id)}" type="webcontent" ${version === "1.2" ? "adlcp:scormtype" : "adlcp:scormType"}="sco" href="${l.href}">
      <file href="${l.href}"/>
      <dependency identifierref="runtime"/>
    </resource>`,
    )
    .join("\n");
  const head =
    version === "1.2"
      ? `<manifest identifier="${id}" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>`
      : `<manifest identifier="${id}" version="1.0" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.imsglobal.org/xsd/imsss" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
${head}
  <organizations default="org-${id}">
    <organization identifier="org-${id}">
      <title>${escapeXml(bundle.course.title)}</title>
${items}
    </organization>
  </organizations>
  <resources>
${resources}
    <resource identifier="runtime" type="webcontent" ${version === "1.2" ? "adlcp:scormtype" : "adlcp:scormType"}="asset">
      <file href="groundwork-sco.js"/>
    </resource>
  </resources>
</manifest>
`;
}

/**
 * Exports lessons with their quizzes as a SCORM package (files to zip at the package root).
 * Questions belong to the lesson holding their first cited passage.
 *
 * @example
 * const { files } = exportScorm(bundle, questions, { version: "2004" });
 * files.get("imsmanifest.xml"); // "<?xml ...<schemaversion>2004 4th Edition</schemaversion>..."
 */
export function exportScorm(
  bundle: CourseBundle,
  questions: readonly Question[],
  options: ScormExportOptions,
): ScormExportResult {
  const { version } = options;
  const passPercent = options.passPercent ?? 70;
  const wanted = options.lessonIds ?? bundle.outline;
  const lessons = wanted.flatMap((id) => bundle.lessons.filter((l) => l.id === id));
  const files = new Map<string, string>();
  const packaged: { id: string; title: string; href: string }[] = [];
  const skipped: ScormExportResult["skipped"] = [];
  const lessonOfPassage = new Map<string, string>();
  for (const lesson of bundle.lessons) for (const p of lesson.passageIds) lessonOfPassage.set(p, lesson.id);
  // A passage no lesson lists belongs to its article's lesson.
  const lessonOf = (q: Question) => {
    const ref = q.sourceRefs[0];
    return (
      ref &&
      (lessonOfPassage.get(ref.passageId) ?? bundle.lessons.find((l) => l.articleId === ref.articleId)?.id)
    );
  };
  for (const q of questions)
    if (!lessonOf(q)) skipped.push({ questionId: q.id, reason: "its article has no lesson in the course" });
  for (const lesson of lessons) {
    const article = bundle.articles.find((a) => a.id === lesson.articleId);
    const own = questions.filter((q) => lessonOf(q) === lesson.id);
    const listed = lesson.passageIds.flatMap((id) => bundle.passages.filter((p) => p.id === id));
    const passages =
      listed.length > 0 ? listed : bundle.passages.filter((p) => p.articleId === lesson.articleId);
    const credit = [article?.title, article?.source, article?.date].filter((x) => x).join(", ");
    const text = passages
      .map(
        (p) =>
          `<blockquote id="passage-${html(p.id)}" cite="#source">${html(article ? article.rawText.slice(p.rawStart, p.rawEnd) : p.text)}<footer>— <cite>${html(credit)}</cite>, passage ${html(p.id)}</footer></blockquote>`,
      )
      .join("\n");
    const data = {
      version,
      passPercent,
      questions: own.map((q, i) => quizEntry(bundle, q, i, version)),
    };
    const href = `lesson-${identifier(lesson.id)}.html`;
    files.set(
      href,
      `<!doctype html>
<html lang="${html(bundle.course.language ?? "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(lesson.title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1rem;color:#1a1a1a}blockquote{margin:1rem 0;padding-left:1rem;border-left:4px solid #555}fieldset{margin:1rem 0;border:1px solid #555;padding:.75rem}label{display:block;margin:.25rem 0}button{font:inherit;padding:.4rem 1rem}.notice{background:#fff4d6;padding:.5rem;border:1px solid #7a5b00}</style>
</head>
<body>
<main>
<h1>${html(lesson.title)}</h1>
<section aria-labelledby="reading"><h2 id="reading">Reading</h2>
${text}
<p id="source">From ${html(credit)}.</p>
</section>
<section aria-labelledby="quiz"><h2 id="quiz">Quiz</h2>
<p class="notice">This quiz is graded in your browser, for practice.</p>
<form id="gw-quiz-form">
${own.map((q, i) => questionHtml(q, i)).join("\n")}
<button type="submit">Submit answers</button>
</form>
<p id="gw-status" role="status"></p>
</section>
</main>
<script type="application/json" id="gw-quiz">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
<script src="groundwork-sco.js"></script>
</body>
</html>
`,
    );
    packaged.push({ id: lesson.id, title: lesson.title, href });
  }
  files.set("groundwork-sco.js", SCORM_RUNTIME);
  files.set("imsmanifest.xml", manifest(bundle, packaged, version));
  return { files, skipped };
}
