import type { Approval, ApprovalStatus, ModelPolicy, ReviewSchedule, VersionReviews } from './governance-types.ts';
import type { Send } from './rollout-client.ts';

/** The governance routes, part of the ApiClient. */
export interface GovernanceApi {
  /** Approvals, newest request first; only those of a status or a model when given. */
  approvals(query: { readonly status?: ApprovalStatus; readonly model?: string }, signal?: AbortSignal): Promise<{ approvals: Approval[] }>;
  /** Decide a pending approval (approver role, not the requester); answers the decided approval. */
  decideApproval(id: string, verdict: 'approve' | 'reject', note?: string): Promise<Approval>;
  /** Rejects with code `route_not_found` or `model_not_found`; the panel shows "no policy" on a 404. */
  policy(model: string, signal?: AbortSignal): Promise<ModelPolicy>;
  /** Running periodic-review schedules, the most overdue first. */
  reviewsDue(query: { readonly overdue?: boolean; readonly model?: string }, signal?: AbortSignal): Promise<{ reviews: ReviewSchedule[] }>;
  /** A version's review schedule and its reviews, newest first. */
  versionReviews(name: string, version: number, signal?: AbortSignal): Promise<VersionReviews>;
}

const segment = encodeURIComponent;

function search(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function governanceMethods(send: Send): GovernanceApi {
  return {
    approvals: (query, signal) => send('GET', `/v1/approvals${search({ status: query.status, model: query.model })}`, undefined, signal),
    decideApproval: (id, verdict, note) =>
      send('POST', `/v1/approvals/${segment(id)}/${verdict}`, note === undefined || note.trim() === '' ? {} : { note: note.trim() }),
    policy: (model, signal) => send('GET', `/v1/models/${segment(model)}/policy`, undefined, signal),
    reviewsDue: (query, signal) =>
      send(
        'GET',
        `/v1/governance/reviews${search({ overdue: query.overdue ? 'true' : undefined, model: query.model })}`,
        undefined,
        signal,
      ),
    versionReviews: (name, version, signal) =>
      send('GET', `/v1/models/${segment(name)}/versions/${version}/governance-reviews`, undefined, signal),
  };
}
