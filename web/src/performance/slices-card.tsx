import type { PerformanceWindow } from '../api/performance-types.ts';
import { Section, Time } from '../components/bits.tsx';
import { formatInteger, formatNumber } from '../lib/format.ts';
import { formatP } from '../monitoring/drift-wording.ts';
import { latestSlices } from './performance-latest.ts';
import { metricLabel } from './performance-wording.ts';

/** The performance page's worst slices: significantly worse than the rest of their window, most significant first. */
export function SlicesCard({ windows, version }: { windows: readonly PerformanceWindow[]; version: string | undefined }) {
  const state = latestSlices(windows, version);
  return (
    <Section title="Worst slices" id="performance-slices">
      {state.kind === 'no-labels' && (
        <p class="empty" data-testid="no-slices">
          No labelled window of <span class="mono">{version}</span> in this range: slices are compared on labelled predictions.
        </p>
      )}
      {state.kind === 'none-worse' && (
        <p class="empty" data-testid="no-worse-slice">
          {state.reason === undefined ? (
            <>
              In the newest window with enough labels (<Time iso={state.window.start} />) no slice is significantly worse than the window
              overall.
            </>
          ) : (
            <>
              Slices were not compared in the newest window with enough labels (<Time iso={state.window.start} />
              ): {state.reason}.
            </>
          )}
        </p>
      )}
      {state.kind === 'worst' && (
        <div class="table-scroll">
          <table class="table table--compact" data-testid="worst-slices">
            <caption class="note">
              Newest window with enough labels, from <Time iso={state.window.start} />: slices significantly worse than overall, the most
              significant first.
            </caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Slice</th>
                <th scope="col">Metric</th>
                <th scope="col" class="num">
                  Slice
                </th>
                <th scope="col" class="num">
                  Overall
                </th>
                <th scope="col" class="num">
                  p
                </th>
                <th scope="col" class="num">
                  Labelled / rows
                </th>
              </tr>
            </thead>
            <tbody>
              {state.slices.map((s) => (
                <tr key={`${s.column} ${s.slice} ${s.metric}`}>
                  <th scope="row" class="mono">
                    {s.column}
                  </th>
                  <td class="mono">{s.slice}</td>
                  <td>{metricLabel(s.metric)}</td>
                  <td class="num mono">{formatNumber(s.value)}</td>
                  <td class="num mono">{formatNumber(s.overall)}</td>
                  <td class="num mono">{formatP(s.p_value)}</td>
                  <td class="num mono">
                    {formatInteger(s.labelled_rows)} / {formatInteger(s.rows)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
