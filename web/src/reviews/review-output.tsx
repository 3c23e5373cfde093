import type { ReviewOutput } from '../api/review-types.ts';
import type { ClassLabel } from '../api/types.ts';
import { Chip, Fields } from '../components/bits.tsx';
import { formatNumber } from '../lib/format.ts';
import { classAt } from './review-wording.ts';

/** One line for the queue: the model's label with its top probability, or its value. */
export function ReviewOutputSummary({ output }: { output: ReviewOutput }) {
  if ('value' in output) return <span class="mono">{formatNumber(output.value)}</span>;
  const probabilities = output.probabilities ?? [];
  const top = probabilities.length > 0 ? Math.max(...probabilities) : undefined;
  return (
    <span class="output">
      <Chip tone="accent">{String(output.label)}</Chip>
      {top !== undefined && <span class="mono muted">p={formatNumber(top)}</span>}
    </span>
  );
}

/** The model's own scores: the probability of each class (its answer marked), or the value it predicted. */
export function ReviewScores({ output, classes }: { output: ReviewOutput; classes: readonly ClassLabel[] | undefined }) {
  if ('value' in output) {
    return <Fields items={[['Value', <span class="mono big">{formatNumber(output.value)}</span>]]} />;
  }
  const probabilities = output.probabilities ?? [];
  return (
    <>
      <Fields items={[["Model's label", <Chip tone="accent">{String(output.label)}</Chip>]]} />
      {probabilities.length > 0 && (
        <table class="table table--compact" data-testid="review-scores">
          <caption class="visually-hidden">The model's probability of each class</caption>
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
            {probabilities.map((probability, index) => {
              const label = classAt(classes, index);
              const chosen = String(label) === String(output.label);
              return (
                <tr key={index} class={chosen ? 'is-chosen' : undefined} data-class={String(label)}>
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
      )}
    </>
  );
}
