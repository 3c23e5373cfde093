import { useApi } from '../api/api-context.ts';
import { Chip, Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import { gitWording, stepsSummary } from './pipeline-wording.ts';
import './pipelines.css';

/** Recorded pipeline runs, newest first: what ran from which commit, and which versions it registered. */
export function PipelineRunsPage() {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.pipelineRuns(signal), []);
  return (
    <Page title="Pipeline runs">
      {loaded.state === 'loading' && <Loading what="pipeline runs" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.runs.length === 0 ? (
          <Empty>
            <span data-testid="no-pipeline-runs">No pipeline runs yet. `ballast pipeline run` records one.</span>
          </Empty>
        ) : (
          <div class="card">
            <table class="table" data-testid="pipeline-runs">
              <caption class="visually-hidden">Pipeline runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Status</th>
                  <th scope="col">Steps</th>
                  <th scope="col">Git</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {loaded.data.runs.map((run) => (
                  <tr key={run.id} data-run={run.id}>
                    <th scope="row">
                      <Link to={{ page: 'pipeline-run', id: run.id }} class="mono">
                        {run.id}
                      </Link>
                      {run.reproduces && <span class="muted"> reproduces {run.reproduces}</span>}
                    </th>
                    <td class="mono">{run.pipeline}</td>
                    <td>
                      <Chip tone={run.status === 'succeeded' ? 'good' : 'bad'}>{run.status}</Chip>
                    </td>
                    <td>{stepsSummary(run)}</td>
                    <td class="mono">{gitWording(run)}</td>
                    <td>
                      {run.steps
                        .filter((s) => s.registered !== null)
                        .map((s) => (
                          <ModelVersionLink key={s.name} name={s.registered!.model} version={s.registered!.version} />
                        ))}
                    </td>
                    <td>
                      <Time iso={run.started_at} />
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
