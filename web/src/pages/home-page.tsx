import { useApi } from '../api/api-context.ts';
import type { DeploymentOverview } from '../api/types.ts';
import { Chip, Link, ModelVersionLink, Section } from '../components/bits.tsx';
import { ModelsTable } from '../components/models-table.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { driftGlance, healthGlance, latencyGlance, type Glance } from '../lib/overview-format.ts';
import { useResource } from '../lib/use-resource.ts';

/** The first page after signing in: every deployment's health, latency and drift at a glance, then the models. */
export function HomePage() {
  const api = useApi();
  const [overview, reloadOverview] = useResource((signal) => api.overview(signal), []);
  const [models, reloadModels] = useResource((signal) => api.models(signal), []);
  return (
    <Page title="Overview">
      <Section title="Deployments" id="overview-deployments" actions={<Link to={{ page: 'deployments' }}>All deployments</Link>}>
        {overview.state === 'loading' && <Loading what="deployments" />}
        {overview.state === 'error' && <ErrorPanel error={overview.error} onRetry={reloadOverview} />}
        {overview.state === 'ready' &&
          (overview.data.deployments.length === 0 ? (
            <Empty>
              Nothing is deployed yet. Deploy a version with <code>ballast deploy NAME --model MODEL@champion</code>.
            </Empty>
          ) : (
            <DeploymentsGlance deployments={overview.data.deployments} />
          ))}
      </Section>
      <Section title="Models" id="overview-models" actions={<Link to={{ page: 'models' }}>All models</Link>}>
        {models.state === 'loading' && <Loading what="models" />}
        {models.state === 'error' && <ErrorPanel error={models.error} onRetry={reloadModels} />}
        {models.state === 'ready' &&
          (models.data.models.length === 0 ? (
            <Empty>
              No models are registered yet. Register one with <code>ballast models register NAME FILE</code>.
            </Empty>
          ) : (
            <ModelsTable models={models.data.models} />
          ))}
      </Section>
    </Page>
  );
}

function DeploymentsGlance({ deployments }: { deployments: readonly DeploymentOverview[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">
        Deployments with their health, latency over the last hour and the drift of their latest window
      </caption>
      <thead>
        <tr>
          <th scope="col">Deployment</th>
          <th scope="col">Serving</th>
          <th scope="col">Health</th>
          <th scope="col">Latency</th>
          <th scope="col">Drift</th>
          <th scope="col">
            <span class="visually-hidden">Monitoring</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <tr key={d.name} data-testid={`overview-${d.name}`}>
            <th scope="row">
              <Link to={{ page: 'deployment', name: d.name }}>{d.name}</Link>
            </th>
            <td>
              <ModelVersionLink name={d.model.name} version={d.model.version} />
            </td>
            <td data-testid="overview-health">
              <GlanceCell glance={healthGlance(d)} />
            </td>
            <td data-testid="overview-latency">
              <GlanceCell glance={latencyGlance(d)} />
            </td>
            <td data-testid="overview-drift">
              <GlanceCell glance={driftGlance(d)} />
            </td>
            <td>
              <Link to={{ page: 'monitoring', name: d.name }}>Monitoring</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A figure and, under it, where it comes from. */
function GlanceCell({ glance }: { glance: Glance }) {
  return (
    <span class="glance">
      <Chip tone={glance.tone}>{glance.label}</Chip>
      <span class="glance__detail muted">{glance.detail}</span>
    </span>
  );
}
