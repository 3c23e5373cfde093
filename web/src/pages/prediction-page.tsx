import { useApi } from '../api/api-context.ts';
import type { ClassLabel, PredictionDetail, Signature } from '../api/types.ts';
import { Chip, Fields, FullHash, Link, ModelVersionLink, NotRecorded, Section, ShortHash, Time } from '../components/bits.tsx';
import { PredictionViolations } from '../components/prediction-violations.tsx';
import { ExplainPanel } from '../explain/explain-panel.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatFeatureValue, formatLatency, formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

/** A prediction with the signature of the version that made it (for class names and feature order). */
interface Loaded {
  readonly prediction: PredictionDetail;
  readonly signature: Signature | undefined;
}

export function PredictionPage({ id }: { id: string }) {
  const api = useApi();
  const [loaded, reload] = useResource(
    async (signal): Promise<Loaded> => {
      const prediction = await api.prediction(id, signal);
      // The signature only improves the presentation; a prediction stays readable without it.
      const version = await api.version(prediction.model.name, prediction.model.version, signal).catch(() => undefined);
      return { prediction, signature: version?.version.signature };
    },
    [id],
  );
  return (
    <Page title="Prediction" crumbs={[{ label: 'Predictions', to: { page: 'predictions' } }]} meta={<code class="mono">{id}</code>}>
      {loaded.state === 'loading' && <Loading what={`prediction ${id}`} />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' && <PredictionBody {...loaded.data} />}
    </Page>
  );
}

function PredictionBody({ prediction, signature }: Loaded) {
  const { lineage } = prediction;
  return (
    <>
      <div class="grid-2">
        <Section title="Request" id="request">
          <Fields
            items={[
              ['Time', <Time iso={prediction.at} />],
              ['Deployment', <Link to={{ page: 'deployment', name: prediction.deployment }}>{prediction.deployment}</Link>],
              ['Model version', <ModelVersionLink name={prediction.model.name} version={prediction.model.version} />],
              ['Request id', prediction.request_id ? <code class="mono">{prediction.request_id}</code> : <NotRecorded />],
              ['Latency', <span class="mono">{formatLatency(prediction.latency_ms)}</span>],
            ]}
          />
        </Section>
        <Section title="Output" id="output">
          <Output prediction={prediction} classes={signature?.output.classes} />
        </Section>
      </div>

      <Section title="Lineage" id="lineage">
        <Fields
          items={[
            ['Artifact SHA-256', lineage.artifact_sha256 ? <FullHash value={lineage.artifact_sha256} /> : <NotRecorded />],
            ['Training snapshot', lineage.snapshot_sha256 ? <FullHash value={lineage.snapshot_sha256} /> : <NotRecorded />],
            ['Code', lineage.code_ref ? <code class="mono">{lineage.code_ref}</code> : <NotRecorded />],
            [
              'Data contract',
              lineage.contract ? (
                <Link to={{ page: 'contract', name: prediction.model.name, version: prediction.model.version }}>
                  <span class="mono">{lineage.contract.name}</span> · <ShortHash value={lineage.contract.sha256} />
                </Link>
              ) : (
                <span class="muted">no contract: the inputs were not checked</span>
              ),
            ],
            [
              'Version details',
              <Link to={{ page: 'version', name: prediction.model.name, version: prediction.model.version }}>
                {prediction.model.name} version {prediction.model.version}
              </Link>,
            ],
          ]}
        />
      </Section>

      {prediction.violations.length > 0 && <PredictionViolations prediction={prediction} />}

      <ExplainPanel prediction={prediction} classes={signature?.output.classes} />

      <Section title="Inputs" id="inputs">
        <table class="table table--compact">
          <caption class="visually-hidden">Feature values as the model received them</caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {featureOrder(prediction.inputs, signature).map((name) => {
              const value = prediction.inputs[name];
              const broken = prediction.violations.some((violation) => violation.column === name);
              return (
                <tr key={name} class={broken ? 'is-flagged' : undefined}>
                  <th scope="row" class="mono">
                    {name}
                    {broken && (
                      <>
                        {' '}
                        <Chip tone="warn" title="this value broke a flag rule of the contract">
                          flagged
                        </Chip>
                      </>
                    )}
                  </th>
                  <td class={value === null || value === undefined ? 'muted' : 'mono'}>{formatFeatureValue(value)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
    </>
  );
}

/** The model's feature order first (an absent feature shows as missing), then anything else that was logged. */
function featureOrder(inputs: Readonly<Record<string, unknown>>, signature: Signature | undefined): string[] {
  const names = signature ? signature.inputs.map((input) => input.name) : [];
  for (const name of Object.keys(inputs)) if (!names.includes(name)) names.push(name);
  return names;
}

function Output({ prediction, classes }: { prediction: PredictionDetail; classes: readonly ClassLabel[] | undefined }) {
  const { output } = prediction;
  if ('value' in output) {
    return <Fields items={[['Value', <span class="mono big">{formatNumber(output.value)}</span>]]} />;
  }
  return (
    <>
      <Fields items={[['Label', <Chip tone="accent">{String(output.label)}</Chip>]]} />
      <table class="table table--compact">
        <caption class="visually-hidden">Probability of each class</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" class="num">
              Probability
            </th>
            <th scope="col">
              <span class="visually-hidden">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {output.probabilities.map((probability, index) => {
            const label = classes?.[index] ?? index;
            const chosen = String(label) === String(output.label);
            return (
              <tr key={index} class={chosen ? 'is-chosen' : undefined}>
                <th scope="row" class="mono">
                  {String(label)}
                </th>
                <td class="num mono">{formatNumber(probability)}</td>
                <td class="bar-cell" aria-hidden="true">
                  <span class="bar" style={{ width: `${Math.max(0, Math.min(1, probability)) * 100}%` }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
