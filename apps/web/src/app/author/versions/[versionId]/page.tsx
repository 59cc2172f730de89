import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../../../components/forbidden";
import { RawText } from "../../../../components/raw-text";
import { formatDate, typeLabels } from "../../../../lib/format";
import { hasRole, load, requireViewer } from "../../../../lib/session";
import { createServerApi } from "../../../../lib/trpc/server";
import type { Outputs } from "../../../../lib/types";
import { AcceptQuizSetButton, DecideControls, NewDraftButton, PublishButton } from "./decide-controls";
import { ExportButtons } from "./export-buttons";
import { ConfirmSource, GiftImport } from "./needs-source";

export const metadata: Metadata = { title: "Package version" };

type Question = Outputs["authoring"]["version"]["questions"][number];

function describeKey(q: Question["question"]): string {
  const optionText = (options: Array<{ id: string; text: string }>, id: string) =>
    options.find((o) => o.id === id)?.text ?? id;
  switch (q.type) {
    case "single_choice":
      return optionText(q.options, q.key);
    case "multiple_choice":
      return q.key.map((k) => optionText(q.options, k)).join("; ");
    case "ordering":
      return q.key.map((k) => optionText(q.options, k)).join(" → ");
    case "true_false":
      return q.key ? "True" : `False${q.correction ? ` (source: “${q.correction}”)` : ""}`;
    case "cloze":
    case "short_answer":
      return q.key.accepted.join(" / ");
    case "numeric":
      return `${q.key.value}${q.key.unit ? ` ${q.key.unit}` : ""} ± ${q.key.tolerance.amount}${q.key.tolerance.mode === "relative" ? " (relative)" : ""}`;
    case "matching":
      return Object.entries(q.key)
        .map(([l, r]) => `${optionText(q.left, l)} → ${optionText(q.right, r)}`)
        .join("; ");
  }
}

export default async function VersionPage({ params }: { params: Promise<{ versionId: string }> }) {
  const { versionId } = await params;
  const here = `/author/versions/${versionId}`;
  const viewer = await requireViewer(here);
  if (!hasRole(viewer, "author")) return <Forbidden needs="author" />;
  const api = await createServerApi();
  const version = await load(() => api.authoring.version.query({ versionId }), here);
  const waiting = await load(() => api.interop.needsSource.query({ versionId }), here);
  const isDraft = version.status === "draft";
  const byLesson = new Map<string, Question[]>();
  for (const q of version.questions) byLesson.set(q.lessonKey, [...(byLesson.get(q.lessonKey) ?? []), q]);
  // Best first, as the generator scored them; unscored questions (imported, older) keep their order after.
  for (const questions of byLesson.values())
    questions.sort((a, b) => (b.question.quality?.score ?? -1) - (a.question.quality?.score ?? -1));
  const counts = {
    kept: version.questions.filter((q) => q.status !== "rejected").length,
    rejected: version.questions.filter((q) => q.status === "rejected").length,
    failing: version.questions.filter((q) => !q.gate.passed).length,
  };

  return (
    <>
      <p className="eyebrow">
        <Link href="/author">Packages</Link> · {version.slug}
      </p>
      <div className="spread">
        <h1>
          {version.course?.title ?? version.slug}, version {version.number}{" "}
          <span
            className={version.status === "published" ? "pill good" : "pill"}
            data-testid="version-status"
          >
            {version.status}
          </span>
        </h1>
        {isDraft ? <PublishButton versionId={version.id} /> : <NewDraftButton versionId={version.id} />}
      </div>
      <p className="muted">
        {version.lessons.length} lessons · {version.questions.length} questions ({counts.kept} kept,{" "}
        {counts.rejected} rejected{counts.failing ? `, ${counts.failing} failing a gate` : ""})
        {version.course && version.status === "published" ? (
          <>
            {" "}
            · <Link href={`/courses/${version.course.id}`}>Open the published course</Link>
          </>
        ) : null}
      </p>

      <ExportButtons versionId={version.id} />

      {isDraft ? <GiftImport versionId={version.id} /> : null}

      {waiting.length > 0 ? (
        <section aria-labelledby="needs-source-heading">
          <h2 id="needs-source-heading">Needs a source ({waiting.length})</h2>
          <p className="muted small">
            These questions came without the passage they are drawn from. Students never see them until you
            confirm one; the gates then check the question against it.
          </p>
          {isDraft ? (
            waiting.map((item) => <ConfirmSource key={item.questionId} item={item} />)
          ) : (
            <p className="notice">This version is {version.status}; make a new draft to cite them.</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">Normalisation report</h2>
        <p className="muted small">
          What the pipeline cleaned in each article, marked in the raw text as it was uploaded. Hover or focus
          a mark to see the change; the table lists them all.
        </p>
        {version.reports.map((report, index) => (
          <details key={report.articleId} className="card" open={index === 0}>
            <summary>
              <strong>{report.articleTitle}</strong>{" "}
              <span className="muted small">
                {report.changes.length} changes · {report.rawLength} → {report.normalizedLength} characters
              </span>
            </summary>
            <p className="small">
              {Object.entries(report.counts)
                .map(([kind, count]) => `${kind.replaceAll("_", " ")}: ${count}`)
                .join(" · ")}
            </p>
            <RawText
              text={report.rawText}
              label={`Raw text of ${report.articleTitle} with cleaned spans marked`}
              spans={report.changes.map((change) => ({
                start: change.rawStart,
                end: change.rawEnd,
                className: "change",
                label: `${change.kind}: “${change.before}” → “${change.after}”`,
              }))}
            />
            <details>
              <summary className="small">All {report.changes.length} changes as a table</summary>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col" className="num">
                        Raw offsets
                      </th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.changes.map((change) => (
                      <tr key={`${change.rawStart}-${change.kind}`}>
                        <td>{change.kind.replaceAll("_", " ")}</td>
                        <td className="num">
                          {change.rawStart}–{change.rawEnd}
                        </td>
                        <td>
                          <code>
                            {change.before.length > 80 ? `${change.before.slice(0, 80)}…` : change.before}
                          </code>
                        </td>
                        <td>
                          <code>{change.after || "(removed)"}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </details>
        ))}
      </section>

      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">Generated questions</h2>
        {version.questions.some((q) => q.question.quality) ? (
          <p className="muted small">
            Each lesson lists its questions best first, by the generator's quality score with its reasons. The
            suggested quiz set is the generator's pick of the lesson's best; the rest stays as reserve.
          </p>
        ) : null}
        {!isDraft ? (
          <p className="notice">
            This version is {version.status}; make a new draft to change its questions.
          </p>
        ) : null}
        {[...byLesson].map(([lessonKey, questions], lessonIndex) => {
          const lessonTitle =
            version.lessons.find((l) => l.id === lessonKey)?.title ?? `Lesson ${lessonIndex + 1}`;
          const quizSet = questions.filter((q) => q.question.inQuizSet);
          const pending = quizSet.filter(
            (q) => q.status !== "accepted" && q.status !== "rejected" && q.status !== "needs_source",
          ).length;
          return (
            <details key={lessonKey} className="card" open={lessonIndex === 0}>
              <summary>
                <strong>{lessonTitle}</strong>{" "}
                <span className="muted small">
                  {questions.length} questions
                  {quizSet.length > 0 ? `, ${quizSet.length} in the suggested quiz set` : ""}
                </span>
              </summary>
              {isDraft && quizSet.length > 0 ? (
                <AcceptQuizSetButton
                  versionId={version.id}
                  lessonKey={lessonKey}
                  lessonTitle={lessonTitle}
                  pending={pending}
                />
              ) : null}
              <ol className="stack plain-list">
                {questions.map((q) => (
                  <li
                    key={q.id}
                    className="question"
                    data-question-type={q.type}
                    data-testid="authored-question"
                  >
                    <p className="eyebrow">
                      {typeLabels[q.type] ?? q.type} · {q.question.generator} ·{" "}
                      <span
                        className={
                          q.status === "rejected"
                            ? "pill bad"
                            : q.status === "generated"
                              ? "pill"
                              : "pill good"
                        }
                      >
                        {q.status}
                      </span>{" "}
                      <span className={q.gate.passed ? "pill good" : "pill bad"}>
                        {q.gate.passed ? "gates passed" : "gate failed"}
                      </span>
                      {q.question.inQuizSet ? (
                        <>
                          {" "}
                          <span className="pill good">quiz set</span>
                        </>
                      ) : null}
                    </p>
                    {q.question.quality ? (
                      <div className="small" data-testid="quality">
                        <p>
                          <span className="muted">Quality: </span>
                          <strong>{Math.round(q.question.quality.score * 100)}%</strong>
                        </p>
                        {q.question.quality.reasons.length > 0 ? (
                          <ul aria-label="Why this score">
                            {q.question.quality.reasons.map((reason) => (
                              <li key={reason}>{reason}</li>
                            ))}
                          </ul>
                        ) : null}
                      </div>
                    ) : null}
                    <p className="stem">{q.question.stem}</p>
                    {"options" in q.question ? (
                      <ul className="small">
                        {q.question.options.map((o) => (
                          <li key={o.id}>{o.text}</li>
                        ))}
                      </ul>
                    ) : null}
                    <p className="small">
                      <span className="muted">Key: </span>
                      {describeKey(q.question)}
                    </p>
                    {q.gate.failures.length > 0 ? (
                      <ul className="small gate-fail">
                        {q.gate.failures.map((f) => (
                          <li key={`${f.gate}-${f.reason}`}>
                            {f.gate}: {f.reason}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {q.question.sourceRefs.map((ref) => (
                      <blockquote key={`${ref.passageId}-${ref.rawStart}`} className="source-quote small">
                        “{ref.quote}”{" "}
                        <span className="muted">
                          ({ref.articleId}, characters {ref.rawStart}–{ref.rawEnd})
                        </span>
                      </blockquote>
                    ))}
                    <p className="small muted">Updated {formatDate(q.updatedAt)}</p>
                    {isDraft ? (
                      <DecideControls questionId={q.id} status={q.status} question={q.question} />
                    ) : null}
                  </li>
                ))}
              </ol>
            </details>
          );
        })}
      </section>
    </>
  );
}
