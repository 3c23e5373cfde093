import type { Calibration } from '../api/performance-types.ts';
import { formatInteger, formatNumber, formatShare } from '../lib/format.ts';
import { reliabilityDots } from './reliability-points.ts';

const size = 300;
const margin = { top: 10, right: 12, bottom: 40, left: 48 };

/**
 * Predicted score against observed positive rate per score bin, on the diagonal where the model is
 * calibrated: above it the model under-predicts the positive class, below it over-predicts. A
 * visually hidden table carries the same numbers for assistive technology.
 */
export function ReliabilityDiagram({ calibration, label }: { calibration: Calibration; label: string }) {
  const dots = reliabilityDots(calibration);
  const plot = size - margin.left - margin.right;
  const x = (v: number) => margin.left + v * plot;
  const y = (v: number) => margin.top + (1 - v) * plot;
  const height = margin.top + plot + margin.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <figure class="reliability" data-testid="reliability-diagram">
      <svg viewBox={`0 0 ${size} ${height}`} class="reliability__svg" role="img" aria-label={label}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(0)} x2={x(1)} y1={y(tick)} y2={y(tick)} class="histogram__grid" />
            <text x={x(0) - 6} y={y(tick) + 4} text-anchor="end" class="histogram__tick">
              {formatShare(tick)}
            </text>
            <text x={x(tick)} y={y(0) + 16} text-anchor="middle" class="histogram__tick">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} class="reliability__diagonal" />
        <polyline points={dots.map((d) => `${x(d.score)},${y(d.observed)}`).join(' ')} class="reliability__line" />
        {dots.map((d) => (
          <circle key={d.binStart} cx={x(d.score)} cy={y(d.observed)} r={d.radius} class="reliability__dot">
            <title>
              scores {formatNumber(d.binStart)}–{formatNumber(d.binEnd)}: mean {formatNumber(d.score)}, observed {formatShare(d.observed)}{' '}
              of {formatInteger(d.count)}
            </title>
          </circle>
        ))}
        <text x={x(0.5)} y={height - 4} text-anchor="middle" class="histogram__tick">
          mean predicted score
        </text>
        <text transform={`translate(12 ${y(0.5)}) rotate(-90)`} text-anchor="middle" class="histogram__tick">
          observed positive rate
        </text>
      </svg>
      <figcaption class="note">
        Expected calibration error <span class="mono">{formatNumber(calibration.expected_calibration_error)}</span>, maximum{' '}
        <span class="mono">{formatNumber(calibration.maximum_calibration_error)}</span> (10 equal-width bins). On the dashed diagonal the
        scores are calibrated; a dot's area grows with its labelled predictions.
      </figcaption>
      <table class="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Score bin</th>
            <th scope="col">Mean score</th>
            <th scope="col">Observed rate</th>
            <th scope="col">Labelled predictions</th>
          </tr>
        </thead>
        <tbody>
          {dots.map((d) => (
            <tr key={d.binStart}>
              <th scope="row">
                {formatNumber(d.binStart)}–{formatNumber(d.binEnd)}
              </th>
              <td>{formatNumber(d.score)}</td>
              <td>{formatShare(d.observed)}</td>
              <td>{formatInteger(d.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
