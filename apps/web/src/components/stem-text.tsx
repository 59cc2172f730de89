/**
 * A question's text as a student reads it: the sanitised HTML the API sends for a stem its author
 * wrote as Markdown or HTML (quiz-engine's `renderMarkup`: no script, handler, style, image or frame
 * survives it), else the plain stem. Inline, so it fits a legend or a paragraph.
 */
export function StemText({ question }: { question: { stem: string; stemHtml?: string } }) {
  if (!question.stemHtml) return <>{question.stem}</>;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkup on the server, for this purpose
  return <span className="rich-text" dangerouslySetInnerHTML={{ __html: question.stemHtml }} />;
}
