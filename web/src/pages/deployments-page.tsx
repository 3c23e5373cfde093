import { useApi } from '../api/api-context.ts';
import { Chip, Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';

export function DeploymentsPage() {
  const api = useApi();
  const [deployments, reload] = useResource((signal) => api.deployments(signal), []);
  return (
    <Page title="Deployments">
      {deployments.state === 'loading' && <Loading what="deployments" />}
      {deployments.state === 'error' && <ErrorPanel error={deployments.error} onRetry={reload} />}
      {deployments.state === 'ready' &&
        (deployments.data.deployments.length === 0 ? (
          <Empty>
            Nothing is deployed yet. Deploy a version with <code>ballast deploy NAME --model MODEL@champion</code>.
          </Empty>
        ) : (
          <div class="card card--flush">
            <table class="table">
              <caption class="visually-hidden">Deployments and the model version each serves</caption>
              <thead>
                <tr>
                  <th scope="col">Deployment</th>
                  <th scope="col">Serving</th>
                  <th scope="col" class="num">
                    Max batch
                  </th>
                  <th scope="col" class="num">
                    Max delay
                  </th>
                  <th scope="col" class="num">
                    Revision
                  </th>
                  <th scope="col">Updated</th>
                  <th scope="col">By</th>
                  <th scope="col">
                    <span class="visually-hidden">Predictions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deployments.data.deployments.map((deployment) => (
                  <tr key={deployment.name}>
                    <th scope="row">
                      <Link to={{ page: 'deployment', name: deployment.name }}>{deployment.name}</Link>
                    </th>
                    <td>
                      <ModelVersionLink name={deployment.model.name} version={deployment.model.version} />
                    </td>
                    <td class="num mono">{deployment.config.max_batch_size}</td>
                    <td class="num mono">{deployment.config.max_delay_ms} ms</td>
                    <td class="num">
                      <Chip tone="muted">r{deployment.revision}</Chip>
                    </td>
                    <td>
                      <Time iso={deployment.updated_at} />
                    </td>
                    <td>{deployment.updated_by}</td>
                    <td>
                      <Link to={{ page: 'predictions', deployment: deployment.name }}>
                        Predictions<span class="visually-hidden"> of {deployment.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}
