/** A small inline-SVG bar chart, with its numbers in a visually hidden table for screen readers. */

export interface Bar {
  key: string;
  /** Short axis label, or '' to leave the tick unlabeled. */
  tick: string;
  /** Full description of the bar (tooltip and table). */
  title: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 180;
const AXIS = 18;
const TOP = 14;
/** Room at the sides so the first and last tick labels are not clipped. */
const SIDE = 18;

export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (WIDTH - 2 * SIDE) / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  const plot = HEIGHT - AXIS - TOP;
  return (
    <figure class="kx-chart-figure">
      <svg class="kx-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="currentColor" stroke-opacity={0.3} />
        {bars.map((bar, i) => {
          const h = (plot * bar.value) / max;
          const x = SIDE + i * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.key}>
              <rect class="kx-bar" x={x} y={HEIGHT - AXIS - h} width={barWidth} height={h} data-value={bar.value}>
                <title>{bar.title}</title>
              </rect>
              {bar.value > 0 && (
                <text x={x + barWidth / 2} y={HEIGHT - AXIS - h - 3} text-anchor="middle">
                  {bar.value}
                </text>
              )}
              {bar.tick && (
                <text x={x + barWidth / 2} y={HEIGHT - 4} text-anchor="middle">
                  {bar.tick}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table class="kx-visually-hidden">
        <caption>{label}</caption>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <td>{bar.title}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
