import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

describe('ApiClient.performance', () => {
  it('asks for the range and window length, with the deployment name encoded', async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ deployment: 'credit eu', windows: [], kpi_comparisons: [] }), { status: 200 });
    }) as typeof globalThis.fetch;
    const api = createApiClient({ token: 't', fetch });
    const answer = await api.performance('credit eu', { from: '2026-12-07T09:00:00.000Z', to: '2026-12-07T10:00:00.000Z', window: '1m' });
    expect(answer.deployment).toBe('credit eu');
    expect(urls).toEqual([
      '/v1/deployments/credit%20eu/performance?from=2026-12-07T09%3A00%3A00.000Z&to=2026-12-07T10%3A00%3A00.000Z&window=1m',
    ]);
  });

  it('rejects with the status and code of a problem answer (a server without the route answers 404)', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ code: 'deployment_not_found', detail: 'No deployment "x".' }), {
        status: 404,
      })) as typeof globalThis.fetch;
    const error = await createApiClient({ token: 't', fetch })
      .performance('x', { window: '5m' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'deployment_not_found' });
  });
});
