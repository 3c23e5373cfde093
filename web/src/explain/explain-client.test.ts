import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client.ts';

function recording(answer: unknown) {
  const sent: { url: string; method: string; body: string | undefined }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), method: init?.method ?? 'GET', body: init?.body as string | undefined });
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;
  return { sent, api: createApiClient({ token: 't', fetch }) };
}

describe('ApiClient explanations and cards', () => {
  it('explains a logged prediction by its id, with `top` only when asked', async () => {
    const { sent, api } = recording({});
    await api.explainPrediction('credit eu', '01JPRED');
    await api.explainPrediction('credit', '01JPRED', 5);
    expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/v1/deployments/credit%20eu/explain', '{"prediction_id":"01JPRED"}'],
      ['POST', '/v1/deployments/credit/explain', '{"prediction_id":"01JPRED","top":5}'],
    ]);
  });

  it("reads a version's global importance and its card as JSON, names encoded", async () => {
    const { sent, api } = recording({});
    await api.importance('credit/eu', 3);
    await api.modelCard('credit eu', 2);
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/models/credit%2Feu/versions/3/importance',
      'GET /v1/models/credit%20eu/versions/2/card?format=json',
    ]);
  });
});
