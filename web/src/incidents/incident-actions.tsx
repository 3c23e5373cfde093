import { useState } from 'preact/hooks';
import type { IncidentAction, IncidentStatus } from '../api/alert-types.ts';
import type { StatusAction } from './incident-wording.ts';
import { actionsFrom } from './incident-wording.ts';

const LABELS: Readonly<Record<StatusAction, string>> = { ack: 'Acknowledge', mitigate: 'Mark mitigated', resolve: 'Resolve' };

/**
 * The next status changes for an operator. Acknowledging makes the one who does it the commander
 * unless another name is given.
 */
export function IncidentActions({
  status,
  busy,
  onAct,
}: {
  status: IncidentStatus;
  busy: boolean;
  onAct: (action: IncidentAction) => void;
}) {
  const [commander, setCommander] = useState('');
  const actions = actionsFrom(status);
  if (actions.length === 0) return <p class="muted">Resolved: nothing left to change but notes.</p>;
  return (
    <div class="incident-actions" role="group" aria-label="Change status">
      {actions.includes('ack') && (
        <span class="incident-actions__ack">
          <label for="incident-commander">Commander</label>
          <input
            id="incident-commander"
            placeholder="you, unless named"
            value={commander}
            onInput={(event) => setCommander(event.currentTarget.value)}
          />
        </span>
      )}
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          class={`button${action === actions[0] ? ' button--primary' : ''}`}
          disabled={busy}
          onClick={() =>
            onAct(action === 'ack' ? { action, ...(commander.trim() === '' ? {} : { commander: commander.trim() }) } : { action })
          }
        >
          {LABELS[action]}
        </button>
      ))}
    </div>
  );
}
