import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { DeploymentPerformance } from '../api/performance-types.ts';
import { Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { PerformanceChart } from '../charts/performance-chart.tsx';
import { formatInteger, plural } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { fittedRange, monitoringQuery } from '../monitoring/monitoring-range.ts';
import { labelCoverage } from '../performance/performance-latest.ts';
import {
  BAND_SIGMAS,
  defaultMetric,
  defaultVersion,
  offeredMetrics,
  performanceSeries,
  versionKey,
  versionsOf,
} from '../performance/performance-series.ts';
import { chartTitle, coverageSentence, metricLabel } from '../performance/performance-wording.ts';
import { CalibrationCard } from '../performance/calibration-card.tsx';
import { SlicesCard } from '../performance/slices-card.tsx';
import { KpiCard } from '../performance/kpi-card.tsx';
import { LatencyCard } from '../performance/latency-card.tsx';
import { useWindowRange, WindowRangeToolbar } from '../monitoring/window-range-picker.tsx';
import '../monitoring/monitoring.css';
import '../performance/performance.css';

/**
 * A deployment's outcomes: a chosen metric realised from labels against its estimate before labels
 * (CBPE) with the sampling band and the labelled share, the reliability diagram and worst slices of
 * the newest window with enough labels (performance-latest.ts), business KPIs by version with their comparison, and latency.
 */
export function PerformancePage({ name }: { name: string }) {
  const api = useApi();
  const choice = useWindowRange();
  const { range, size } = choice;
  const [loaded, reload] = useResource(
    (signal) => api.performance(name, monitoringQuery(Date.now(), range, size), signal),
    [name, range.id, size.id],
  );

  return (
    <Page
      title={`Performance ${name}`}
      crumbs={[
        { label: 'Deployments', to: { page: 'deployments' } },
        { label: name, to: { page: 'deployment', name } },
      ]}
      meta={loaded.state === 'ready' && <RangeMeta data={loaded.data} />}
    >
      <WindowRangeToolbar idPrefix="performance" choice={choice} onRefresh={reload} />
      {loaded.state === 'loading' && <Loading what="performance windows" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && (
        <PerformanceBody key={`${range.id} ${size.id}`} data={loaded.data} rangeLabel={range.label.toLowerCase()} />
      )}
    </Page>
  );
}

function RangeMeta({ data }: { data: DeploymentPerformance }) {
  return (
    <span>
      <Time iso={data.from} /> to <Time iso={data.to} />
      {data.estimation && (
        <>
          {' '}
          · estimated from the labelled reference of{' '}
          <span class="mono">
            {data.estimation.model.name}:{data.estimation.model.version}
          </span>{' '}
          {data.estimation.reference_rows !== null && `(${formatInteger(data.estimation.reference_rows)} rows)`}
        </>
      )}
    </span>
  );
}

function PerformanceBody({ data, rangeLabel }: { data: DeploymentPerformance; rangeLabel: string }) {
  const versions = useMemo(() => versionsOf(data.windows), [data]);
  const [chosenVersion, setVersion] = useState<string | undefined>(undefined);
  const version =
    chosenVersion !== undefined && versions.some((v) => versionKey(v) === chosenVersion) ? chosenVersion : defaultVersion(data);
  const metrics = useMemo(() => offeredMetrics(data.windows, version), [data, version]);
  const [chosenMetric, setMetric] = useState<string | undefined>(undefined);
  const metric = chosenMetric !== undefined && metrics.some((m) => m.name === chosenMetric) ? chosenMetric : defaultMetric(metrics);
  // The chart spans the part of the range that has traffic, as the monitoring page's does.
  const shown = useMemo(() => ({ ...data, ...fittedRange(data) }), [data]);
  const series = useMemo(() => (metric === undefined ? undefined : performanceSeries(shown, version, metric)), [shown, version, metric]);
  const coverage = labelCoverage(data.windows, version);

  const noReference = data.estimation === null && <NoReference data={data} />;
  if (data.windows.length === 0) {
    return (
      <>
        {noReference}
        <Empty>
          <span data-testid="no-traffic">
            No traffic in the {rangeLabel}. Windows appear here once <code>POST /v1/deployments/{data.deployment}/predict</code> is called.
          </span>
        </Empty>
      </>
    );
  }

  return (
    <>
      {noReference}
      {coverage.labelledRows === 0 && (
        <div class="panel" data-testid="no-labels">
          <h2 class="panel__title panel__title--plain">No labels yet</h2>
          <p>
            None of the {formatInteger(coverage.rows)} predictions in the {rangeLabel} has a label, so nothing is realised yet
            {data.estimation ? ' (the estimate does not need them)' : ''}. Send labels with{' '}
            <code>POST /v1/deployments/{data.deployment}/feedback</code> or{' '}
            <code>ballast feedback import labels.csv --deployment {data.deployment}</code>.
          </p>
        </div>
      )}
      <div class="toolbar performance-toolbar">
        {versions.length > 1 && (
          <>
            <label for="performance-version">Version</label>
            <select id="performance-version" value={version} onChange={(event) => setVersion(event.currentTarget.value)}>
              {versions.map((v) => (
                <option key={versionKey(v)} value={versionKey(v)}>
                  {versionKey(v)}
                </option>
              ))}
            </select>
          </>
        )}
        {metric !== undefined && (
          <>
            <label for="performance-metric">Metric</label>
            <select id="performance-metric" value={metric} onChange={(event) => setMetric(event.currentTarget.value)}>
              {metrics.map((m) => (
                <option key={m.name} value={m.name}>
                  {metricLabel(m.name)}
                  {m.estimatedWindows === 0 ? ' (realised only)' : m.realizedWindows === 0 ? ' (estimated only)' : ''}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      {series === undefined ? (
        <Empty>
          <span data-testid="no-metrics">
            No window of <span class="mono">{version}</span> in the {rangeLabel} has a metric: it needs labels, or a labelled reference to
            estimate from.
          </span>
        </Empty>
      ) : (
        <Section title={`${chartTitle(series)} · ${version}`} id="performance-over-time">
          <PerformanceChart
            series={series}
            label={`${metricLabel(series.metric)} of ${version} per window in the ${rangeLabel}: estimated in ${series.estimatedWindows} windows, realised in ${series.realizedWindows}, alert in ${series.alertWindows}.`}
          />
          <p class="note" data-testid="performance-summary">
            {coverageSentence(coverage)}. Estimated in {plural(series.estimatedWindows, 'window')}, realised in {series.realizedWindows}
            {series.alertWindows > 0 && (
              <>
                ; <span class="alert-count">the estimate left its alert bounds in {plural(series.alertWindows, 'window')}</span>
              </>
            )}
            . The shaded band is the estimate ± {BAND_SIGMAS} sampling errors: a realised value outside it says the estimate is off; the
            dashed lines are the alert bounds from the reference; the grey steps (right axis) are the share of each window's predictions
            with a label. Labels arrive late, so the newest windows show the estimate before the realised value confirms it.
          </p>
        </Section>
      )}
      <CalibrationCard windows={data.windows} version={version} />
      <SlicesCard windows={data.windows} version={version} />
      <KpiCard data={data} />
      <LatencyCard windows={data.windows} version={version} rangeLabel={rangeLabel} />
    </>
  );
}

function NoReference({ data }: { data: DeploymentPerformance }) {
  // The version that served most in the newest window: a canary's reference is its own business.
  const model = defaultVersion(data) ?? 'MODEL:VERSION';
  return (
    <div class="panel" data-testid="no-reference">
      <h2 class="panel__title panel__title--plain">Nothing estimated before labels</h2>
      {data.task === 'regression' ? (
        <p>Performance is estimated before labels for classifiers only; a regressor's metrics appear as its labels arrive.</p>
      ) : (
        <p>
          The version served has no labelled reference, so its performance cannot be estimated before labels arrive; realised metrics are
          shown as labels come. Give it one with <code>ballast models reference {model} holdout.csv --label default</code> (held-out rows
          with their labels).
        </p>
      )}
    </div>
  );
}
