import type { MonitoringWindow } from '../api/monitoring-types.ts';
import { Chip, Section } from '../components/bits.tsx';
import { formatNumber } from '../lib/format.ts';
import type { MonitoredColumn } from './drift-series.ts';
import { columnIn } from './drift-series.ts';

/**
 * Every monitored column at a glance: in how many windows of the range it drifted, and its effect in the
 * latest compared window against its threshold. When the served version has a global importance, inputs
 * come most important first with their rank, so the features that matter most are read first; otherwise
 * they keep the server's order. A row's button opens the column in the chart and histogram above.
 */
export function ColumnsTable({
  columns,
  latest,
  chosen,
  onPick,
}: {
  columns: readonly MonitoredColumn[];
  latest: MonitoringWindow | undefined;
  chosen: string | undefined;
  onPick: (column: string) => void;
}) {
  const ranked = columns.some((c) => c.importanceRank !== undefined);
  return (
    <Section
      title="Columns"
      id="columns"
      actions={
        <span class="muted" data-testid="columns-order">
          {ranked ? 'inputs by global importance, most important first' : 'inputs in the order the model takes them'}
        </span>
      }
    >
      <table class="table table--compact" data-testid="columns-table">
        <caption class="visually-hidden">Monitored columns{ranked ? ', inputs by global importance' : ''}</caption>
        <thead>
          <tr>
            {ranked && (
              <th scope="col" class="num">
                Importance
              </th>
            )}
            <th scope="col">Column</th>
            <th scope="col" class="num">
              Drifted in
            </th>
            <th scope="col" class="num">
              Latest effect
            </th>
            <th scope="col">Latest window</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => {
            const drift = columnIn(latest, column.name);
            return (
              <tr key={column.name} data-column={column.name} class={column.name === chosen ? 'is-chosen' : undefined}>
                {ranked && <td class="num mono">{column.importanceRank === undefined ? '—' : `#${column.importanceRank}`}</td>}
                <th scope="row">
                  <button type="button" class="link-button mono" aria-pressed={column.name === chosen} onClick={() => onPick(column.name)}>
                    {column.name}
                  </button>{' '}
                  {column.role === 'output' && <Chip tone="muted">output</Chip>}
                </th>
                <td class="num mono">{column.comparedWindows === 0 ? '—' : `${column.driftedWindows} of ${column.comparedWindows}`}</td>
                <td class="num mono">
                  {drift?.effect_size.value === null || drift === undefined
                    ? '—'
                    : `${formatNumber(drift.effect_size.value)} / ${formatNumber(drift.effect_size.threshold)}`}
                </td>
                <td>
                  {drift === undefined ? (
                    <span class="muted">not compared</span>
                  ) : (
                    <Chip tone={drift.drifted ? 'bad' : 'good'}>{drift.drifted ? 'drifted' : 'stable'}</Chip>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
