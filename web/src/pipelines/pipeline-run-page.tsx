import { useApi } from '../api/api-context.ts';
import { Chip, Fields, Link, ModelVersionLink, Section, ShortHash, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import type { PipelineStepRun } from './pipeline-types.ts';
import { durationWording, gitWording } from './pipeline-wording.ts';
import './pipelines.css';

/** One run whole: the environment it ran in, then each step's command, inputs and outputs by hash. */
export function PipelineRunPage({ id }: { id: string }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.pipelineRun(id, signal), [id]);
  const crumbs = [{ label: 'Pipeline runs', to: { page: 'pipelines' } as const }];
  return (
    <Page title={`Pipeline run ${id}`} crumbs={crumbs}>
      {loaded.state === 'loading' && <Loading what="the pipeline run" />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && (
        <>
          <Section title="Run" id="run">
            <Fields
              items={[
                ['Pipeline', <span class="mono">{loaded.data.pipeline}</span>],
                ['Status', <Chip tone={loaded.data.status === 'succeeded' ? 'good' : 'bad'}>{loaded.data.status}</Chip>],
                ['Git', <span class="mono">{gitWording(loaded.data)}</span>],
                ['Node', <span class="mono">{loaded.data.tools.node}</span>],
                ['Python', <span class="mono">{loaded.data.tools.python ?? 'not found'}</span>],
                [
                  'pip freeze',
                  loaded.data.tools.pip_freeze_sha256 ? <ShortHash value={loaded.data.tools.pip_freeze_sha256} /> : 'not recorded',
                ],
                ['Parameters', <code>{JSON.stringify(loaded.data.params)}</code>],
                ['Started', <Time iso={loaded.data.started_at} />],
                ['Finished', <Time iso={loaded.data.finished_at} />],
                ['By', loaded.data.created_by],
                ...(loaded.data.reproduces
                  ? [
                      [
                        'Reproduces',
                        <Link to={{ page: 'pipeline-run', id: loaded.data.reproduces }}>{loaded.data.reproduces}</Link>,
                      ] as const,
                    ]
                  : []),
              ]}
            />
          </Section>
          {loaded.data.steps.map((step) => (
            <StepSection key={step.name} step={step} />
          ))}
        </>
      )}
    </Page>
  );
}

function StepSection({ step }: { step: PipelineStepRun }) {
  const files = [
    ...Object.entries(step.deps).map(([path, hash]) => ({ kind: 'input', path, hash })),
    ...Object.entries(step.outs).map(([path, hash]) => ({ kind: 'output', path, hash })),
  ];
  return (
    <Section title={`Step ${step.name}`} id={`step-${step.name}`}>
      <p data-testid={`step-${step.name}`}>
        <Chip tone={step.status === 'failed' ? 'bad' : step.status === 'not_run' ? 'neutral' : 'good'}>
          {step.status.replace('_', ' ')}
        </Chip>{' '}
        in {durationWording(step)}: <code>$ {step.cmd}</code>
        {step.registered && (
          <>
            {' '}
            registered <ModelVersionLink name={step.registered.model} version={step.registered.version} />
          </>
        )}
      </p>
      {step.error && <pre class="pipeline-error">{step.error}</pre>}
      {files.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Files the step read and wrote, by content hash</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Role</th>
              <th scope="col">sha256</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={`${f.kind}:${f.path}`}>
                <th scope="row" class="mono">
                  {f.path}
                </th>
                <td>{f.kind}</td>
                <td>
                  <ShortHash value={f.hash} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
