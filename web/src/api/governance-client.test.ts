import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';

function recording(answer: unknown) {
  const sent: { url: string; method: string; body: string | undefined }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), method: init?.method ?? 'GET', body: init?.body as string | undefined });
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;
  return { sent, api: createApiClient({ token: 't', fetch }) };
}

describe('ApiClient governance', () => {
  it('reads approvals, a policy and periodic reviews with only the filters given, names encoded', async () => {
    const { sent, api } = recording({});
    await api.approvals({});
    await api.approvals({ status: 'pending', model: 'credit eu' });
    await api.policy('credit/eu');
    await api.reviewsDue({});
    await api.reviewsDue({ overdue: true, model: 'credit' });
    await api.reviewsDue({ overdue: false });
    await api.versionReviews('credit eu', 3);
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/approvals',
      'GET /v1/approvals?status=pending&model=credit+eu',
      'GET /v1/models/credit%2Feu/policy',
      'GET /v1/governance/reviews',
      'GET /v1/governance/reviews?overdue=true&model=credit',
      'GET /v1/governance/reviews',
      'GET /v1/models/credit%20eu/versions/3/governance-reviews',
    ]);
  });

  it('approves or rejects with the note only when there is one', async () => {
    const { sent, api } = recording({ id: 'a1' });
    await api.decideApproval('a/1', 'approve', '  looks right ');
    await api.decideApproval('a1', 'reject', ' ');
    await api.decideApproval('a1', 'approve');
    expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/v1/approvals/a%2F1/approve', '{"note":"looks right"}'],
      ['POST', '/v1/approvals/a1/reject', '{}'],
      ['POST', '/v1/approvals/a1/approve', '{}'],
    ]);
  });
});
