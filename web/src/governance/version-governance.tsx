import type { ComponentChildren } from 'preact';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import type { ModelPolicy, VersionReviews } from '../api/governance-types.ts';
import { Chip, Fields, Link, Section, Time } from '../components/bits.tsx';
import type { Resource } from '../lib/use-resource.ts';
import { useResource } from '../lib/use-resource.ts';
import { approvalTone, scheduleState } from './governance-wording.ts';
import './governance.css';

/**
 * A version's governance on its page: the model's promotion policy, the version's approvals and its
 * periodic review (state, due date, history). Each part loads on its own, so one the server cannot
 * answer does not hide the others.
 */
export function VersionGovernance({ name, version }: { name: string; version: number }) {
  const api = useApi();
  // No policy is an answer, not a failure: a 404 reads as "none".
  const [policy] = useResource(
    (signal) =>
      api
        .policy(name, signal)
        .catch((error: unknown) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error))),
    [name],
  );
  const [approvals] = useResource((signal) => api.approvals({ model: name }, signal), [name]);
  const [reviews] = useResource((signal) => api.versionReviews(name, version, signal), [name, version]);
  const mine = approvals.state === 'ready' ? approvals.data.approvals.filter((a) => a.model.version === version) : [];
  return (
    <Section title="Governance" id="governance" actions={<Link to={{ page: 'approvals' }}>All approvals</Link>}>
      <Fields
        items={[
          ['Promotion policy', loaded(policy, (p) => <PolicyText policy={p} />)],
          [
            'Approvals',
            loaded(approvals, () =>
              mine.length === 0 ? (
                <span class="muted" data-testid="version-approvals">
                  none requested
                </span>
              ) : (
                <span class="chips" data-testid="version-approvals">
                  {mine.map((a) => (
                    <Chip key={a.id} tone={approvalTone(a.status)} title={`approval ${a.id} requested by ${a.requested_by}`}>
                      {a.stage} {a.status}
                    </Chip>
                  ))}
                </span>
              ),
            ),
          ],
          ['Periodic review', loaded(reviews, (r) => <ReviewState reviews={r} />)],
        ]}
      />
      {reviews.state === 'ready' && reviews.data.reviews.length > 0 && <ReviewHistory reviews={reviews.data} />}
    </Section>
  );
}

function loaded<T>(resource: Resource<T>, show: (data: T) => ComponentChildren): ComponentChildren {
  if (resource.state === 'loading') return <span class="muted">loading…</span>;
  if (resource.state === 'error') return <span class="field-error">{resource.error.message}</span>;
  return show(resource.data);
}

function PolicyText({ policy }: { policy: ModelPolicy | null }) {
  if (policy === null || (policy.require_suites.length === 0 && !policy.require_approval))
    return (
      <span class="muted" data-testid="version-policy">
        none: promotion is not gated
      </span>
    );
  const needs = [
    ...(policy.require_suites.length > 0 ? [`passing runs of ${policy.require_suites.join(', ')}`] : []),
    ...(policy.require_approval ? ['an approved production approval'] : []),
  ];
  return <span data-testid="version-policy">champion and production need {needs.join(' and ')}</span>;
}

function ReviewState({ reviews }: { reviews: VersionReviews }) {
  const schedule = reviews.schedule;
  if (schedule === null)
    return (
      <span class="muted" data-testid="version-review-state">
        not scheduled: no approved production approval
      </span>
    );
  const state = scheduleState(schedule);
  return (
    <span data-testid="version-review-state">
      <Chip tone={state.tone}>{state.text}</Chip>{' '}
      {schedule.due_at && (
        <>
          due <Time iso={schedule.due_at} />
        </>
      )}{' '}
      (every {schedule.review_every_days} days)
    </span>
  );
}

function ReviewHistory({ reviews }: { reviews: VersionReviews }) {
  return (
    <table class="table table--compact governance-history" data-testid="version-reviews">
      <caption class="visually-hidden">Periodic reviews of this version, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Reviewer</th>
          <th scope="col">Decision</th>
          <th scope="col">Findings</th>
        </tr>
      </thead>
      <tbody>
        {reviews.reviews.map((r) => (
          <tr key={r.id}>
            <td>
              <Time iso={r.at} />
            </td>
            <td>{r.reviewer}</td>
            <td>
              <Chip tone={r.decision === 'keep' ? 'good' : r.decision === 'retire' ? 'muted' : 'warn'}>{r.decision}</Chip>
            </td>
            <td class="wrap">{r.findings}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
