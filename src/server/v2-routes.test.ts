import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

/**
 * The V2 routes on the real server, Node only. The requests the unmodified tritonclient[http]
 * sends (captured byte for byte by test/v2-client/capture_tritonclient_requests.py) must answer
 * what the JSON API answers for the same rows; test/v2-client/check_with_tritonclient.py drives
 * a live server with the client itself.
 */
const captured = JSON.parse(readFileSync(new URL('v2/fixtures/tritonclient-requests.json', import.meta.url), 'utf8')) as {
  rows: Record<string, string>[];
  complete_rows: number[];
  requests: { name: string; path: string; headers: Record<string, string>; body_base64: string }[];
};

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const deployed = await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'credit', model: 'credit:1' },
  });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const get = (url: string, token = server.tokens.viewer) => server.app.inject({ method: 'GET', url, headers: server.auth(token) });

function asInstance(row: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]));
}

describe('V2 protocol routes', () => {
  it('answers health publicly, and server and model metadata with a token', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/v2/health/live' })).json()).toEqual({ live: true });
    expect((await server.app.inject({ method: 'GET', url: '/v2/health/ready' })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/v2/models/credit' })).statusCode).toBe(401);
    const metadata = (await get('/v2/models/credit')).json();
    expect(metadata).toMatchObject({ name: 'credit', versions: ['1'], platform: expect.stringContaining('xgboost') });
    expect(metadata.inputs.map((i: { name: string }) => i.name)).toContain('income');
    expect(metadata.outputs.map((o: { name: string }) => o.name)).toEqual(['label', 'probabilities']);
    expect((await get('/v2/models/credit/ready')).json()).toEqual({ name: 'credit', ready: true });
    expect((await get('/v2/models/credit/versions/1/ready')).statusCode).toBe(200);
    expect((await get('/v2/models/credit/versions/7/ready')).statusCode).toBe(404);
    expect((await get('/v2')).json()).toMatchObject({ name: expect.any(String) });
  });

  it.each(captured.requests.map((r) => [r.name, r] as const))(
    'a tritonclient request (%s) predicts what /v1 predicts',
    async (_name, request) => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== 'content-length' && k !== 'authorization'));
      const response = await server.app.inject({
        method: 'POST',
        url: request.path,
        headers: { ...headers, ...server.auth(server.tokens.viewer) },
        payload: Buffer.from(request.body_base64, 'base64'),
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.model_name).toBe('credit');
      // The 2-D forms carry only the rows without missing values (tritonclient cannot send NaN in JSON).
      const rows =
        body.outputs[0].shape[0] === captured.complete_rows.length ? captured.complete_rows.map((i) => captured.rows[i]!) : captured.rows;
      const v1 = (
        await server.app.inject({
          method: 'POST',
          url: '/v1/deployments/credit/predict',
          headers: server.auth(server.tokens.viewer),
          payload: { instances: rows.map(asInstance) },
        })
      ).json();
      const label = body.outputs.find((o: { name: string }) => o.name === 'label');
      if (label) expect(label.data).toEqual(v1.predictions.map((p: { label: number }) => p.label));
      const probabilities = body.outputs.find((o: { name: string }) => o.name === 'probabilities');
      expect(label ?? probabilities).toBeDefined();
      if (probabilities) {
        const expected = v1.predictions.flatMap((p: { probabilities: number[] }) => p.probabilities);
        probabilities.data.forEach((p: number, i: number) => expect(p).toBeCloseTo(expected[i], 6));
      }
      expect(body.parameters.prediction_ids.split(',')).toHaveLength(rows.length);
    },
  );

  it('logs V2 predictions like JSON ones, with the request id', async () => {
    const instances = await liveInstances(2);
    const payload = {
      id: 'v2-req-1',
      inputs: Object.keys(instances[0]!)
        .filter((k) => !['applicant_id', 'sex', 'age_band', 'default'].includes(k))
        .map((name) => {
          const values = instances.map((i) => i[name] ?? null);
          const text = values.some((v) => typeof v === 'string');
          return { name, shape: [2], datatype: text ? 'BYTES' : 'FP64', data: values };
        }),
    };
    const response = await server.app.inject({
      method: 'POST',
      url: '/v2/models/credit/infer',
      headers: server.auth(server.tokens.viewer),
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().id).toBe('v2-req-1');
    const [first] = response.json().parameters.prediction_ids.split(',');
    const logged = (await get(`/v1/predictions/${first}`)).json();
    expect(logged).toMatchObject({ request_id: 'v2-req-1', deployment: 'credit', inputs: { income: instances[0]!.income } });
  });

  it('answers bad requests with the error key V2 clients read, and stays up', async () => {
    const bad = await server.app.inject({
      method: 'POST',
      url: '/v2/models/credit/infer',
      headers: server.auth(server.tokens.viewer),
      payload: { inputs: [{ name: 'x', shape: [2, 14], datatype: 'FP32', data: [1, 2, 3] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_request', error: expect.stringContaining('shape') });
    expect(bad.json().issues[0].path.slice(0, 2)).toEqual(['inputs', 0]);
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/v2/models/nope/infer',
      headers: server.auth(server.tokens.viewer),
      payload: { inputs: [{ name: 'age', shape: [1], datatype: 'FP64', data: [30] }] },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/no deployment named "nope"/);
    const plain = await server.app.inject({
      method: 'POST',
      url: '/v2/models/credit/infer',
      headers: { ...server.auth(server.tokens.viewer), 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(plain.statusCode).toBe(415);
    expect((await get('/v2/models/credit')).statusCode).toBe(200);
  });
});
