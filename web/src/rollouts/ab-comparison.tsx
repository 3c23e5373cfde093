import { useApi } from '../api/api-context.ts';
import type { AbAnalysis, AbKpi } from '../api/rollout-types.ts';
import { Chip, ModelVersionLink, Section, Time } from '../components/bits.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { NONE, formatInteger, formatNumber, formatShare, formatSignedShare } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { signed } from './rollout-wording.ts';

/** A rate reads as a percentage, its difference in points; a mean (or a sum per prediction) as a number. */
const valueOf = (kpi: AbKpi, x: number | null) => (x === null ? NONE : kpi.aggregate === 'rate' ? formatShare(x) : formatNumber(x));
const differenceOf = (kpi: AbKpi, x: number | null) => (x === null ? NONE : kpi.aggregate === 'rate' ? formatSignedShare(x) : signed(x));

/**
 * The A/B test's KPIs compared between stable (a) and the variant (b): the difference with its 95%
 * interval, the p-value of the test, and whether each variant has served the rows it needs to find
 * the stated effect — before that, "no significant difference" means "not enough data yet".
 */
export function AbComparison({ deployment }: { deployment: string }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.rolloutAb(deployment, undefined, signal), [deployment]);
  return (
    <Section title="A/B comparison" id="ab-comparison">
      {loaded.state === 'loading' && <Loading what="the A/B comparison" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && <AbBody ab={loaded.data} />}
    </Section>
  );
}

function AbBody({ ab }: { ab: AbAnalysis }) {
  const [a, b] = ab.variants;
  return (
    <div class="ab" data-testid="ab-comparison">
      <p class="ab__variants" data-testid="ab-variants">
        {a && (
          <span>
            stable <ModelVersionLink name={a.model.name} version={a.model.version} /> {formatInteger(a.rows)} rows
          </span>
        )}
        {b && (
          <span>
            variant <ModelVersionLink name={b.model.name} version={b.model.version} /> {formatInteger(b.rows)} rows
          </span>
        )}
        <span class="muted">
          since <Time iso={ab.from} />
        </span>
      </p>
      {ab.kpis.length === 0 ? (
        <Empty>This deployment has no business KPIs: add kpis to its config to compare the variants on them.</Empty>
      ) : (
        <table class="table" data-testid="ab-kpis">
          <caption class="visually-hidden">Each KPI of the variant against stable, with its 95% interval and the sample each needs</caption>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col" class="num">
                Stable
              </th>
              <th scope="col" class="num">
                Variant
              </th>
              <th scope="col" class="num">
                Difference
              </th>
              <th scope="col">95% interval</th>
              <th scope="col" class="num">
                p-value
              </th>
              <th scope="col">Sample</th>
            </tr>
          </thead>
          <tbody>
            {ab.kpis.map((kpi) => (
              <tr key={kpi.name} data-kpi={kpi.name}>
                <th scope="row">
                  {kpi.name} <span class="ab__test muted">{kpi.test === 'two_proportion_z' ? 'two-proportion z' : "Welch's t"}</span>
                </th>
                <td class="num mono">
                  {valueOf(kpi, kpi.a.value)} <span class="muted">n={formatInteger(kpi.a.count)}</span>
                </td>
                <td class="num mono">
                  {valueOf(kpi, kpi.b.value)} <span class="muted">n={formatInteger(kpi.b.count)}</span>
                </td>
                <td class="num mono">{differenceOf(kpi, kpi.difference)}</td>
                <td class="mono">{kpi.ci === null ? NONE : `${differenceOf(kpi, kpi.ci.low)} to ${differenceOf(kpi, kpi.ci.high)}`}</td>
                <td class="num mono">{kpi.p_value === null ? NONE : kpi.p_value.toPrecision(3)}</td>
                <td class="ab__sample">
                  {kpi.min_sample_per_variant === null ? (
                    <span class="muted">cannot say</span>
                  ) : (
                    <>
                      <Chip tone={kpi.enough_data ? 'good' : 'warn'}>{kpi.enough_data ? 'enough data' : 'not enough data'}</Chip>{' '}
                      <span class="muted">{formatInteger(kpi.min_sample_per_variant)} rows each</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ab.performance.length > 0 && (
        <table class="table table--compact" data-testid="ab-performance">
          <caption class="rollout-caption">
            Realised performance ({formatInteger(ab.performance[0]!.labelled.a)} and {formatInteger(ab.performance[0]!.labelled.b)}{' '}
            labelled)
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" class="num">
                Stable
              </th>
              <th scope="col" class="num">
                Variant
              </th>
            </tr>
          </thead>
          <tbody>
            {ab.performance.map((m) => (
              <tr key={m.metric} data-metric={m.metric}>
                <th scope="row">{m.metric}</th>
                <td class="num mono">{m.a === null ? NONE : formatNumber(m.a)}</td>
                <td class="num mono">{m.b === null ? NONE : formatNumber(m.b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
