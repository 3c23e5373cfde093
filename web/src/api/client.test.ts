import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    return respond(url);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('createApiClient', () => {
  it('sends the token as a bearer header, never in the URL, and encodes path segments', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { model: {}, versions: [], aliases: [] }));
    const api = createApiClient({ token: 'secret-token', fetch });
    await api.model('credit/risk v2');
    await api.version('credit', 3);
    expect(calls.map((c) => c.url)).toEqual(['/v1/models/credit%2Frisk%20v2', '/v1/models/credit/versions/3']);
    for (const call of calls) {
      expect(call.url).not.toContain('secret-token');
      expect(new Headers(call.init?.headers).get('authorization')).toBe('Bearer secret-token');
      expect(call.init?.credentials).toBe('omit');
    }
  });

  it('builds the predictions query from what is given only', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { predictions: [], next: null }));
    const api = createApiClient({ token: 't', fetch, baseUrl: 'http://127.0.0.1:7070' });
    await api.predictions({});
    await api.predictions({ deployment: 'credit eu', limit: 50, before: '01J' });
    expect(calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:7070/v1/predictions',
      'http://127.0.0.1:7070/v1/predictions?deployment=credit+eu&limit=50&before=01J',
    ]);
  });

  it('asks for flagged predictions only when told to', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { predictions: [], next: null }));
    const api = createApiClient({ token: 't', fetch });
    await api.predictions({ deployment: 'credit', flagged: true, limit: 10 });
    await api.predictions({ deployment: 'credit', flagged: false });
    expect(calls.map((c) => c.url)).toEqual([
      '/v1/predictions?deployment=credit&limit=10&flagged=true',
      '/v1/predictions?deployment=credit',
    ]);
  });

  it("reads a version's contract and a deployment's violations in a time range", async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const api = createApiClient({ token: 't', fetch });
    await api.contract('credit/risk', 2);
    await api.violations('credit eu', {});
    await api.violations('credit', { from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z' });
    expect(calls.map((c) => c.url)).toEqual([
      '/v1/models/credit%2Frisk/versions/2/contract',
      '/v1/deployments/credit%20eu/violations',
      '/v1/deployments/credit/violations?from=2025-01-01T00%3A00%3A00.000Z&to=2025-01-02T00%3A00%3A00.000Z',
    ]);
  });

  it('reads the deployments overview of the home page', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { deployments: [] }));
    expect(await createApiClient({ token: 't', fetch }).overview()).toEqual({ deployments: [] });
    expect(calls.map((c) => c.url)).toEqual(['/v1/overview']);
  });

  it('turns a problem document into an ApiError with its code, detail and issues', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        404,
        {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          code: 'model_not_found',
          detail: 'no model named "nope"',
          issues: [{ code: 'invalid_value', path: ['instances', 0, 'age'], message: 'is above max 120' }],
        },
        'application/problem+json',
      ),
    );
    const error = await createApiClient({ token: 't', fetch })
      .model('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: 'no model named "nope"',
      issues: [{ code: 'invalid_value', path: ['instances', 0, 'age'], message: 'is above max 120' }],
    });
  });

  it('signs out on 401 and still reports the error', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(() => json(401, { title: 'Unauthorized', status: 401, code: 'unauthorized' }));
    const error = await createApiClient({ token: 't', fetch, onUnauthorized })
      .whoami()
      .catch((e: unknown) => e);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'Unauthorized' });
  });

  it('names an error without a problem document by its status', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await createApiClient({ token: 't', fetch })
      .models()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: 'The server answered 502 Bad Gateway.' });
  });

  it('reports an unreachable server and a success that is not JSON', async () => {
    const unreachable = createApiClient({ token: 't', fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    await expect(unreachable.models()).rejects.toMatchObject({ status: 0, code: 'network' });
    const { fetch } = fakeFetch(() => new Response('ok', { status: 200 }));
    await expect(createApiClient({ token: 't', fetch }).models()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('lets an abort through as an abort, not as a network error', async () => {
    const controller = new AbortController();
    controller.abort();
    const fetch = ((_: unknown, init?: RequestInit) => Promise.reject(init?.signal?.reason)) as typeof globalThis.fetch;
    const error = await createApiClient({ token: 't', fetch })
      .models(controller.signal)
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).name).toBe('AbortError');
  });
});
