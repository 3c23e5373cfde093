import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { ViolationWindow } from '../api/contract-types.ts';
import type { DeploymentDetail } from '../api/types.ts';
import { ViolationsChart } from '../charts/violations-chart.tsx';
import type { ViolationRange } from '../charts/violation-series.ts';
import {
  bucketLabel,
  policyTotals,
  rangePresets,
  violationChartData,
  violationRange,
  violationTotals,
} from '../charts/violation-series.ts';
import { formatInteger } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { ruleName } from '../lib/validation-report.ts';
import { Link, ModelVersionLink, Section, Time } from './bits.tsx';
import { PolicyChip } from './contract-chips.tsx';
import { ErrorPanel, Loading } from './status.tsx';

// Per minute: what is happening now. Wider ranges are one choice away.
const defaultPreset = '1h';

interface Loaded {
  readonly range: ViolationRange;
  readonly windows: readonly ViolationWindow[];
  /** Whether the version the deployment serves now has a contract; undefined when that could not be read. */
  readonly servesContract: boolean | undefined;
}

/**
 * Contract violations of a deployment over time: per-minute counts from the server (written every
 * few seconds), drawn per column and policy, with the totals as a table.
 */
export function DeploymentViolations({ deployment }: { deployment: DeploymentDetail }) {
  const api = useApi();
  const [presetId, setPresetId] = useState(defaultPreset);
  const preset = rangePresets.find((p) => p.id === presetId) ?? rangePresets[0]!;
  const { name: model, version } = deployment.model;
  const [loaded, reload] = useResource(
    async (signal): Promise<Loaded> => {
      const range = violationRange(Date.now(), preset);
      const [violations, served] = await Promise.all([
        api.violations(deployment.name, range, signal),
        api.version(model, version, signal).catch(() => undefined),
      ]);
      return { range, windows: violations.windows, servesContract: served && served.version.contract_id !== null };
    },
    [deployment.name, presetId, model, version],
  );

  return (
    <Section
      title="Contract violations"
      id="violations"
      actions={
        <span class="card__controls">
          <label class="visually-hidden" for="violations-range">
            Time range
          </label>
          <select id="violations-range" class="select--small" value={presetId} onChange={(event) => setPresetId(event.currentTarget.value)}>
            {rangePresets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <button type="button" class="button button--small" onClick={reload}>
            Refresh
          </button>
        </span>
      }
    >
      {loaded.state === 'loading' && <Loading what="contract violations" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && <ViolationsBody {...loaded.data} rangeLabel={preset.label.toLowerCase()} deployment={deployment} />}
    </Section>
  );
}

function ViolationsBody({
  range,
  windows,
  servesContract,
  rangeLabel,
  deployment,
}: Loaded & { rangeLabel: string; deployment: DeploymentDetail }) {
  const chart = useMemo(() => violationChartData(windows, range), [windows, range]);
  const totals = useMemo(() => violationTotals(windows), [windows]);
  const byPolicy = policyTotals(windows);
  const { name, version } = deployment.model;
  const contractLink = servesContract ? (
    <Link to={{ page: 'contract', name, version }}>
      the contract of {name}:{version}
    </Link>
  ) : undefined;

  if (windows.length === 0) {
    return (
      <p class="empty" data-testid="no-violations">
        {servesContract === false ? (
          <>
            <ModelVersionLink name={name} version={version} /> has no contract, so requests to {deployment.name} are not checked.
          </>
        ) : (
          <>
            No contract violations in the {rangeLabel}
            {contractLink && <>; requests are checked against {contractLink}</>}.
          </>
        )}
      </p>
    );
  }
  const bucket = bucketLabel(range.bucketSeconds);
  return (
    <>
      <div class="chart-with-figures">
        <dl class="figures" aria-label={`Contract violations in the ${rangeLabel}`}>
          <div class={byPolicy.reject > 0 ? 'is-bad' : undefined}>
            <dt>Rejected</dt>
            <dd data-testid="rejected-total">{formatInteger(byPolicy.reject)}</dd>
          </div>
          <div class={byPolicy.flag > 0 ? 'is-warn' : undefined}>
            <dt>Flagged</dt>
            <dd data-testid="flagged-total">{formatInteger(byPolicy.flag)}</dd>
          </div>
          <div>
            <dt>Columns</dt>
            <dd>{formatInteger(new Set(windows.map((w) => w.column)).size)}</dd>
          </div>
        </dl>
        <ViolationsChart
          data={chart}
          bucket={bucket}
          label={`Contract violations ${bucket} in the ${rangeLabel}: ${byPolicy.reject} rejected, ${byPolicy.flag} flagged, in ${chart.series.map((s) => `${s.column} (${s.policy} ${s.total})`).join(', ')}.`}
        />
      </div>
      <table class="table table--compact" data-testid="violation-totals">
        <caption class="visually-hidden">Violations in the {rangeLabel} per column, rule and policy</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Rule</th>
            <th scope="col">Policy</th>
            <th scope="col" class="num">
              Count
            </th>
            <th scope="col">Last seen (minute)</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((total) => (
            <tr key={`${total.column} ${total.code} ${total.policy}`}>
              <th scope="row" class="mono">
                {total.column}
              </th>
              <td>
                {ruleName(total.code)} <code class="muted">{total.code}</code>
              </td>
              <td>
                <PolicyChip policy={total.policy} />
              </td>
              <td class="num mono">{formatInteger(total.count)}</td>
              <td>
                <Time iso={total.lastSeen} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">
        Counted per minute, written every few seconds.
        {contractLink && <> Rules: {contractLink}.</>} Rejected requests are answered 422 and not logged; flagged rows are served and listed
        below.
      </p>
    </>
  );
}
