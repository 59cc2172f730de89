import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "../../../../components/bar-chart";
import { Forbidden } from "../../../../components/forbidden";
import { formatPercent, typeLabels } from "../../../../lib/format";
import { hasRole, load, requireViewer } from "../../../../lib/session";
import { createServerApi } from "../../../../lib/trpc/server";

export const metadata: Metadata = { title: "Item statistics" };

function describeDiscrimination(value: number | null): string {
  if (value === null) return "not enough answers yet";
  if (value >= 0.4) return "discriminates well";
  if (value >= 0.2) return "discriminates somewhat";
  if (value >= 0) return "discriminates poorly: review this item";
  return "negative: stronger students miss it more; check the key";
}

export default async function StatisticsPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  const here = `/assignments/${assignmentId}/statistics`;
  const viewer = await requireViewer(here);
  if (!hasRole(viewer, "instructor")) return <Forbidden needs="instructor" />;
  const api = await createServerApi();
  const stats = await load(() => api.assignment.statistics.query({ assignmentId }), here);
  const answered = stats.items.filter((item) => item.answers > 0);

  return (
    <>
      <p className="eyebrow">Item statistics</p>
      <h1>{stats.assignment.title}</h1>
      <p className="muted">
        Facility is the share of students who answered an item correctly; discrimination compares the top and
        bottom thirds of the class. Each item links to the source passage it was written from.
      </p>
      {answered.length === 0 ? (
        <p className="notice">No submitted answers yet: statistics appear once students submit.</p>
      ) : (
        <section className="card" aria-labelledby="facility-heading">
          <h2 id="facility-heading">Facility by item</h2>
          <BarChart
            title="Facility by item"
            bars={answered.map((item, index) => ({
              label: `${index + 1}. ${item.stem}`,
              value: item.facility,
            }))}
          />
        </section>
      )}
      <h2>Items</h2>
      <ol className="stack plain-list">
        {stats.items.map((item, index) => (
          <li key={item.questionId} className="card" aria-labelledby={`item-${item.questionId}`}>
            <p className="eyebrow">
              Item {index + 1} · {typeLabels[item.type] ?? item.type}
            </p>
            <h3 id={`item-${item.questionId}`}>{item.stem}</h3>
            <dl className="stat-list">
              <div>
                <dt>Answers</dt>
                <dd>{item.answers}</dd>
              </div>
              <div>
                <dt>Facility</dt>
                <dd>{item.answers > 0 ? formatPercent(item.facility) : "–"}</dd>
              </div>
              <div>
                <dt>Discrimination</dt>
                <dd>
                  {item.discriminationIndex === null ? "–" : item.discriminationIndex.toFixed(2)}{" "}
                  <span className="muted small">({describeDiscrimination(item.discriminationIndex)})</span>
                </dd>
              </div>
              {item.discriminationCorrelation !== null ? (
                <div>
                  <dt>Point-biserial</dt>
                  <dd>{item.discriminationCorrelation.toFixed(2)}</dd>
                </div>
              ) : null}
            </dl>
            {item.distractors && item.distractors.length > 0 && item.answers > 0 ? (
              <BarChart
                title={`Choices for item ${index + 1}`}
                bars={item.distractors.map((d) => ({
                  label: `${d.isKey ? "✓ " : ""}${d.text}`,
                  value: d.share,
                  isHighlighted: d.isKey,
                  display: `${formatPercent(d.share)} (${d.count})`,
                }))}
                caption="Which options students chose; the key is marked ✓ and drawn in the second colour."
              />
            ) : null}
            {item.source ? (
              <>
                <blockquote className="source-quote">“{item.source.quote}”</blockquote>
                <Link
                  href={`/courses/${stats.assignment.courseId}/source?passage=${encodeURIComponent(item.source.passageId)}&start=${item.source.rawStart}&end=${item.source.rawEnd}#cited`}
                >
                  View source passage<span className="visually-hidden"> of item {index + 1}</span>
                </Link>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
