import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModel } from '../app/register-model.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let instances: Record<string, unknown>[];

beforeAll(async () => {
  server = await testServer(factory);
  const deployed = await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'credit', model: 'credit:1' },
  });
  expect(deployed.statusCode).toBe(201);
  instances = await liveInstances(40);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const ask = (payload: Record<string, unknown>, name = 'credit') =>
  server.app.inject({ method: 'POST', url: `/v1/deployments/${name}/counterfactual`, headers: server.auth(server.tokens.viewer), payload });

describe('POST /v1/deployments/{name}/counterfactual', () => {
  it('answers counterfactuals that the deployed model scores as desired, with immutables kept', async () => {
    const predicted = await server.app.inject({
      method: 'POST',
      url: '/v1/deployments/credit/predict',
      headers: server.auth(server.tokens.viewer),
      payload: { instances },
    });
    const risky = instances[predicted.json().predictions.findIndex((p: { label: number }) => p.label === 1)]!;
    const response = await ask({ instance: risky, desired: 0, immutable: ['age'], k: 2 });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ model: { name: 'credit', version: 1 }, deployment: 'credit', found: true, closest: null, message: null });
    expect(body.original.prediction.label).toBe(1);
    expect(body.counterfactuals.length).toBeGreaterThan(0);
    expect(body.counterfactuals.length).toBeLessThanOrEqual(2);
    for (const cf of body.counterfactuals) {
      expect(cf.instance.age).toBe(risky.age);
      const again = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments/credit/predict',
        headers: server.auth(server.tokens.viewer),
        payload: { instances: [cf.instance] },
      });
      expect(again.json().predictions[0].label).toBe(0);
      expect(cf.changed).toBe(cf.changes.length);
    }
  });

  it('answers 200 with found false, the closest candidate and the message when constraints stop it', async () => {
    const inputs = ['age', 'income', 'employment_years', 'home_ownership', 'loan_amount', 'loan_term_months', 'purpose', 'debt_to_income'];
    const features = [...inputs, 'credit_history_months', 'num_open_accounts', 'num_late_payments_2y', 'credit_utilization'];
    const response = await ask({
      instance: { ...instances[0], num_late_payments_2y: 6, debt_to_income: 0.9, credit_utilization: 0.99, credit_history_months: 20 },
      desired: 0,
      immutable: features,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.found).toBe(false);
    expect(body.counterfactuals).toEqual([]);
    expect(body.message).toMatch(/^no counterfactual changes at most 3 features within the constraints: /);
    expect(body.closest.changes.map((c: { feature: string }) => c.feature)).toEqual(['employment_type']);
  });

  it('refuses bad requests with the problem named', async () => {
    const label = await ask({ instance: instances[0], desired: 'maybe' });
    expect(label.statusCode).toBe(422);
    expect(label.json().code).toBe('unknown_label');
    const feature = await ask({ instance: instances[0], desired: 0, directions: { height: 'increase' } });
    expect(feature.statusCode).toBe(400);
    expect(feature.json().issues).toEqual([
      { code: 'invalid_value', path: ['directions', 'height'], message: '"height" is not an input of the model' },
    ]);
    expect((await ask({ instance: instances[0] })).statusCode).toBe(400);
    expect((await ask({ instance: instances[0], desired: 0 }, 'nope')).json().code).toBe('deployment_not_found');
  });

  it('says a version registered without training data has no reference (422 explain_unavailable)', async () => {
    await registerModel(server.ctx, { name: 'bare', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
    const deployed = await server.app.inject({
      method: 'POST',
      url: '/v1/deployments',
      headers: server.auth(server.tokens.operator),
      payload: { name: 'bare', model: 'bare:1' },
    });
    expect(deployed.statusCode).toBe(201);
    const response = await ask({ instance: instances[0], desired: 0 }, 'bare');
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('explain_unavailable');
    expect(response.json().detail ?? response.json().message ?? JSON.stringify(response.json())).toMatch(
      /registered without training data/,
    );
  });
});
