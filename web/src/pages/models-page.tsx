import { useApi } from '../api/api-context.ts';
import { Chip, Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';

export function ModelsPage() {
  const api = useApi();
  const [models, reload] = useResource((signal) => api.models(signal), []);
  return (
    <Page title="Models">
      {models.state === 'loading' && <Loading what="models" />}
      {models.state === 'error' && <ErrorPanel error={models.error} onRetry={reload} />}
      {models.state === 'ready' && (models.data.models.length === 0
        ? <Empty>No models are registered yet. Register one with <code>ballast models register NAME FILE</code>.</Empty>
        : (
          <div class="card card--flush">
            <table class="table">
              <caption class="visually-hidden">Registered models</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Latest</th>
                  <th scope="col" class="num">Versions</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {models.data.models.map((model) => (
                  <tr key={model.name}>
                    <th scope="row"><Link to={{ page: 'model', name: model.name }}>{model.name}</Link></th>
                    <td class="wrap">{model.description || <span class="muted">—</span>}</td>
                    <td>{model.owner}</td>
                    <td><span class="chips">{model.tags.map((tag) => <Chip key={tag} tone="muted">{tag}</Chip>)}</span></td>
                    <td>{model.latest_version === null ? <span class="muted">none</span> : <ModelVersionLink name={model.name} version={model.latest_version} />}</td>
                    <td class="num">{model.version_count}</td>
                    <td><Time iso={model.created_at} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}
