/**
 * A horizontal bar chart in plain SVG: values from 0 to 1, labels beside the bars, and the same
 * figures in a table for screen readers (the SVG itself is one labelled image).
 */
export interface Bar {
  label: string;
  value: number;
  /** Text beside the bar; defaults to the value as a percentage. */
  display?: string;
  isHighlighted?: boolean;
}

export function BarChart({ title, bars, caption }: { title: string; bars: Bar[]; caption?: string }) {
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 560;
  const barWidth = width - labelWidth - 56;
  const height = bars.length * rowHeight + 4;
  const shorten = (text: string) => (text.length > 30 ? `${text.slice(0, 29)}…` : text);
  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.display ?? percent(bar.value)}`).join(", ")}`}
      >
        {bars.map((bar, index) => {
          const y = index * rowHeight + 4;
          const value = Math.max(0, Math.min(1, bar.value));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the bars never reorder
            <g key={index}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end">
                {shorten(bar.label)}
              </text>
              <rect className="track" x={labelWidth} y={y} width={barWidth} height={rowHeight - 10} rx={4} />
              <rect
                className={bar.isHighlighted ? "bar alt" : "bar"}
                x={labelWidth}
                y={y}
                width={Math.max(2, value * barWidth)}
                height={rowHeight - 10}
                rx={4}
              />
              <text x={labelWidth + barWidth + 6} y={y + 14}>
                {bar.display ?? percent(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
      {caption ? <figcaption className="muted small">{caption}</figcaption> : null}
    </figure>
  );
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
