import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { ClassLabel, PredictionDetail } from '../api/types.ts';
import { Chip, Fields, Section } from '../components/bits.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatNumber } from '../lib/format.ts';
import { ContributionBars } from './contribution-bars.tsx';
import { explainedOutput, METHOD_LABELS, outputCount, predictedOutput, SPACE_LABELS } from './explain-bars.ts';
import type { ExplainAnswer } from './explain-types.ts';
import './explain.css';

type State =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: Error }
  | { readonly state: 'ready'; readonly answer: ExplainAnswer };

/**
 * The "Explanation" panel of a prediction's page. Explaining is a computation on the server (`POST
 * …/explain` with the prediction's id, made with the version and inputs logged), so it runs when asked,
 * not on every visit. It shows the reasons in words, then each feature's contribution as a bar from the
 * base value to the output, naming the method and the space the numbers are in.
 */
export function ExplainPanel({ prediction, classes }: { prediction: PredictionDetail; classes: readonly ClassLabel[] | undefined }) {
  const api = useApi();
  const [state, setState] = useState<State>({ state: 'idle' });
  const explain = () => {
    setState({ state: 'loading' });
    api.explainPrediction(prediction.deployment, prediction.id).then(
      (answer) => setState({ state: 'ready', answer }),
      (error: unknown) => setState({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  };
  return (
    <Section
      title="Explanation"
      id="explanation"
      actions={
        <button type="button" class="button button--small" onClick={explain} disabled={state.state === 'loading'}>
          {state.state === 'ready' || state.state === 'error' ? 'Explain again' : 'Explain this prediction'}
        </button>
      }
    >
      {state.state === 'idle' && (
        <p class="empty" data-testid="explain-idle">
          Which inputs moved this prediction, and by how much: computed on request with{' '}
          <span class="mono">
            {prediction.model.name}:{prediction.model.version}
          </span>{' '}
          and the inputs as logged.
        </p>
      )}
      {state.state === 'loading' && <Loading what="the explanation" />}
      {state.state === 'error' && <ErrorPanel error={state.error} />}
      {state.state === 'ready' && <ExplanationView answer={state.answer} inputs={prediction.inputs} classes={classes} />}
    </Section>
  );
}

function ExplanationView({
  answer,
  inputs,
  classes,
}: {
  answer: ExplainAnswer;
  inputs: Readonly<Record<string, unknown>>;
  classes: readonly ClassLabel[] | undefined;
}) {
  const explanation = answer.explanations[0];
  const [chosen, choose] = useState<number | undefined>(undefined);
  if (explanation === undefined) return <p class="empty">The server answered no explanation for this prediction.</p>;
  const outputs = outputCount(explanation);
  const index = chosen ?? predictedOutput(explanation, classes);
  const explained = explainedOutput(explanation, index);
  const className = (i: number) => String(classes?.[i] ?? i);
  return (
    <div class="explanation" data-testid="explanation">
      {answer.fallback && (
        <p class="note explanation__fallback" data-testid="explain-fallback">
          {answer.fallback}
        </p>
      )}
      {explanation.reasons.length > 0 ? (
        <ol class="explanation__reasons" data-testid="explain-reasons" aria-label="Reasons">
          {explanation.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ol>
      ) : (
        <p class="empty">No reasons were given.</p>
      )}
      <Fields
        items={[
          ['Method', <span data-testid="explain-method">{METHOD_LABELS[answer.method] ?? answer.method}</span>],
          ['Space', <span data-testid="explain-space">{SPACE_LABELS[answer.space] ?? answer.space}</span>],
          ...(outputs > 1
            ? ([
                [
                  'Class',
                  <select
                    aria-label="Class explained"
                    class="select--small"
                    value={String(index)}
                    onChange={(event) => choose(Number(event.currentTarget.value))}
                  >
                    {Array.from({ length: outputs }, (_, i) => (
                      <option key={i} value={String(i)}>
                        {className(i)}
                      </option>
                    ))}
                  </select>,
                ],
              ] as const)
            : []),
          [
            'Base → output',
            <span class="mono" data-testid="explain-base-output">
              {formatNumber(explained.base)} → {formatNumber(explained.output)}
            </span>,
          ],
        ]}
      />
      <p class="note">
        Each bar is a feature's contribution{outputs > 1 ? ` to class ${className(index)}` : ''}: starting from the base value (the model's
        average output on its background data), the contributions add up to the output. <Chip tone="muted">{answer.method}</Chip>{' '}
        <Chip tone="muted">{answer.space}</Chip>
      </p>
      <ContributionBars
        explained={explained}
        inputs={inputs}
        label={`Contributions of each feature, largest first, in ${answer.space} space`}
      />
    </div>
  );
}
