import { useState } from 'preact/hooks';
import type { ActiveRollout, RolloutVerb } from '../api/rollout-types.ts';
import { VERB_LABELS, verbConsequence, verbsFor } from './rollout-wording.ts';

/**
 * The verbs that fit the rollout's status, for an operator. Each asks to be confirmed first: what it
 * will do is said, a reason may be written (it goes to the audit log and the rollout's history).
 */
export function RolloutControls({
  rollout,
  stable,
  busy,
  onAct,
}: {
  rollout: ActiveRollout;
  stable: string;
  busy: boolean;
  onAct: (verb: RolloutVerb, reason: string) => Promise<boolean>;
}) {
  const [pending, setPending] = useState<RolloutVerb | undefined>(undefined);
  const [reason, setReason] = useState('');
  const verbs = verbsFor(rollout);
  if (pending !== undefined) {
    const label = VERB_LABELS[pending];
    return (
      <div class="rollout-confirm" role="group" aria-label={`Confirm ${label.toLowerCase()}`} data-testid="rollout-confirm">
        <p>
          <strong>{label} this rollout?</strong> {verbConsequence(pending, rollout, stable)}
        </p>
        <label for="rollout-reason">Reason (optional)</label>
        <input id="rollout-reason" value={reason} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} />
        <div class="rollout-confirm__buttons">
          <button
            type="button"
            class={`button ${pending === 'abort' || pending === 'rollback' ? 'button--danger' : 'button--primary'}`}
            disabled={busy}
            onClick={async () => {
              if (await onAct(pending, reason)) {
                setPending(undefined);
                setReason('');
              }
            }}
          >
            Confirm {label.toLowerCase()}
          </button>
          <button type="button" class="button button--ghost" disabled={busy} onClick={() => setPending(undefined)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="rollout-actions" role="group" aria-label="Change the rollout">
      {verbs.map((verb) => (
        <button key={verb} type="button" class="button" disabled={busy} onClick={() => setPending(verb)}>
          {VERB_LABELS[verb]}
        </button>
      ))}
    </div>
  );
}
