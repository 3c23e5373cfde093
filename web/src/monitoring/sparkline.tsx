import { sparkBars } from './quality-series.ts';

const width = 240;
const height = 28;

/** A counter per window as small bars, oldest left; the figure beside it says what it sums to. */
export function Sparkline({
  values,
  label,
  tone = 'neutral',
  selectedIndex,
}: {
  values: readonly (number | null)[];
  label: string;
  tone?: 'neutral' | 'warn';
  selectedIndex?: number;
}) {
  const bars = sparkBars(values, width, height);
  const slot = values.length === 0 ? 0 : width / values.length;
  return (
    <svg class={`sparkline sparkline--${tone}`} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {selectedIndex !== undefined && slot > 0 && (
        <rect class="sparkline__selected" x={selectedIndex * slot} width={slot} y={0} height={height} />
      )}
      {bars.map((bar, i) => (
        <rect key={i} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
      ))}
    </svg>
  );
}
