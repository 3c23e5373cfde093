import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModel } from '../../app/register-model.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { liveInstances, testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const { app, auth, tokens, ctx } = server;
  await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
  const deployed = await app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: auth(tokens.operator),
    payload: { name: 'credit-risk', model: 'credit:2' },
  });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('/v1/deployments/{name}/ensemble', () => {
  it('sets, shows and clears an ensemble for operators, in snake_case, recorded under the caller', async () => {
    const { app, auth, tokens, ctx } = server;
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/deployments/credit-risk/ensemble',
      headers: auth(tokens.operator),
      payload: { members: ['credit:1', 'credit:2'], combine: 'mean', max_spread: 0.2 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      deployment: 'credit-risk',
      ensemble: {
        members: [
          { name: 'credit', version: 1 },
          { name: 'credit', version: 2 },
        ],
        combine: 'mean',
        max_spread: 0.2,
        on_disagreement: 'fallback',
        set_at: expect.any(String),
        set_by: 'deployer',
      },
    });
    const deployment = await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk', headers: auth(tokens.viewer) });
    expect(deployment.json()).toMatchObject({ model: { name: 'credit', version: 1 } });

    const got = await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk/ensemble', headers: auth(tokens.operator) });
    expect(got.json()).toEqual(put.json());

    const cleared = await app.inject({ method: 'DELETE', url: '/v1/deployments/credit-risk/ensemble', headers: auth(tokens.operator) });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toEqual({ deployment: 'credit-risk', ensemble: null });
    const audit = (await ctx.store.audit.list()).filter((e) => e.action.startsWith('ensemble.'));
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['ensemble.set', 'deployer'],
      ['ensemble.clear', 'deployer'],
    ]);
  });

  it('refuses viewers, and answers a bad ensemble with invalid_ensemble naming every problem', async () => {
    const { app, auth, tokens } = server;
    const byViewer = await app.inject({
      method: 'PUT',
      url: '/v1/deployments/credit-risk/ensemble',
      headers: auth(tokens.viewer),
      payload: { members: ['credit:1', 'credit:2'], combine: 'mean' },
    });
    expect(byViewer.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'PUT',
      url: '/v1/deployments/credit-risk/ensemble',
      headers: auth(tokens.operator),
      payload: { members: ['credit:1', 'credit:1'], combine: 'median', on_disagreement: 'review' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_ensemble' });
    expect(bad.json().issues.map((i: { path: (string | number)[] }) => i.path.join('.'))).toEqual([
      'members.1',
      'members',
      'combine',
      'on_disagreement',
    ]);
    const none = await app.inject({ method: 'GET', url: '/v1/deployments/nowhere/ensemble', headers: auth(tokens.operator) });
    expect(none.statusCode).toBe(404);
  });
});

describe('GET /v1/predictions', () => {
  it('says which role answered each logged prediction', async () => {
    const { app, auth, tokens } = server;
    const predicted = await app.inject({
      method: 'POST',
      url: '/v1/deployments/credit-risk/predict',
      headers: auth(tokens.viewer),
      payload: { instances: await liveInstances(2) },
    });
    expect(predicted.statusCode).toBe(200);
    const listed = await app.inject({ method: 'GET', url: '/v1/predictions?deployment=credit-risk', headers: auth(tokens.viewer) });
    expect(listed.json().predictions.map((p: { role: string | null }) => p.role)).toEqual(['stable', 'stable']);
  });
});
