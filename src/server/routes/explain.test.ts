import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplanationObject } from '../../app/explain/explain-rows.ts';
import { registerSmallCredit } from '../../app/explain/testing/small-credit.ts';
import { deploy } from '../../app/deployments.ts';
import { markSensitiveColumns } from '../../app/privacy/mark-columns.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { liveInstances, testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let instances: Record<string, unknown>[];

beforeAll(async () => {
  server = await testServer(factory, { maxInstances: 3 });
  // A version with a 12-row training snapshot: a background small enough for exact Shapley values in a test.
  await registerSmallCredit(server.ctx, 'credit');
  await deploy(server.ctx, { name: 'small', model: 'credit:2' }, server.host);
  await markSensitiveColumns(server.ctx, { ref: 'credit:2', sensitive: ['age'] });
  instances = await liveInstances(2);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

function explain(body: unknown, token = server.tokens.viewer, name = 'small') {
  return server.app.inject({
    method: 'POST',
    url: `/v1/deployments/${name}/explain`,
    headers: server.auth(token),
    payload: body as object,
  });
}

function expectAdditive(e: ExplanationObject) {
  const sum = Object.values(e.contributions as Record<string, number>).reduce((a, b) => a + b, 0);
  expect((e.base_value as number) + sum).toBeCloseTo(e.output as number, 9);
}

describe('POST /v1/deployments/{name}/explain', () => {
  it('explains the instances of a predict body for a viewer, with reasons masking sensitive values', async () => {
    const response = await explain({ instances, top: 13, request_id: 'r-1' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ model: { name: 'credit', version: 2 }, deployment: 'small' });
    expect(body.method).toBe(body.explanations[0].method);
    expect(body).toHaveProperty('fallback');
    expect(body.explanations).toHaveLength(2);
    for (const e of body.explanations as ExplanationObject[]) {
      expectAdditive(e);
      expect(Object.keys(e.contributions)).toHaveLength(13);
      expect(e.reasons.length).toBeGreaterThan(3);
    }
    const said = (body.explanations as ExplanationObject[]).flatMap((e) => e.reasons).join('\n');
    expect(said).toContain('an age of *** years');
    const admin = (await explain({ instances: instances.slice(0, 1), top: 13 }, server.tokens.admin)).json();
    expect(admin.explanations[0].reasons.join('\n')).toContain(`an age of ${instances[0]!.age} years`);
    expect(admin.explanations[0].contributions).toEqual(body.explanations[0].contributions);
  });

  it('explains a logged prediction as it was made: the same prediction the predict route answered', async () => {
    const predicted = await server.app.inject({
      method: 'POST',
      url: '/v1/deployments/small/predict',
      headers: server.auth(server.tokens.viewer),
      payload: { instances: instances.slice(0, 1) },
    });
    expect(predicted.statusCode, predicted.body).toBe(200);
    const { prediction_id: id, label, probabilities } = predicted.json().predictions[0];
    const response = await explain({ prediction_id: id, top: 2 });
    expect(response.statusCode, response.body).toBe(200);
    const [e] = response.json().explanations as ExplanationObject[];
    expect(e!.prediction).toEqual({ label, probabilities });
    expect(e!.reasons).toHaveLength(2);
    expectAdditive(e!);
    const elsewhere = await explain({ prediction_id: id }, server.tokens.viewer, 'credit');
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('prediction_not_found');
  });

  it('refuses bodies it cannot explain, each with its problem document', async () => {
    const cases: [unknown, number, string, string?][] = [
      [{ instances, prediction_id: 'x' }, 400, 'invalid_argument'],
      [{ top: 2 }, 400, 'invalid_argument'],
      [{ instances, method: 'lime' }, 400, 'invalid_request'],
      [{ instances: [...instances, ...instances] }, 413, 'too_many_instances'],
      [{ instances: [{ ...instances[0], age: 'old' }] }, 422, 'invalid_value'],
      [{ prediction_id: 'missing' }, 404, 'prediction_not_found'],
      [{ instances }, 404, 'deployment_not_found', 'nope'],
    ];
    for (const [body, status, code, name] of cases) {
      const response = await explain(body, server.tokens.viewer, name);
      expect([response.statusCode, response.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    const anonymous = await server.app.inject({ method: 'POST', url: '/v1/deployments/small/explain', payload: { instances } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is documented in /openapi.json', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json', headers: server.auth(server.tokens.viewer) })).json();
    expect(Object.keys(doc.paths['/v1/deployments/{name}/explain'])).toEqual(['post']);
  });
});
