import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { DeploymentPerformance, KpiComparison, PerformanceWindow, WindowKpi } from '../api/performance-types.ts';
import { Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { PerformanceChart } from '../charts/performance-chart.tsx';
import { WindowLatencyChart } from '../charts/window-latency-chart.tsx';
import { formatInteger, formatLatency, formatNumber, plural } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { formatP } from '../monitoring/drift-wording.ts';
import { fittedRange, monitoringQuery } from '../monitoring/monitoring-range.ts';
import {
  comparisonVerdict,
  hasKpis,
  kpisByVersion,
  labelCoverage,
  latencyPoints,
  latestCalibration,
  latestSlices,
} from '../performance/performance-latest.ts';
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
import { ReliabilityDiagram } from '../performance/reliability-diagram.tsx';
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

function CalibrationCard({ windows, version }: { windows: readonly PerformanceWindow[]; version: string | undefined }) {
  const latest = latestCalibration(windows, version);
  return (
    <Section title="Reliability diagram" id="performance-calibration">
      {latest === undefined ? (
        <p class="empty" data-testid="no-calibration">
          No labelled window of <span class="mono">{version}</span> in this range: the diagram needs labels with the predicted scores.
        </p>
      ) : (
        <>
          <p class="note performance-facts">
            Newest window with enough labels, <Time iso={latest.window.start} /> to <Time iso={latest.window.end} />:{' '}
            {formatInteger(latest.window.labelled_rows)} of {formatInteger(latest.window.rows)} predictions labelled.
          </p>
          <div class="performance-facts">
            <ReliabilityDiagram
              calibration={latest.calibration}
              label={`Reliability of ${version} in the window from ${latest.window.start}: expected calibration error ${formatNumber(latest.calibration.expected_calibration_error)}.`}
            />
          </div>
        </>
      )}
    </Section>
  );
}

function SlicesCard({ windows, version }: { windows: readonly PerformanceWindow[]; version: string | undefined }) {
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

const interval = (kpi: WindowKpi) =>
  kpi.lower === null || kpi.upper === null ? '—' : `${formatNumber(kpi.lower)} – ${formatNumber(kpi.upper)}`;
const valueOf = (value: number | null) => (value === null ? '—' : formatNumber(value));

function KpiCard({ data }: { data: DeploymentPerformance }) {
  if (!hasKpis(data)) {
    return (
      <Section title="Business KPIs" id="performance-kpis">
        <p class="empty" data-testid="no-kpis">
          No KPI is defined for this deployment. Define one in its config (<code>kpis</code>, such as a conversion rate over{' '}
          <code>conversion</code> events) and send outcomes with <code>POST /v1/deployments/{data.deployment}/events</code>.
        </p>
      </Section>
    );
  }
  const byVersion = kpisByVersion(data.windows);
  return (
    <Section title="Business KPIs by version" id="performance-kpis">
      <div class="table-scroll">
        <table class="table table--compact" data-testid="kpis">
          <caption class="note">Each version's KPIs in its latest window with outcomes, with the 95% confidence interval.</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">KPI</th>
              <th scope="col" class="num">
                Value
              </th>
              <th scope="col" class="num">
                95% interval
              </th>
              <th scope="col" class="num">
                Predictions
              </th>
              <th scope="col">Window</th>
            </tr>
          </thead>
          <tbody>
            {byVersion.flatMap((v) =>
              v.kpis.length === 0
                ? [
                    <tr key={versionKey(v.model)}>
                      <th scope="row" class="mono">
                        {versionKey(v.model)}
                      </th>
                      <td colSpan={5} class="muted">
                        no outcomes in this range
                      </td>
                    </tr>,
                  ]
                : v.kpis.map((kpi) => (
                    <tr key={`${versionKey(v.model)} ${kpi.name}`}>
                      <th scope="row" class="mono">
                        {versionKey(v.model)}
                      </th>
                      <td>
                        <span class="mono">{kpi.name}</span>{' '}
                        <span class="muted">
                          ({kpi.aggregate} of {kpi.event})
                        </span>
                      </td>
                      <td class="num mono">{valueOf(kpi.value)}</td>
                      <td class="num mono">{interval(kpi)}</td>
                      <td class="num mono">{formatInteger(kpi.count)}</td>
                      <td>{v.window && <Time iso={v.window.start} />}</td>
                    </tr>
                  )),
            )}
          </tbody>
        </table>
      </div>
      {data.kpi_comparisons.length > 0 && <KpiComparisons comparisons={data.kpi_comparisons} />}
    </Section>
  );
}

function KpiComparisons({ comparisons }: { comparisons: readonly KpiComparison[] }) {
  return (
    <div class="table-scroll">
      <table class="table table--compact" data-testid="kpi-comparisons">
        <caption class="note">
          Versions serving at the same time compared over the range (two proportions for a rate, Welch's t otherwise).
        </caption>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col" class="num">
              B − A
            </th>
            <th scope="col" class="num">
              p
            </th>
            <th scope="col">At 5%</th>
          </tr>
        </thead>
        <tbody>
          {comparisons.map((c) => (
            <tr key={`${c.name} ${versionKey(c.a.model)} ${versionKey(c.b.model)}`}>
              <th scope="row" class="mono">
                {c.name}
              </th>
              <td>
                <span class="mono">{versionKey(c.a.model)}</span> {valueOf(c.a.value)}{' '}
                <span class="muted">(n {formatInteger(c.a.count)})</span>
              </td>
              <td>
                <span class="mono">{versionKey(c.b.model)}</span> {valueOf(c.b.value)}{' '}
                <span class="muted">(n {formatInteger(c.b.count)})</span>
              </td>
              <td class="num mono">{valueOf(c.difference)}</td>
              <td class="num mono" title={c.test === 'welch_t' ? "Welch's t-test" : 'two-proportion z-test'}>
                {c.p_value === null ? '—' : formatP(c.p_value)}
              </td>
              <td>{comparisonVerdict(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LatencyCard({
  windows,
  version,
  rangeLabel,
}: {
  windows: readonly PerformanceWindow[];
  version: string | undefined;
  rangeLabel: string;
}) {
  const points = useMemo(() => latencyPoints(windows, version), [windows, version]);
  const last = points.times.length - 1;
  return (
    <Section title="Latency per window" id="performance-latency">
      {last < 0 ? (
        <p class="empty" data-testid="no-latency">
          No latency recorded for <span class="mono">{version}</span> in the {rangeLabel}.
        </p>
      ) : (
        <div class="latency">
          <dl class="figures" aria-label="Latency of the latest window" data-testid="latency-figures">
            <div>
              <dt>p50</dt>
              <dd>{formatLatency(points.p50[last]!)}</dd>
            </div>
            <div>
              <dt>p95</dt>
              <dd>{formatLatency(points.p95[last]!)}</dd>
            </div>
            <div>
              <dt>p99</dt>
              <dd>{formatLatency(points.p99[last]!)}</dd>
            </div>
            <div class={points.errors[last]! > 0 ? 'is-bad' : undefined}>
              <dt>Errors</dt>
              <dd>{formatInteger(points.errors[last]!)}</dd>
            </div>
          </dl>
          <WindowLatencyChart
            points={points}
            label={`p50, p95 and p99 latency of ${version} per window in the ${rangeLabel}; latest window p99 ${formatLatency(points.p99[last]!)}.`}
          />
        </div>
      )}
    </Section>
  );
}
