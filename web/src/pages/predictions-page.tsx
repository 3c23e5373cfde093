import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import { predictionPageSize } from '../api/recent-predictions.ts';
import type { Prediction } from '../api/types.ts';
import { Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { OutputSummary } from '../components/prediction-output.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { formatLatency } from '../lib/format.ts';
import { hrefFor } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';

export function PredictionsPage({ deployment }: { deployment?: string }) {
  return (
    <Page
      title="Predictions"
      meta={
        <span>
          Newest first
          {deployment ? (
            <>
              {' '}
              · deployment <strong>{deployment}</strong>
            </>
          ) : (
            ''
          )}
        </span>
      }
    >
      <DeploymentFilter selected={deployment} />
      {/* A new filter starts a new list: the key resets the pages already loaded. */}
      <PredictionList key={deployment ?? ''} deployment={deployment} />
    </Page>
  );
}

function DeploymentFilter({ selected }: { selected?: string }) {
  const api = useApi();
  const [deployments] = useResource((signal) => api.deployments(signal), []);
  const names = deployments.state === 'ready' ? deployments.data.deployments.map((d) => d.name) : [];
  // The filtered deployment stays selectable while the list loads or when it no longer exists.
  if (selected && !names.includes(selected)) names.unshift(selected);
  return (
    <div class="toolbar">
      <label for="deployment-filter">Deployment</label>
      <select
        id="deployment-filter"
        value={selected ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          window.location.hash = hrefFor(value === '' ? { page: 'predictions' } : { page: 'predictions', deployment: value });
        }}
      >
        <option value="">All deployments</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function PredictionList({ deployment }: { deployment?: string }) {
  const api = useApi();
  const [first, reload] = useResource((signal) => api.predictions({ deployment, limit: predictionPageSize }, signal), [deployment]);
  const [older, setOlder] = useState<{ predictions: Prediction[]; next: string | null } | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<Error | undefined>(undefined);

  if (first.state === 'loading') return <Loading what="predictions" />;
  if (first.state === 'error') return <ErrorPanel error={first.error} onRetry={reload} />;

  const predictions = [...first.data.predictions, ...(older?.predictions ?? [])];
  const next = older ? older.next : first.data.next;
  if (predictions.length === 0) {
    return (
      <Empty>
        No predictions{' '}
        {deployment ? (
          <>
            of <strong>{deployment}</strong>{' '}
          </>
        ) : (
          ''
        )}
        have been logged yet.
      </Empty>
    );
  }

  async function loadOlder() {
    if (next === null) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await api.predictions({ deployment, limit: predictionPageSize, before: next });
      setOlder({ predictions: [...(older?.predictions ?? []), ...page.predictions], next: page.next });
    } catch (error) {
      setOlderError(error as Error);
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <>
      <div class="card card--flush">
        <table class="table">
          <caption class="visually-hidden">Logged predictions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Prediction</th>
              <th scope="col">Deployment</th>
              <th scope="col">Model</th>
              <th scope="col">Output</th>
              <th scope="col" class="num">
                Latency
              </th>
              <th scope="col">Request</th>
            </tr>
          </thead>
          <tbody>
            {predictions.map((prediction) => (
              <tr key={prediction.id}>
                <td>
                  <Time iso={prediction.at} />
                </td>
                <th scope="row">
                  <Link to={{ page: 'prediction', id: prediction.id }} class="mono">
                    {prediction.id}
                  </Link>
                </th>
                <td>
                  <Link to={{ page: 'deployment', name: prediction.deployment }}>{prediction.deployment}</Link>
                </td>
                <td>
                  <ModelVersionLink name={prediction.model.name} version={prediction.model.version} />
                </td>
                <td>
                  <OutputSummary output={prediction.output} />
                </td>
                <td class="num mono">{formatLatency(prediction.latency_ms)}</td>
                <td>
                  {prediction.request_id ? (
                    <code class="mono truncate" title={prediction.request_id}>
                      {prediction.request_id}
                    </code>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {olderError && <ErrorPanel error={olderError} />}
      <div class="pager">
        <span class="muted" role="status">
          {predictions.length} shown{next === null ? ' · no older predictions' : ''}
        </span>
        {next !== null && (
          <button type="button" class="button" onClick={loadOlder} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older predictions'}
          </button>
        )}
      </div>
    </>
  );
}
