import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPredictionRecords } from '../runtime/prediction-records.ts';
import { compileInstanceReader } from '../runtime/read-instances.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let instances: Record<string, unknown>[];

beforeAll(async () => {
  server = await testServer(factory);
  instances = await liveInstances(5);
  const deployed = await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'credit', model: 'credit@champion' },
  });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const predict = (payload: unknown, headers: Record<string, string> = {}) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/deployments/credit/predict',
    headers: { ...server.auth(server.tokens.viewer), ...headers },
    payload: payload as string,
  });

describe('prediction API', () => {
  it('answers each instance in order with a logged prediction id, echoing X-Request-Id', async () => {
    const response = await predict({ instances }, { 'x-request-id': 'req-42' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.model).toEqual({ name: 'credit', version: 1 });
    expect(body.request_id).toBe('req-42');
    expect(body.predictions).toHaveLength(5);
    // The same rows scored in-process by the runtime give the very same answers.
    const version = (await server.ctx.store.versions.find((await server.ctx.store.models.findByName('credit'))!.id, 1))!;
    const offline = await server.ctx.runtimes.xgboost.load(await server.ctx.artifacts.read(version.artifactSha256));
    const expected = toPredictionRecords(await offline.predict(compileInstanceReader(version.signature.inputs)(instances)));
    type Row = { prediction_id: string; model: unknown; role: string };
    expect(body.predictions.map(({ prediction_id: _id, model: _model, role: _role, ...rest }: Row) => rest)).toEqual(expected);
    // Each prediction says which version answered it and in which role.
    for (const p of body.predictions) expect([p.model, p.role]).toEqual([{ name: 'credit', version: 1 }, 'stable']);
    for (const p of body.predictions) expect(p.prediction_id).toMatch(/^[0-9A-Z]{26}$/);
    const logged = await server.app.inject({
      method: 'GET',
      url: `/v1/predictions/${body.predictions[2].prediction_id}`,
      headers: server.auth(server.tokens.viewer),
    });
    expect(logged.statusCode).toBe(200);
    expect(logged.json()).toMatchObject({
      deployment: 'credit',
      request_id: 'req-42',
      model: { name: 'credit', version: 1 },
      output: { label: body.predictions[2].label, probabilities: body.predictions[2].probabilities },
      inputs: { income: instances[2]!.income },
      lineage: {
        artifact_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        snapshot_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        code_ref: 'abc1234',
        contract: null,
      },
    });
    expect(logged.json().inputs).not.toHaveProperty('applicant_id');
  });

  it('lists recent predictions newest first, filtered by deployment', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/v1/predictions?deployment=credit&limit=2',
      headers: server.auth(server.tokens.viewer),
    });
    expect(response.statusCode).toBe(200);
    const { predictions, next } = response.json();
    expect(predictions).toHaveLength(2);
    expect(predictions[0].id > predictions[1].id).toBe(true);
    expect(next).toBe(predictions[1].id);
  });

  it('finds the predictions of one request by its request id', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/v1/predictions?request_id=req-42',
      headers: server.auth(server.tokens.viewer),
    });
    expect(response.statusCode).toBe(200);
    const { predictions } = response.json() as { predictions: { request_id: string }[] };
    expect(predictions).toHaveLength(5);
    expect(new Set(predictions.map((p) => p.request_id))).toEqual(new Set(['req-42']));
  });
});

describe('bad input gets a problem document, and the server stays up', () => {
  const cases: Array<[string, () => ReturnType<typeof predict>, number, string]> = [
    ['malformed JSON', () => predict('{"instances": [', { 'content-type': 'application/json' }), 400, 'malformed_json'],
    ['an empty body', () => predict('', { 'content-type': 'application/json' }), 400, 'malformed_json'],
    [
      'a __proto__ key',
      () => predict('{"instances":[{"__proto__":{"x":1}}]}', { 'content-type': 'application/json' }),
      400,
      'malformed_json',
    ],
    ['a text/plain body', () => predict('instances', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ['no instances field', () => predict({ rows: [] }), 400, 'invalid_request'],
    ['an empty instance list', () => predict({ instances: [] }), 400, 'invalid_request'],
    ['too many instances', () => predict({ instances: Array.from({ length: 101 }, () => ({})) }), 413, 'too_many_instances'],
    ['a body over the limit', () => predict({ instances: [{ pad: 'x'.repeat(300 * 1024) }] }), 413, 'payload_too_large'],
    ['a wrong type', () => predict({ instances: [{ ...instances[0], income: 'lots' }] }), 422, 'invalid_value'],
    [
      'a missing feature',
      () => predict({ instances: [Object.fromEntries(Object.entries(instances[0]!).filter(([k]) => k !== 'age'))] }),
      422,
      'invalid_value',
    ],
    [
      'an unknown deployment',
      () =>
        server.app.inject({
          method: 'POST',
          url: '/v1/deployments/nope/predict',
          headers: server.auth(server.tokens.viewer),
          payload: { instances },
        }),
      404,
      'deployment_not_found',
    ],
    [
      'an unknown route',
      () => server.app.inject({ method: 'GET', url: '/v1/nothing', headers: server.auth(server.tokens.viewer) }),
      404,
      'route_not_found',
    ],
    ['an unknown route without a token', () => server.app.inject({ method: 'GET', url: '/v1/nothing' }), 401, 'unauthorized'],
    [
      'an unknown V2 route',
      () => server.app.inject({ method: 'GET', url: '/v2/nothing', headers: server.auth(server.tokens.viewer) }),
      404,
      'route_not_found',
    ],
    [
      'a name past the path limit',
      () => server.app.inject({ method: 'GET', url: `/v1/models/${'m'.repeat(101)}`, headers: server.auth(server.tokens.viewer) }),
      414,
      'uri_too_long',
    ],
    [
      'a URL that cannot be decoded',
      () => server.app.inject({ method: 'GET', url: '/v1/models/%E0%A4%A', headers: server.auth(server.tokens.viewer) }),
      400,
      'malformed_request',
    ],
  ];
  it.each(cases)('%s', async (_what, send, status, code) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({ status, code });
    expect(body.detail).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
    expect((await predict({ instances: instances.slice(0, 1) })).statusCode).toBe(200);
  });

  it('names the failing path of every bad value', async () => {
    const response = await predict({
      instances: [
        { ...instances[0], income: 'lots' },
        { ...instances[1], loan_amount: null, age: true },
      ],
    });
    expect(response.json().issues).toEqual([
      { code: 'invalid_type', path: ['instances', 0, 'income'], message: 'must be a finite number or null, got "lots"' },
      { code: 'invalid_value', path: ['instances', 1, 'age'], message: 'must be a whole number or null, got true' },
    ]);
  });
});

describe('auth and roles', () => {
  it('leaves only health public', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', store: true });
    for (const url of ['/v1/models', '/v1/deployments', '/v1/predictions', '/metrics', '/openapi.json']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code).toBe('unauthorized');
    }
    expect(
      (await server.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } }))
        .statusCode,
    ).toBe(401);
  });

  it('lets a viewer read but not deploy, and an operator deploy but not manage tokens', async () => {
    const asViewer = await server.app.inject({
      method: 'POST',
      url: '/v1/deployments',
      headers: server.auth(server.tokens.viewer),
      payload: { name: 'x', model: 'credit:1' },
    });
    expect(asViewer.statusCode).toBe(403);
    expect(asViewer.json().code).toBe('forbidden');
    const asOperator = await server.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: server.auth(server.tokens.operator),
      payload: { name: 'x', role: 'admin' },
    });
    expect(asOperator.statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: '/v1/whoami', headers: server.auth(server.tokens.viewer) })).json()).toEqual({
      actor: 'watcher',
      role: 'viewer',
    });
  });

  it('creates a token once, never lists its secret, and revokes it', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: server.auth(server.tokens.admin),
      payload: { name: 'ci', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const listed = await server.app.inject({ method: 'GET', url: '/v1/tokens', headers: server.auth(server.tokens.admin) });
    // The secret is everything after the id; base64url may put '_' inside it.
    expect(listed.body).not.toContain(token.split('_').slice(2).join('_'));
    expect(listed.json().tokens.map((t: { name: string }) => t.name)).toContain('ci');
    expect((await server.app.inject({ method: 'GET', url: '/v1/models', headers: server.auth(token) })).statusCode).toBe(200);
    expect(
      (await server.app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: server.auth(server.tokens.admin) })).statusCode,
    ).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: '/v1/models', headers: server.auth(token) })).statusCode).toBe(401);
  });
});

describe('registry, deployments, metrics and OpenAPI', () => {
  it('serves models, versions with lineage and deployments with history', async () => {
    const headers = server.auth(server.tokens.viewer);
    expect((await server.app.inject({ method: 'GET', url: '/v1/models', headers })).json().models[0]).toMatchObject({
      name: 'credit',
      latest_version: 1,
      version_count: 1,
    });
    expect((await server.app.inject({ method: 'GET', url: '/v1/models/credit', headers })).json().versions[0]).toMatchObject({
      version: 1,
      aliases: ['champion'],
    });
    const version = (await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1', headers })).json();
    expect(version.snapshot).toMatchObject({ row_count: 20000, label_column: 'default' });
    expect(version.artifact).not.toHaveProperty('path');
    expect(version.artifact).toMatchObject({ size_bytes: expect.any(Number), media_type: expect.any(String) });
    expect((await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/9', headers })).json().code).toBe(
      'version_not_found',
    );
    const deployment = (await server.app.inject({ method: 'GET', url: '/v1/deployments/credit', headers })).json();
    expect(deployment).toMatchObject({ model: { name: 'credit', version: 1 }, revision: 1, history: [{ revision: 1, actor: 'deployer' }] });
  });

  it('exports Prometheus metrics per deployment and version', async () => {
    const text = (await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(server.tokens.viewer) })).body;
    expect(text).toMatch(/ballast_predictions_total\{deployment="credit",model="credit",version="1",role="stable"\} \d+/);
    expect(text).toMatch(/ballast_prediction_errors_total\{deployment="credit",code="invalid_value"\} \d+/);
    expect(text).toContain('ballast_http_request_duration_seconds_bucket');
  });

  it('publishes an OpenAPI 3 document built from the route schemas', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json', headers: server.auth(server.tokens.viewer) })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const predictOp = doc.paths['/v1/deployments/{name}/predict'].post;
    expect(predictOp.requestBody.content['application/json'].schema.required).toEqual(['instances']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/models', '/v1/deployments', '/v1/predictions/{id}', '/v1/tokens']));
  });
});
