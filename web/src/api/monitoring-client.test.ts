import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

describe('ApiClient.monitoring', () => {
  it('asks for the range and window length, with the deployment name encoded', async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ deployment: 'credit eu', windows: [] }), { status: 200 });
    }) as typeof globalThis.fetch;
    const api = createApiClient({ token: 't', fetch });
    const answer = await api.monitoring('credit eu', { from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T11:00:00.000Z', window: '5m' });
    expect(answer.deployment).toBe('credit eu');
    expect(urls).toEqual([
      '/v1/deployments/credit%20eu/monitoring?from=2026-11-25T10%3A00%3A00.000Z&to=2026-11-25T11%3A00%3A00.000Z&window=5m',
    ]);
  });

  it('rejects with the problem code when the deployment does not exist', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ code: 'deployment_not_found', detail: 'No deployment "x".' }), {
        status: 404,
      })) as typeof globalThis.fetch;
    const api = createApiClient({ token: 't', fetch });
    const error = await api.monitoring('x', { window: '1m' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'deployment_not_found' });
  });
});
