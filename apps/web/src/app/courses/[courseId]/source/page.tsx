import type { Metadata } from "next";
import { RawText } from "../../../../components/raw-text";
import { load, requireViewer } from "../../../../lib/session";
import { createServerApi } from "../../../../lib/trpc/server";

export const metadata: Metadata = { title: "Source" };

/**
 * A cited span in its raw article: `?passage=<key>` and optionally `start`/`end` raw offsets for an
 * exact quote inside the passage (statistics link here for each item).
 */
export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { courseId } = await params;
  const query = await searchParams;
  const passage = String(query.passage ?? "");
  const here = `/courses/${courseId}/source?passage=${encodeURIComponent(passage)}`;
  await requireViewer(here);
  const api = await createServerApi();
  const source = await load(() => api.lesson.source.query({ courseId, passageId: passage }), here);
  const start = Number(query.start);
  const end = Number(query.end);
  const hasQuote = Number.isInteger(start) && Number.isInteger(end) && end > start;
  return (
    <>
      <p className="eyebrow">Source</p>
      <h1>{source.articleTitle}</h1>
      <p className="muted small">
        {source.file} · sha256 {source.sha256.slice(0, 12)}… ·{" "}
        {hasQuote
          ? `cited characters ${start}–${end}`
          : `passage characters ${source.rawStart}–${source.rawEnd}`}{" "}
        highlighted. <a href="#cited">Jump to the highlight</a>
      </p>
      <RawText
        text={source.rawText}
        className="raw-source tall"
        label="Original article text"
        firstMarkId="cited"
        spans={[hasQuote ? { start, end } : { start: source.rawStart, end: source.rawEnd }]}
      />
    </>
  );
}
