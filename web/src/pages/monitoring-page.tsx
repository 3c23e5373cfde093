import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { DeploymentMonitoring, MonitoringWindow } from '../api/monitoring-types.ts';
import type { MonitoredColumn } from '../monitoring/drift-series.ts';
import { Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { DriftOverTimeChart } from '../charts/drift-over-time-chart.tsx';
import { formatInteger, formatTime } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { ColumnWindowDetail } from '../monitoring/column-window-detail.tsx';
import { ColumnsTable } from '../monitoring/columns-table.tsx';
import { DriftBanner } from '../monitoring/drift-banner.tsx';
import {
  columnDriftSeries,
  columnIn,
  defaultColumn,
  latestComparedWindow,
  monitoredColumns,
  nearestWindowKey,
  sortedWindows,
  windowKey,
} from '../monitoring/drift-series.ts';
import { effectLabel } from '../monitoring/drift-wording.ts';
import { fittedRange, monitoringQuery } from '../monitoring/monitoring-range.ts';
import { QualitySection, StatusChip } from '../monitoring/quality-section.tsx';
import { useWindowRange, WindowRangeToolbar } from '../monitoring/window-range-picker.tsx';
import '../monitoring/monitoring.css';

/**
 * A deployment's monitoring: whether the latest window drifted, each column's effect size over time
 * against its threshold, the two distributions of a chosen column in a chosen window, and the
 * data-quality counters per window.
 */
export function MonitoringPage({ name }: { name: string }) {
  const api = useApi();
  const choice = useWindowRange();
  const { range, size } = choice;
  const [loaded, reload] = useResource(
    (signal) => api.monitoring(name, monitoringQuery(Date.now(), range, size), signal),
    [name, range.id, size.id],
  );

  return (
    <Page
      title={`Monitoring ${name}`}
      crumbs={[
        { label: 'Deployments', to: { page: 'deployments' } },
        { label: name, to: { page: 'deployment', name } },
      ]}
      meta={loaded.state === 'ready' && <RangeMeta data={loaded.data} />}
    >
      <WindowRangeToolbar idPrefix="monitoring" choice={choice} onRefresh={reload} />
      {loaded.state === 'loading' && <Loading what="monitoring windows" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && (
        <MonitoringBody key={`${range.id} ${size.id}`} data={loaded.data} rangeLabel={range.label.toLowerCase()} />
      )}
    </Page>
  );
}

function RangeMeta({ data }: { data: DeploymentMonitoring }) {
  return (
    <span>
      <Time iso={data.from} /> to <Time iso={data.to} />
      {data.reference && (
        <>
          {' '}
          · reference{' '}
          <span class="mono">
            {data.reference.model}:{data.reference.version}
          </span>{' '}
          ({formatInteger(data.reference.rows)} rows)
        </>
      )}
    </span>
  );
}

function MonitoringBody({ data, rangeLabel }: { data: DeploymentMonitoring; rangeLabel: string }) {
  const windows = useMemo(() => sortedWindows(data.windows), [data]);
  const columns = useMemo(() => monitoredColumns(windows), [windows]);
  const latest = useMemo(() => latestComparedWindow(windows), [windows]);
  const [chosenColumn, setColumn] = useState<string | undefined>(undefined);
  const column =
    chosenColumn !== undefined && columns.some((c) => c.name === chosenColumn) ? chosenColumn : defaultColumn(windows, columns);
  const [chosenKey, setKey] = useState<string | undefined>(undefined);
  const newest = latest ?? windows[windows.length - 1];
  // After a refresh the chosen window may have left the range: fall back to the newest compared one.
  const selectedKey = chosenKey !== undefined && windows.some((w) => windowKey(w) === chosenKey) ? chosenKey : newest && windowKey(newest);
  const selectedWindow = windows.find((w) => windowKey(w) === selectedKey);
  // The chart spans the part of the range that has traffic (fittedRange), not an hour with five minutes at its edge.
  const shown = useMemo(() => ({ ...data, ...fittedRange(data) }), [data]);
  const series = useMemo(() => columnDriftSeries(shown, column ?? ''), [shown, column]);
  const selectedIndex = selectedKey === undefined ? undefined : series.windowKeys.indexOf(selectedKey);
  const compared = windows.filter((w) => w.drift !== null);
  const columnCompared = (columns.find((c) => c.name === column)?.comparedWindows ?? 0) > 0;
  const versions = new Set(windows.map((w) => `${w.model.name}:${w.model.version}`)).size;

  const noReference = data.reference === null && (
    <div class="panel" data-testid="no-reference">
      <h2 class="panel__title panel__title--plain">No reference profile</h2>
      <p>
        The version served has no profile of its training data, so its traffic cannot be compared for drift. Register the version with its
        training data (<code>--training-data</code>) to get one; data-quality counters are shown without it.
      </p>
    </div>
  );
  if (windows.length === 0) {
    return (
      <>
        {noReference}
        <Empty>
          <span data-testid="no-traffic">
            No traffic in the {rangeLabel}. Windows appear here once <code>POST /v1/deployments/{data.deployment}/predict</code> is called;
            the open window shows as live.
          </span>
        </Empty>
      </>
    );
  }

  const pickColumn = (name: string) => setColumn(name);
  return (
    <>
      {noReference}
      {data.reference !== null && latest === undefined && (
        <Empty>
          <span data-testid="no-comparison">No window in the {rangeLabel} could be compared with the reference yet.</span>
        </Empty>
      )}
      {latest !== undefined && (
        <DriftBanner
          latest={latest}
          comparedWindows={compared.length}
          driftedWindows={compared.filter((w) => w.drift!.dataset.drifted).length}
          onColumn={pickColumn}
        />
      )}
      {column !== undefined && (
        <div class="toolbar monitoring-toolbar">
          <label for="monitoring-column">Column</label>
          <ColumnPicker columns={columns} value={column} onChange={pickColumn} />
        </div>
      )}
      {column !== undefined && columnCompared && (
        <Section title={`Drift over time · ${column}`} id="drift-over-time">
          <DriftOverTimeChart
            series={series}
            selectedIndex={selectedIndex === undefined || selectedIndex < 0 ? undefined : selectedIndex}
            onPick={(index) => {
              const key = nearestWindowKey(series, index);
              if (key !== undefined) setKey(key);
            }}
            label={`${effectLabel(series.effectName)} of ${column} per window in the ${rangeLabel}, against its threshold: drifted in ${series.driftedCount} of ${series.compared} compared windows.`}
          />
          <p class="note">
            <span class="mono">{column}</span> drifted in {series.driftedCount} of {series.compared} compared window
            {series.compared === 1 ? '' : 's'}. The dashed line is the effect-size threshold; a ring marks a window where the column was
            called drifted (significant test and large effect). Click a point to see that window below; gaps are windows without traffic.
          </p>
        </Section>
      )}
      {column !== undefined && compared.length > 0 && !columnCompared && (
        <Empty>
          <span data-testid="column-not-compared">
            <span class="mono">{column}</span> was not compared with the reference in any window of the {rangeLabel}.
          </span>
        </Empty>
      )}
      {selectedWindow !== undefined && compared.length > 0 && (
        <Section
          title="Reference against a window"
          id="window-detail"
          actions={
            <span class="card__controls">
              <label for="monitoring-selected-window">Window</label>
              <select
                id="monitoring-selected-window"
                class="select--small"
                value={windowKey(selectedWindow)}
                onChange={(event) => setKey(event.currentTarget.value)}
              >
                {[...windows].reverse().map((w) => (
                  <option key={windowKey(w)} value={windowKey(w)}>
                    {formatTime(w.start)}
                    {versions > 1 ? ` · ${w.model.name}:${w.model.version}` : ''}
                    {w.status === 'live' ? ' (live)' : ''}
                    {w.drift?.dataset.drifted ? ' · drifted' : ''}
                  </option>
                ))}
              </select>
            </span>
          }
        >
          <p class="note window-facts">
            <StatusChip status={selectedWindow.status} /> <Time iso={selectedWindow.start} /> to <Time iso={selectedWindow.end} />,{' '}
            <span class="mono">
              {selectedWindow.model.name}:{selectedWindow.model.version}
            </span>
            , {formatInteger(selectedWindow.rows)} rows
          </p>
          <WindowColumn window={selectedWindow} column={column} />
        </Section>
      )}
      <ColumnsTable columns={columns} latest={latest} chosen={column} onPick={pickColumn} />
      <QualitySection windows={windows} windowKeys={series.windowKeys} column={column} selectedKey={selectedKey} onSelect={setKey} />
    </>
  );
}

function WindowColumn({ window, column }: { window: MonitoringWindow; column: string | undefined }) {
  if (window.drift === null) {
    return <p class="empty window-empty">This window was not compared with the reference{window.rows === 0 ? ': it has no rows' : ''}.</p>;
  }
  const drift = column === undefined ? undefined : columnIn(window, column);
  if (drift === undefined) {
    const skipped = window.drift.skipped?.find((s) => s.name === column);
    return (
      <p class="empty window-empty">
        <span class="mono">{column}</span> was not compared in this window{skipped ? `: ${skipped.reason}` : ''}.
      </p>
    );
  }
  return <ColumnWindowDetail column={drift} window={window} />;
}

/** Inputs and outputs in two groups; a column that drifted says in how many windows. */
function ColumnPicker({
  columns,
  value,
  onChange,
}: {
  columns: readonly MonitoredColumn[];
  value: string;
  onChange: (column: string) => void;
}) {
  const option = (c: MonitoredColumn) => (
    <option key={c.name} value={c.name}>
      {c.name}
      {c.driftedWindows > 0 ? ` (drifted in ${c.driftedWindows})` : ''}
    </option>
  );
  const inputs = columns.filter((c) => c.role === 'input');
  const outputs = columns.filter((c) => c.role === 'output');
  return (
    <select id="monitoring-column" value={value} onChange={(event) => onChange(event.currentTarget.value)}>
      {inputs.length > 0 && <optgroup label="Inputs">{inputs.map(option)}</optgroup>}
      {outputs.length > 0 && <optgroup label="Outputs">{outputs.map(option)}</optgroup>}
    </select>
  );
}
