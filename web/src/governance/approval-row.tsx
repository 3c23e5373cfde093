import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { Approval } from '../api/governance-types.ts';
import { Chip, ModelVersionLink, Time } from '../components/bits.tsx';
import { approvalTone } from './governance-wording.ts';

/**
 * One approval: what was asked, on which test runs, and the decision. When the signed-in person may
 * decide it, a note and Approve / Reject; the server has the last word (a self-approval or an
 * approval someone decided meanwhile is refused, and the refusal is shown on the row).
 */
export function ApprovalRow({
  approval,
  canDecide,
  isRequester,
  onDecided,
}: {
  approval: Approval;
  canDecide: boolean;
  isRequester: boolean;
  onDecided: (decided: Approval) => void;
}) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const ref = `${approval.model.name}:${approval.model.version}`;

  async function decide(verdict: 'approve' | 'reject') {
    setBusy(true);
    setProblem(undefined);
    try {
      onDecided(await api.decideApproval(approval.id, verdict, note));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-approval={approval.id}>
      <td>
        <ModelVersionLink name={approval.model.name} version={approval.model.version} />
      </td>
      <td>
        <Chip tone={approval.stage === 'production' ? 'accent' : 'muted'}>{approval.stage}</Chip>
      </td>
      <td>
        <Chip tone={approvalTone(approval.status)}>{approval.status}</Chip>
      </td>
      <td class="approvals-table__text">
        {approval.requested_by}, <Time iso={approval.requested_at} />
        {approval.request_note && <span class="approvals-table__note">“{approval.request_note}”</span>}
      </td>
      <td class="approvals-table__text">
        {approval.test_runs.length === 0 ? (
          <span class="muted">none</span>
        ) : (
          approval.test_runs.map((run) => (
            <Chip key={run.id} tone={run.passed ? 'good' : 'bad'} title={`test run ${run.id}`}>
              {run.passed ? '✓' : '✗'} {run.suite}
            </Chip>
          ))
        )}
      </td>
      <td class="num">{approval.review_every_days} d</td>
      <td class="approvals-table__text">
        {approval.decision ? (
          <>
            {approval.decision.status} by {approval.decision.decided_by}, <Time iso={approval.decision.decided_at} />
            {approval.decision.note && <span class="approvals-table__note">“{approval.decision.note}”</span>}
          </>
        ) : canDecide ? (
          <div class="approval-decide">
            <label class="visually-hidden" for={`note-${approval.id}`}>
              Note on {ref}
            </label>
            <input
              id={`note-${approval.id}`}
              placeholder="note (optional)"
              value={note}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
            <button type="button" class="button" disabled={busy} onClick={() => void decide('approve')} aria-label={`Approve ${ref}`}>
              Approve
            </button>
            <button
              type="button"
              class="button button--ghost"
              disabled={busy}
              onClick={() => void decide('reject')}
              aria-label={`Reject ${ref}`}
            >
              Reject
            </button>
            {problem && (
              <p class="field-error" role="alert">
                {problem}
              </p>
            )}
          </div>
        ) : (
          <span class="muted">{isRequester ? 'waiting for another approver (you requested it)' : 'waiting for an approver'}</span>
        )}
      </td>
    </tr>
  );
}
