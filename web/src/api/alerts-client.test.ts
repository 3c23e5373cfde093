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

describe('ApiClient alerts and incidents', () => {
  it('reads rules, silences, and incidents filtered by status only when one is chosen', async () => {
    const { sent, api } = recording({ rules: [], receivers: [], silences: [], incidents: [] });
    await api.alertRules();
    await api.silences();
    await api.incidents(undefined);
    await api.incidents('acknowledged');
    await api.incident('01J/x');
    await api.rollbacks('credit eu');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/alerts/rules',
      'GET /v1/alerts/silences',
      'GET /v1/incidents',
      'GET /v1/incidents?status=acknowledged',
      'GET /v1/incidents/01J%2Fx',
      'GET /v1/deployments/credit%20eu/rollbacks',
    ]);
    expect(sent.every((s) => s.body === undefined && s.contentType === null)).toBe(true);
  });

  it('posts each incident action to its route with its JSON body', async () => {
    const { sent, api } = recording({ id: 'i1' });
    await api.actOnIncident('i1', { action: 'ack' });
    await api.actOnIncident('i1', { action: 'ack', commander: 'dana' });
    await api.actOnIncident('i1', { action: 'mitigate' });
    await api.actOnIncident('i1', { action: 'resolve' });
    await api.actOnIncident('i1', { action: 'notes', text: 'rolled back by hand' });
    await api.draftPostmortem('i1');
    expect(sent.map((s) => [s.method, s.url, s.body, s.contentType])).toEqual([
      ['POST', '/v1/incidents/i1/ack', '{}', 'application/json'],
      ['POST', '/v1/incidents/i1/ack', '{"commander":"dana"}', 'application/json'],
      ['POST', '/v1/incidents/i1/mitigate', '{}', 'application/json'],
      ['POST', '/v1/incidents/i1/resolve', '{}', 'application/json'],
      ['POST', '/v1/incidents/i1/notes', '{"text":"rolled back by hand"}', 'application/json'],
      ['POST', '/v1/incidents/i1/postmortem', '{"format":"md"}', 'application/json'],
    ]);
  });

  it('rejects a refused action with the problem code, so the page can say why', async () => {
    const { api } = recording({ code: 'forbidden', detail: 'operator role required' }, 403);
    const error = await api.actOnIncident('i1', { action: 'resolve' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'operator role required' });
  });
});
