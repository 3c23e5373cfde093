import type { DeploymentPerformance, KpiComparison, WindowKpi } from '../api/performance-types.ts';
import { Section, Time } from '../components/bits.tsx';
import { formatInteger, formatNumber } from '../lib/format.ts';
import { formatP } from '../monitoring/drift-wording.ts';
import { comparisonVerdict, hasKpis, kpisByVersion } from './performance-latest.ts';
import { versionKey } from './performance-series.ts';

/** The performance page's business KPIs: each version's newest window with values, and the versions compared. */
const interval = (kpi: WindowKpi) =>
  kpi.lower === null || kpi.upper === null ? '—' : `${formatNumber(kpi.lower)} – ${formatNumber(kpi.upper)}`;
const valueOf = (value: number | null) => (value === null ? '—' : formatNumber(value));

export function KpiCard({ data }: { data: DeploymentPerformance }) {
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
