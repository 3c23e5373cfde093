import { useState } from 'preact/hooks';
import type { ReviewDecisionInput } from '../api/review-types.ts';
import type { ClassLabel } from '../api/types.ts';
import type { DecisionChoices } from './review-wording.ts';
import { parseValueLabel } from './review-wording.ts';

/**
 * A reviewer's decision: the true label (one of the model's classes, or a number for a regressor)
 * and a note. Nothing is preselected, so a decision is never the model's answer by default. What was
 * typed stays when the server refuses it.
 */
export function DecisionForm({
  choices,
  modelLabel,
  busy,
  onDecide,
}: {
  choices: DecisionChoices;
  modelLabel: ClassLabel | undefined;
  busy: boolean;
  onDecide: (decision: ReviewDecisionInput) => void;
}) {
  const [chosen, setChosen] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);

  function label(): ClassLabel | undefined {
    if (choices.kind === 'classes') return chosen === '' ? undefined : choices.classes[Number(chosen)];
    if (choices.kind === 'value') return parseValueLabel(chosen);
    return chosen.trim() === '' ? undefined : chosen.trim();
  }

  return (
    <form
      class="decision-form"
      data-testid="decision-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const value = label();
        if (value === undefined) {
          setProblem(choices.kind === 'value' ? 'The label of a regressor is a number, such as 1250.5.' : 'Choose the true label first.');
          return;
        }
        setProblem(undefined);
        onDecide({ label: value, ...(note.trim() === '' ? {} : { note: note.trim() }) });
      }}
    >
      <label for="review-label">True label</label>
      {choices.kind === 'classes' ? (
        <select id="review-label" value={chosen} onChange={(event) => setChosen(event.currentTarget.value)}>
          <option value="">choose a class…</option>
          {choices.classes.map((cls, index) => (
            <option key={index} value={String(index)}>
              {String(cls)}
              {modelLabel !== undefined && String(cls) === String(modelLabel) ? " (the model's answer)" : ''}
            </option>
          ))}
        </select>
      ) : (
        <input
          id="review-label"
          inputMode={choices.kind === 'value' ? 'decimal' : 'text'}
          autoComplete="off"
          value={chosen}
          onInput={(event) => setChosen(event.currentTarget.value)}
          aria-describedby="review-label-help"
        />
      )}
      {choices.kind !== 'classes' && (
        <p id="review-label-help" class="help">
          {choices.kind === 'value'
            ? 'The value that was true for this row.'
            : "This model's classes are not known here; the server checks the label against the model."}
        </p>
      )}
      <label for="review-note">Note (optional)</label>
      <textarea id="review-note" rows={3} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : 'Decide'}
      </button>
      <p class="help">A decision is final: it becomes this prediction's ground-truth label.</p>
    </form>
  );
}
