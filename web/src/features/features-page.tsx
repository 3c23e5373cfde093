import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import { Chip, Fields, Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import type { FeatureViewSummary } from './feature-types.ts';
import { onlineRowsWording, sourceWording, ttlWording, windowWording } from './feature-wording.ts';
import { LookupForm } from './lookup-form.tsx';
import './features.css';
import { plural } from '../lib/format.ts';

/** The applied feature definitions as served: each view's features, freshness online, and a lookup. */
export function FeaturesPage() {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.featureViews(signal), []);
  return (
    <Page title="Features">
      {loaded.state === 'loading' && <Loading what="feature views" />}
      {loaded.state === 'error' &&
        (loaded.error instanceof ApiError && loaded.error.code === 'feature_set_not_found' ? (
          <Empty>
            <span data-testid="no-feature-set">No feature definitions applied yet. `ballast features apply FILE` applies them.</span>
          </Empty>
        ) : (
          <ErrorPanel error={loaded.error} onRetry={reload} />
        ))}
      {loaded.state === 'ready' && (
        <>
          <p class="muted" data-testid="feature-set-version">
            Feature definitions version {loaded.data.version}
          </p>
          {loaded.data.views.map((view) => (
            <ViewCard key={view.name} view={view} />
          ))}
          <Section title="On-demand features" id="on-demand-features">
            {loaded.data.on_demand_features.length === 0 ? (
              <Empty>No on-demand features.</Empty>
            ) : (
              <table class="table" data-testid="on-demand-features">
                <caption class="visually-hidden">On-demand features, computed from a request's fields</caption>
                <thead>
                  <tr>
                    <th scope="col">Feature</th>
                    <th scope="col">Type</th>
                    <th scope="col">Expression</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.data.on_demand_features.map((f) => (
                    <tr key={f.name} data-feature={f.name}>
                      <th scope="row" class="mono">
                        {f.name}
                      </th>
                      <td>{f.type}</td>
                      <td>
                        <code>{f.expr}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
        </>
      )}
    </Page>
  );
}

function ViewCard({ view }: { view: FeatureViewSummary }) {
  const last = view.last_materialization;
  return (
    <Section title={`View ${view.name}`} id={`view-${view.name}`}>
      <div class="feature-view" data-testid={`view-${view.name}`}>
        <Fields
          items={[
            ['Entity', `${view.entity} (key ${view.key})`],
            ['Source', <span class="mono">{sourceWording(view.source)}</span>],
            ['Values valid for', <span data-testid="ttl">{ttlWording(view.ttl_seconds)}</span>],
            ['Online', <span data-testid="online-rows">{onlineRowsWording(view.online_rows)}</span>],
            [
              'Last materialisation',
              last === null ? (
                <span class="muted" data-testid="last-materialization">
                  never materialised
                </span>
              ) : (
                <span data-testid="last-materialization">
                  <Chip tone={last.status === 'succeeded' ? 'good' : last.status === 'failed' ? 'bad' : 'neutral'}>{last.status}</Chip>{' '}
                  <span class="mono">{windowWording(last)}</span>, {plural(last.rows, 'row')}
                  {last.finished_at && (
                    <>
                      , finished <Time iso={last.finished_at} />
                    </>
                  )}
                </span>
              ),
            ],
          ]}
        />
        <table class="table" data-testid={`features-${view.name}`}>
          <caption class="visually-hidden">Features of the view {view.name}</caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Type</th>
              <th scope="col">Derived from</th>
            </tr>
          </thead>
          <tbody>
            {view.features.map((f) => (
              <tr key={f.name} data-feature={f.name}>
                <th scope="row" class="mono">
                  {f.name}
                </th>
                <td>{f.type}</td>
                <td>{f.expr === null ? <span class="muted">source column</span> : <code>{f.expr}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <LookupForm view={view} />
      </div>
    </Section>
  );
}
