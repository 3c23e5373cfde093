import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { Approval, ApprovalStatus } from '../api/governance-types.ts';
import type { Session } from '../api/session.ts';
import { Section } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { hrefFor } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { ApprovalRow } from './approval-row.tsx';
import { canApprove, decisionAllowed } from './governance-wording.ts';
import { ReviewSchedulesTable } from './review-schedules-table.tsx';
import './governance.css';

const STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected'];

/**
 * Approvals (four eyes: requested by one person, decided by another with the approver role) and the
 * periodic reviews of approved production versions. The status filter lives in the URL.
 */
export function ApprovalsPage({ status, session }: { status: ApprovalStatus | undefined; session: Session }) {
  const api = useApi();
  const [approvals, reload] = useResource((signal) => api.approvals({ status }, signal), [status]);
  const [schedules, reloadSchedules] = useResource((signal) => api.reviewsDue({}, signal), []);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const decided = (approval: Approval) => {
    setNotice(`${approval.model.name}:${approval.model.version} ${approval.status} for ${approval.stage}.`);
    reload();
  };

  return (
    <Page title="Approvals">
      <div class="toolbar">
        <label for="approval-status">Status</label>
        <select
          id="approval-status"
          value={status ?? ''}
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            window.location.hash = hrefFor({ page: 'approvals', ...(chosen === '' ? {} : { status: chosen as ApprovalStatus }) });
          }}
        >
          <option value="">every status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {notice && (
        <p class="notice" role="status" data-testid="approval-notice">
          {notice}
        </p>
      )}
      {!canApprove(session.role) && (
        <p class="muted" data-testid="approvals-read-only">
          Signed in as {session.role}: approvals are decided by someone with the approver role.
        </p>
      )}
      {approvals.state === 'loading' && <Loading what="approvals" />}
      {approvals.state === 'error' && <ErrorPanel error={approvals.error} onRetry={reload} />}
      {approvals.state === 'ready' &&
        (approvals.data.approvals.length === 0 ? (
          <Empty>
            <span data-testid="no-approvals">
              No {status ?? ''} approvals. A version asks for one with ballast approvals request MODEL:V --stage production.
            </span>
          </Empty>
        ) : (
          <div class="card">
            <table class="table approvals-table" data-testid="approvals">
              <caption class="visually-hidden">Approvals, newest request first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Status</th>
                  <th scope="col">Requested</th>
                  <th scope="col">Test runs</th>
                  <th scope="col" class="num">
                    Review every
                  </th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {approvals.data.approvals.map((a) => (
                  <ApprovalRow
                    key={a.id}
                    approval={a}
                    canDecide={decisionAllowed(a, session)}
                    isRequester={a.requested_by === session.actor}
                    onDecided={decided}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <Section title="Periodic reviews" id="periodic-reviews">
        {schedules.state === 'loading' && <Loading what="periodic reviews" />}
        {schedules.state === 'error' && <ErrorPanel error={schedules.error} onRetry={reloadSchedules} />}
        {schedules.state === 'ready' &&
          (schedules.data.reviews.length === 0 ? (
            <Empty>
              <span data-testid="no-schedules">No approved production version is scheduled for review.</span>
            </Empty>
          ) : (
            <ReviewSchedulesTable schedules={schedules.data.reviews} />
          ))}
      </Section>
    </Page>
  );
}
