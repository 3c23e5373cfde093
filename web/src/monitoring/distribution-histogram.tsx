import type { DriftColumnType } from '../api/monitoring-types.ts';
import type { HistogramData } from './histogram-bins.ts';
import { formatInteger, formatShare } from '../lib/format.ts';

const referenceFill = 'rgba(91, 102, 117, 0.35)';
const referenceStroke = '#5b6675';
const currentFill = 'rgba(0, 114, 178, 0.75)';

/**
 * Reference against current as shares, overlaid: the reference a wide grey bar, the window a
 * narrower blue bar inside it, so a shift reads as blue sticking out of (or short of) grey. Numeric
 * bins run left to right in order; categories run top to bottom, so long names stay readable.
 * A visually hidden table carries the same numbers for assistive technology.
 */
export function DistributionHistogram({ data, type, label }: { data: HistogramData; type: DriftColumnType; label: string }) {
  return (
    <figure class="histogram" data-testid="histogram">
      {type === 'numeric' ? <VerticalBars data={data} label={label} /> : <HorizontalBars data={data} label={label} />}
      <figcaption class="histogram__legend">
        <span>
          <span class="swatch swatch--reference" aria-hidden="true" />
          reference ({formatInteger(data.referenceTotal)} values)
        </span>
        <span>
          <span class="swatch swatch--current" aria-hidden="true" />
          this window ({formatInteger(data.currentTotal)} values)
        </span>
        {data.merged > 0 && <span class="muted">{data.merged} smaller categories merged into the last bar</span>}
      </figcaption>
      <table class="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{type === 'numeric' ? 'Bin' : 'Category'}</th>
            <th scope="col">Reference</th>
            <th scope="col">This window</th>
          </tr>
        </thead>
        <tbody>
          {data.bins.map((bin) => (
            <tr key={bin.label}>
              <th scope="row">{bin.label}</th>
              <td>{formatShare(bin.reference)}</td>
              <td>{formatShare(bin.current)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A round top for the share axis: 10% steps up to the largest share. */
function axisTop(maxShare: number): number {
  return Math.min(1, Math.max(0.1, Math.ceil(maxShare * 10 + 1e-9) / 10));
}

function VerticalBars({ data, label }: { data: HistogramData; label: string }) {
  const width = 640;
  const slotGuess = (width - 52) / Math.max(data.bins.length, 1);
  // Labels that do not fit under their bar are slanted rather than cut short.
  const slanted = data.bins.some((bin) => bin.label.length * 6.5 > slotGuess);
  const margin = { top: 10, right: 8, bottom: slanted ? 70 : 30, left: 44 };
  const height = 190 + margin.bottom;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const top = axisTop(data.maxShare);
  const slot = plotW / Math.max(data.bins.length, 1);
  const y = (share: number) => margin.top + plotH - (share / top) * plotH;
  const ticks = [0, top / 2, top];
  return (
    <svg viewBox={`0 0 ${width} ${height}`} class="histogram__svg" role="img" aria-label={label}>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} class="histogram__grid" />
          <text x={margin.left - 6} y={y(tick) + 4} text-anchor="end" class="histogram__tick">
            {formatShare(tick)}
          </text>
        </g>
      ))}
      {data.bins.map((bin, i) => {
        const x = margin.left + i * slot;
        const tip = `${bin.label}: reference ${formatShare(bin.reference)}, this window ${formatShare(bin.current)}`;
        return (
          <g key={bin.label}>
            <title>{tip}</title>
            <rect
              x={x + slot * 0.08}
              width={slot * 0.84}
              y={y(bin.reference)}
              height={Math.max(0, y(0) - y(bin.reference))}
              fill={referenceFill}
              stroke={referenceStroke}
              stroke-width="1"
            />
            <rect
              x={x + slot * 0.28}
              width={slot * 0.44}
              y={y(bin.current)}
              height={Math.max(0, y(0) - y(bin.current))}
              fill={currentFill}
            />
            {slanted ? (
              <text transform={`translate(${x + slot / 2 + 4}, ${y(0) + 12}) rotate(-35)`} text-anchor="end" class="histogram__tick">
                {fit(bin.label, 100)}
              </text>
            ) : (
              <text x={x + slot / 2} y={y(0) + 16} text-anchor="middle" class="histogram__tick">
                {bin.label}
              </text>
            )}
          </g>
        );
      })}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} class="histogram__axis" />
    </svg>
  );
}

function HorizontalBars({ data, label }: { data: HistogramData; label: string }) {
  const width = 640;
  const row = 22;
  const margin = { top: 6, right: 56, bottom: 6, left: 160 };
  const height = margin.top + margin.bottom + row * data.bins.length;
  const plotW = width - margin.left - margin.right;
  const top = axisTop(data.maxShare);
  const x = (share: number) => (share / top) * plotW;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} class="histogram__svg" role="img" aria-label={label}>
      {data.bins.map((bin, i) => {
        const y0 = margin.top + i * row;
        const tip = `${bin.label}: reference ${formatShare(bin.reference)}, this window ${formatShare(bin.current)}`;
        return (
          <g key={bin.label}>
            <title>{tip}</title>
            <text x={margin.left - 8} y={y0 + row / 2 + 4} text-anchor="end" class="histogram__tick">
              {fit(bin.label, margin.left - 12)}
            </text>
            <rect
              x={margin.left}
              y={y0 + 2}
              height={row - 4}
              width={x(bin.reference)}
              fill={referenceFill}
              stroke={referenceStroke}
              stroke-width="1"
            />
            <rect x={margin.left} y={y0 + 7} height={row - 14} width={x(bin.current)} fill={currentFill} />
            <text x={margin.left + Math.max(x(bin.reference), x(bin.current)) + 6} y={y0 + row / 2 + 4} class="histogram__tick">
              {formatShare(bin.current)}
            </text>
          </g>
        );
      })}
      <line x1={margin.left} x2={margin.left} y1={margin.top} y2={height - margin.bottom} class="histogram__axis" />
    </svg>
  );
}

/** Shortens a label to the pixels it has (about 6.5 px a character at 11 px); the full one is in the title. */
function fit(text: string, pixels: number): string {
  const chars = Math.max(3, Math.floor(pixels / 6.5));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
