import { formatFeatureValue, formatNumber } from '../lib/format.ts';
import type { ExplainedOutput } from './explain-bars.ts';

/** A signed contribution as read: `+0.412`, `−0.05` (a true minus sign), `0`. */
function signed(value: number): string {
  if (value === 0) return '0';
  return value > 0 ? `+${formatNumber(value)}` : `−${formatNumber(-value)}`;
}

/**
 * Contributions as horizontal bars around a zero line, as SHAP draws them: to the right (red) what
 * pushed the output up from the base value, to the left (blue) what pulled it down; the largest first.
 * The feature's value as the model received it sits beside its name.
 */
export function ContributionBars({
  explained,
  inputs,
  label,
}: {
  explained: ExplainedOutput;
  inputs: Readonly<Record<string, unknown>>;
  label: string;
}) {
  return (
    <table class="table table--compact contributions" aria-label={label} data-testid="contributions">
      <thead>
        <tr>
          <th scope="col">Feature</th>
          <th scope="col">Value</th>
          <th scope="col" class="num">
            Contribution
          </th>
          <th scope="col" class="contributions__axis-head">
            <span>lowers</span>
            <span>raises</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {explained.bars.map((bar) => {
          const direction = bar.contribution > 0 ? 'up' : bar.contribution < 0 ? 'down' : 'none';
          return (
            <tr key={bar.feature} data-feature={bar.feature} data-direction={direction}>
              <th scope="row" class="mono">
                {bar.feature}
              </th>
              <td class="mono">{bar.feature in inputs ? formatFeatureValue(inputs[bar.feature]) : '—'}</td>
              <td class="num mono">{signed(bar.contribution)}</td>
              <td class="contributions__cell" aria-hidden="true">
                <div class="contributions__track">
                  <span class="contributions__half contributions__half--down">
                    {direction === 'down' && <span class="contrib-bar contrib-bar--down" style={{ width: `${bar.length * 100}%` }} />}
                  </span>
                  <span class="contributions__half contributions__half--up">
                    {direction === 'up' && <span class="contrib-bar contrib-bar--up" style={{ width: `${bar.length * 100}%` }} />}
                  </span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
