import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { Prediction } from '../api/types.ts';
import { formatFeatureValue } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { ruleName } from '../lib/validation-report.ts';
import { Link, ModelVersionLink, Section, Time } from './bits.tsx';
import { OutputSummary } from './prediction-output.tsx';
import { ErrorPanel, Loading } from './status.tsx';

const pageSize = 10;

interface Flagged {
  readonly predictions: readonly Prediction[];
  readonly next: string | null;
}

/** The newest predictions that broke a `flag` rule: examples of violating rows, with the values that broke it. */
export function FlaggedPredictions({ deployment }: { deployment: string }) {
  const api = useApi();
  const [first, reload] = useResource((signal) => api.predictions({ deployment, flagged: true, limit: pageSize }, signal), [deployment]);
  const [older, setOlder] = useState<Flagged | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<Error | undefined>(undefined);

  const predictions = first.state === 'ready' ? [...first.data.predictions, ...(older?.predictions ?? [])] : [];
  const next = older ? older.next : first.state === 'ready' ? first.data.next : null;

  async function loadOlder() {
    if (next === null) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await api.predictions({ deployment, flagged: true, limit: pageSize, before: next });
      setOlder({ predictions: [...(older?.predictions ?? []), ...page.predictions], next: page.next });
    } catch (error) {
      setOlderError(error as Error);
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <Section
      title="Flagged predictions"
      id="flagged"
      actions={
        <button
          type="button"
          class="button button--small"
          onClick={() => {
            setOlder(undefined);
            reload();
          }}
        >
          Refresh
        </button>
      }
    >
      {first.state === 'loading' && <Loading what="flagged predictions" />}
      {first.state === 'error' && <ErrorPanel error={first.error} onRetry={reload} />}
      {first.state === 'ready' && predictions.length === 0 && (
        <p class="empty">No prediction of {deployment} broke a flag rule of its contract.</p>
      )}
      {predictions.length > 0 && (
        <>
          <table class="table" data-testid="flagged-predictions">
            <caption class="visually-hidden">
              Newest predictions served despite contract violations, with the values that broke a rule
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Prediction</th>
                <th scope="col">Model</th>
                <th scope="col">Violations</th>
                <th scope="col">Output</th>
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
                    <ModelVersionLink name={prediction.model.name} version={prediction.model.version} />
                  </td>
                  <td class="wrap">
                    <ViolatingValues prediction={prediction} />
                  </td>
                  <td>
                    <OutputSummary output={prediction.output} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {olderError && <ErrorPanel error={olderError} />}
          <div class="pager pager--inset">
            <span class="muted" role="status">
              {predictions.length} shown{next === null ? ' · no older flagged predictions' : ''}
            </span>
            {next !== null && (
              <button type="button" class="button" onClick={loadOlder} disabled={loadingOlder}>
                {loadingOlder ? 'Loading…' : 'Load older'}
              </button>
            )}
          </div>
        </>
      )}
    </Section>
  );
}

/** Each violated column with the value the request sent (from the logged inputs) and the rule it broke. */
export function ViolatingValues({ prediction }: { prediction: Prediction }) {
  return (
    <ul class="violations">
      {prediction.violations.map((violation, index) => {
        const value = prediction.inputs[violation.column];
        return (
          <li key={index} title={violation.message}>
            <code class="mono">{violation.column}</code>
            {' = '}
            <code class={value === null || value === undefined ? 'value muted' : 'value'}>{formatFeatureValue(value)}</code>{' '}
            <span class="muted">{ruleName(violation.code)}</span>
          </li>
        );
      })}
    </ul>
  );
}
