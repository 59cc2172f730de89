import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { load, requireViewer } from "../../../lib/session";
import { createServerApi } from "../../../lib/trpc/server";
import { ViewSource } from "./view-source";

export const metadata: Metadata = { title: "Lesson" };

interface Concept {
  id: string;
  name: string;
  definition: string;
  aliases: string[];
}

/** Marks the names of a passage's concepts in its text (longest names first, whole words only). */
function highlightConcepts(text: string, concepts: Concept[]): ReactNode[] {
  const names = concepts
    .flatMap((c) => [c.name, ...c.aliases].map((name) => ({ name, concept: c })))
    .filter((n) => n.name.length >= 3)
    .toSorted((a, b) => b.name.length - a.name.length);
  if (names.length === 0) return [text];
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b(${names.map((n) => escapeRegExp(n.name)).join("|")})\\b`, "gi");
  const out: ReactNode[] = [];
  let cursor = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const found = names.find((n) => n.name.toLowerCase() === match[0].toLowerCase());
    if (start > cursor) out.push(text.slice(cursor, start));
    out.push(
      <span key={start} className="concept" title={found?.concept.definition}>
        {match[0]}
      </span>,
    );
    cursor = start + match[0].length;
  }
  out.push(text.slice(cursor));
  return out;
}

export default async function LessonPage({ params }: { params: Promise<{ lessonId: string }> }) {
  const { lessonId } = await params;
  const here = `/lessons/${lessonId}`;
  await requireViewer(here);
  const api = await createServerApi();
  const lesson = await load(() => api.lesson.byId.query({ lessonId }), here);
  const conceptById = new Map(lesson.concepts.map((c) => [c.id, c]));

  return (
    <div className="reader">
      <p className="eyebrow">
        <Link href={`/courses/${lesson.course.id}`}>{lesson.course.title}</Link> · {lesson.readingMinutes} min
        read
      </p>
      <h1>{lesson.title}</h1>
      <p className="muted small">
        From “{lesson.article.title}”{lesson.article.source ? `, ${lesson.article.source}` : ""}
        {lesson.article.date ? ` (${lesson.article.date})` : ""}
      </p>

      {lesson.objectives.length > 0 ? (
        <section aria-labelledby="objectives-heading" className="card">
          <h2 id="objectives-heading">What you will learn</h2>
          <ul>
            {lesson.objectives.map((objective) => (
              <li key={objective.text}>
                {objective.text}{" "}
                <a href={`#p-${objective.ref.passageId}`} className="small">
                  (see passage)
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="reading-heading">
        <h2 id="reading-heading">Reading</h2>
        {lesson.passages.map((passage, index) => {
          const concepts = passage.conceptIds.flatMap((id) => {
            const concept = conceptById.get(id);
            return concept ? [concept] : [];
          });
          return (
            <section
              key={passage.id}
              id={`p-${passage.key}`}
              className="passage"
              aria-label={`Passage ${index + 1}`}
            >
              <div className="passage-text">
                {passage.text.split(/\n+/).map((paragraph, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text never reorder
                  <p key={i}>{highlightConcepts(paragraph, concepts)}</p>
                ))}
              </div>
              {concepts.length > 0 ? (
                <p className="small muted">Concepts: {concepts.map((c) => c.name).join(", ")}</p>
              ) : null}
              <ViewSource courseId={lesson.course.id} passageKey={passage.key} passageNumber={index + 1} />
            </section>
          );
        })}
      </section>

      {lesson.summary.length > 0 ? (
        <section aria-labelledby="summary-heading" className="card">
          <h2 id="summary-heading">Summary</h2>
          <ul>
            {lesson.summary.map((point) => (
              <li key={point.text}>{point.text}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {lesson.keyTerms.length > 0 ? (
        <section aria-labelledby="terms-heading" className="card">
          <h2 id="terms-heading">Key terms</h2>
          <dl className="term-list">
            {lesson.keyTerms.map((term) => (
              <div key={term.term}>
                <dt>{term.term}</dt>
                <dd>{term.gloss}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
