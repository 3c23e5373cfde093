import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly body: string | undefined;
  readonly contentType: string | null;
}

function recording(answer: unknown, status = 200) {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      body: init?.body as string | undefined,
      contentType: headers.get('content-type'),
    });
    return new Response(JSON.stringify(answer), { status });
  }) as typeof globalThis.fetch;
  return { sent, api: createApiClient({ token: 't', fetch }) };
}

describe('ApiClient reviews', () => {
  it('lists the queue with only the filters given, and reads one item by its encoded id', async () => {
    const { sent, api } = recording({ reviews: [], pending: 0 });
    await api.reviews({});
    await api.reviews({ deployment: 'credit eu', status: 'pending', order: 'priority', limit: 2 });
    await api.reviews({ deployment: '', status: 'decided' });
    await api.review('01J/x');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/reviews',
      'GET /v1/reviews?deployment=credit+eu&status=pending&order=priority&limit=2',
      'GET /v1/reviews?status=decided',
      'GET /v1/reviews/01J%2Fx',
    ]);
    expect(sent.every((s) => s.body === undefined && s.contentType === null)).toBe(true);
  });

  it('posts a decision with the label as typed (a number stays a number) and the note only when there is one', async () => {
    const { sent, api } = recording({ id: 'r1' });
    await api.decideReview('r1', { label: 'yes', note: 'income verified' });
    await api.decideReview('r1', { label: 1 });
    await api.decideReview('r1', { label: 12.5, note: '' });
    expect(sent.map((s) => [s.method, s.url, s.body, s.contentType])).toEqual([
      ['POST', '/v1/reviews/r1/decision', '{"label":"yes","note":"income verified"}', 'application/json'],
      ['POST', '/v1/reviews/r1/decision', '{"label":1}', 'application/json'],
      ['POST', '/v1/reviews/r1/decision', '{"label":12.5}', 'application/json'],
    ]);
  });

  it("rejects a refused decision with the problem's code", async () => {
    const { api } = recording({ code: 'review_already_decided', detail: 'Review r1 was decided by dana.' }, 409);
    const failure = await api.decideReview('r1', { label: 'no' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 409, code: 'review_already_decided', message: 'Review r1 was decided by dana.' });
  });
});
