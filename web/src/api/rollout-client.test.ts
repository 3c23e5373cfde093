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

describe('ApiClient rollouts', () => {
  it('reads the rollout, its A/B comparison with the effect only when given, and the shadow report', async () => {
    const { sent, api } = recording({});
    await api.rollout('credit eu');
    await api.rolloutAb('credit', undefined);
    await api.rolloutAb('credit', 0.05);
    await api.shadowReport('credit');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/deployments/credit%20eu/rollout',
      'GET /v1/deployments/credit/rollout/ab',
      'GET /v1/deployments/credit/rollout/ab?effect=0.05',
      'GET /v1/deployments/credit/shadow/report',
    ]);
  });

  it('posts each verb to its route, with the reason only when one is written', async () => {
    const { sent, api } = recording({});
    await api.actOnRollout('credit', 'pause');
    await api.actOnRollout('credit', 'abort', '  error rate doubled ');
    await api.actOnRollout('credit', 'promote', '   ');
    expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/v1/deployments/credit/rollout/pause', '{}'],
      ['POST', '/v1/deployments/credit/rollout/abort', '{"reason":"error rate doubled"}'],
      ['POST', '/v1/deployments/credit/rollout/promote', '{}'],
    ]);
  });
});
