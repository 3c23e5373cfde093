import { useMemo } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import { recentPredictions } from '../api/recent-predictions.ts';
import type { DeploymentDetail } from '../api/types.ts';
import { Chip, Fields, Link, ModelVersionLink, Section, Time } from '../components/bits.tsx';
import { DeploymentViolations } from '../components/deployment-violations.tsx';
import { FlaggedPredictions } from '../components/flagged-predictions.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { LatencyChart } from '../charts/latency-chart.tsx';
import { latencySeries, summarizeLatency } from '../charts/latency-series.ts';
import { formatInteger, formatLatency } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { formatKpiDefinitions } from '../lib/kpi-definitions.ts';
import { latestAlertRollback } from '../alerts/alert-revision.ts';
import { RollbackBanner } from '../alerts/rollback-banner.tsx';

/** How many recent predictions the latency chart shows. */
const chartedPredictions = 200;

export function DeploymentPage({ name }: { name: string }) {
  const api = useApi();
  const [detail, reload] = useResource((signal) => api.deployment(name, signal), [name]);
  return (
    <Page
      title={name}
      crumbs={[{ label: 'Deployments', to: { page: 'deployments' } }]}
      meta={
        detail.state === 'ready' && (
          <>
            <span>
              serving <ModelVersionLink name={detail.data.model.name} version={detail.data.model.version} />
            </span>
            <Chip tone="muted">revision {detail.data.revision}</Chip>
            <Link to={{ page: 'monitoring', name }}>
              Monitoring<span class="visually-hidden"> of {name}</span>
            </Link>
            <Link to={{ page: 'performance', name }}>
              Performance<span class="visually-hidden"> of {name}</span>
            </Link>
            <Link to={{ page: 'rollout', name }}>
              Rollout<span class="visually-hidden"> of {name}</span>
            </Link>
          </>
        )
      }
    >
      {detail.state === 'loading' && <Loading what={`deployment ${name}`} />}
      {detail.state === 'error' && <ErrorPanel error={detail.error} onRetry={reload} />}
      {detail.state === 'ready' && <DeploymentBody deployment={detail.data} />}
    </Page>
  );
}

function DeploymentBody({ deployment }: { deployment: DeploymentDetail }) {
  const rollback = latestAlertRollback(deployment);
  return (
    <>
      {rollback && <RollbackBanner deployment={deployment.name} rollback={rollback} />}
      <Section title="Configuration" id="configuration">
        <Fields
          items={[
            ['Model version', <ModelVersionLink name={deployment.model.name} version={deployment.model.version} />],
            ['Max batch size', <span class="mono">{deployment.config.max_batch_size}</span>],
            ['Max batching delay', <span class="mono">{deployment.config.max_delay_ms} ms</span>],
            ['Prediction log', <span class="mono">{logShare(deployment.config.log_sample_rate)}</span>],
            ['Business KPIs', <span class="mono">{formatKpiDefinitions(deployment.config.kpis)}</span>],
            ['Created', <Time iso={deployment.created_at} />],
            [
              'Last change',
              <>
                <Time iso={deployment.updated_at} /> by {deployment.updated_by}
              </>,
            ],
          ]}
        />
      </Section>
      <RecentLatency deployment={deployment.name} />
      <DeploymentViolations deployment={deployment} />
      <FlaggedPredictions deployment={deployment.name} />
      <Section title="History" id="history">
        <table class="table">
          <caption class="visually-hidden">Revisions of {deployment.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Model version</th>
              <th scope="col">At</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {[...deployment.history]
              .sort((a, b) => b.revision - a.revision)
              .map((entry) => (
                <tr key={entry.revision}>
                  <th scope="row">
                    {entry.revision === deployment.revision ? (
                      <Chip tone="good" title="current revision">
                        r{entry.revision} current
                      </Chip>
                    ) : (
                      <Chip tone="muted">r{entry.revision}</Chip>
                    )}
                  </th>
                  <td>
                    <ModelVersionLink name={entry.model.name} version={entry.model.version} />
                  </td>
                  <td>
                    <Time iso={entry.at} />
                  </td>
                  <td>{entry.actor}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

function RecentLatency({ deployment }: { deployment: string }) {
  const api = useApi();
  const [recent, reload] = useResource((signal) => recentPredictions(api, deployment, chartedPredictions, signal), [deployment]);
  const series = useMemo(() => (recent.state === 'ready' ? latencySeries(recent.data) : undefined), [recent]);
  const summary = series && summarizeLatency(series.latencies);
  return (
    <Section
      title="Recent latency"
      id="latency"
      actions={
        <Link to={{ page: 'predictions', deployment }}>
          All predictions<span class="visually-hidden"> of {deployment}</span>
        </Link>
      }
    >
      {recent.state === 'loading' && <Loading what="recent predictions" />}
      {recent.state === 'error' && <ErrorPanel error={recent.error} onRetry={reload} />}
      {series && !summary && (
        <p class="empty">
          No predictions yet. Send one to <code>POST /v1/deployments/{deployment}/predict</code>.
        </p>
      )}
      {series && summary && (
        <div class="latency">
          <dl class="figures" aria-label="Latency of recent predictions">
            <div>
              <dt>Predictions</dt>
              <dd>{formatInteger(summary.count)}</dd>
            </div>
            <div>
              <dt>p50</dt>
              <dd>{formatLatency(summary.p50)}</dd>
            </div>
            <div>
              <dt>p95</dt>
              <dd>{formatLatency(summary.p95)}</dd>
            </div>
            <div>
              <dt>Max</dt>
              <dd>{formatLatency(summary.max)}</dd>
            </div>
          </dl>
          <LatencyChart
            series={series}
            label={`Latency of the last ${summary.count} predictions over time: p50 ${formatLatency(summary.p50)}, p95 ${formatLatency(summary.p95)}, max ${formatLatency(summary.max)}.`}
          />
        </div>
      )}
    </Section>
  );
}

/** Every prediction, or the share a sampled deployment keeps (its window profiles still see all of them). */
function logShare(rate: number | undefined): string {
  return rate === undefined || rate >= 1 ? 'every prediction' : `${Number((rate * 100).toPrecision(3))}% of predictions (sampled)`;
}
