import { useApi } from '../api/api-context.ts';
import { ModelsTable } from '../components/models-table.tsx';
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
      {models.state === 'ready' &&
        (models.data.models.length === 0 ? (
          <Empty>
            No models are registered yet. Register one with <code>ballast models register NAME FILE</code>.
          </Empty>
        ) : (
          <div class="card card--flush">
            <ModelsTable models={models.data.models} />
          </div>
        ))}
    </Page>
  );
}
