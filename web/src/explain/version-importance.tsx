import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import { Section, Time } from '../components/bits.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatInteger, formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { importanceBars, METHOD_LABELS } from './explain-bars.ts';
import type { FeatureImportance } from './explain-types.ts';
import './explain.css';

/**
 * The "Global importance" section of a version's page: mean |contribution| per feature on a sample of
 * its training data, as stored at registration. A version registered without training data has none,
 * and the section says so instead of an error.
 */
export function VersionImportance({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const [loaded, reload] = useResource(
    (signal) =>
      api.importance(name, version, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'importance_not_found') return null;
        throw error;
      }),
    [name, version],
  );
  return (
    <Section title="Global importance" id="importance">
      {loaded.state === 'loading' && <Loading what="global importance" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && loaded.data === null && (
        <p class="empty" data-testid="no-importance">
          No global importance for this version: it is computed at registration from a sample of the training data, and this version has
          none stored. Compute it with <code class="mono">ballast importance {`${name}:${version}`} --recompute</code>.
        </p>
      )}
      {loaded.state === 'ready' && loaded.data !== null && (
        <>
          <p class="note" data-testid="importance-meta">
            Mean |contribution| per feature on {formatInteger(loaded.data.sample_rows)} training rows (seed {loaded.data.seed}) by{' '}
            {METHOD_LABELS[loaded.data.method] ?? loaded.data.method}, in {loaded.data.space} space; computed{' '}
            <Time iso={loaded.data.computed_at} />.
          </p>
          <ImportanceBars features={loaded.data.features} label={`Global importance of each feature of ${name}:${version}`} />
        </>
      )}
    </Section>
  );
}

/** Features most important first, each with its mean |contribution| and a bar against the largest. */
export function ImportanceBars({ features, label }: { features: readonly FeatureImportance[]; label: string }) {
  return (
    <table class="table table--compact importance" aria-label={label} data-testid="importance">
      <thead>
        <tr>
          <th scope="col" class="num">
            Rank
          </th>
          <th scope="col">Feature</th>
          <th scope="col" class="num">
            Importance
          </th>
          <th scope="col">
            <span class="visually-hidden">Bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {importanceBars(features).map((f) => (
          <tr key={f.feature} data-feature={f.feature}>
            <td class="num muted">{f.rank}</td>
            <th scope="row" class="mono">
              {f.feature}
            </th>
            <td class="num mono">{formatNumber(f.importance)}</td>
            <td class="bar-cell" aria-hidden="true">
              <span class="bar" style={{ width: `${f.length * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
