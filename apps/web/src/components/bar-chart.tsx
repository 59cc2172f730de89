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
  // Labels sit above their bars so the chart stays readable when a phone scales it down.
  const width = 320;
  const rowHeight = 38;
  const barHeight = 12;
  const valueWidth = 60;
  const barWidth = width - valueWidth;
  const height = bars.length * rowHeight;
  const shorten = (text: string) => (text.length > 44 ? `${text.slice(0, 43)}…` : text);
  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.display ?? percent(bar.value)}`).join(", ")}`}
      >
        {bars.map((bar, index) => {
          const y = index * rowHeight;
          const value = Math.max(0, Math.min(1, bar.value));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the bars never reorder
            <g key={index}>
              <text x={0} y={y + 13}>
                {shorten(bar.label)}
              </text>
              <rect className="track" x={0} y={y + 19} width={barWidth} height={barHeight} rx={4} />
              <rect
                className={bar.isHighlighted ? "bar alt" : "bar"}
                x={0}
                y={y + 19}
                width={Math.max(2, value * barWidth)}
                height={barHeight}
                rx={4}
              />
              <text x={barWidth + 6} y={y + 30} className="chart-value">
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
