import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRollbackSink } from '../../app/alerts/alert-rollback.ts';
import { firing, rollbackRule, smallTrainingFile } from '../../app/alerts/testing/rollback-fixtures.ts';
import { registerModel } from '../../app/register-model.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { liveInstances, testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const { app, auth, tokens, ctx } = server;
  await registerModel(ctx, {
    name: 'credit',
    modelFile: path.join(EXAMPLES, 'model.lgb.txt'),
    trainingData: smallTrainingFile(ctx.dir),
    importance: false,
    labelColumn: 'default',
  });
  for (const model of ['credit:1', 'credit:2']) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/deployments',
      headers: auth(tokens.operator),
      payload: { name: 'credit-risk', model },
    });
    expect(response.statusCode).toBeLessThan(300);
  }
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/deployments/{name}/rollbacks', () => {
  it('lists what the rollback sink did on this server, newest first, in snake_case', async () => {
    const { app, auth, tokens, ctx, host } = server;
    const sink = createRollbackSink(ctx, { serving: host });
    await sink([firing(rollbackRule({ name: 'dry' }, { dryRun: true }))]);
    await sink([firing(rollbackRule())]);

    const predicted = await app.inject({
      method: 'POST',
      url: '/v1/deployments/credit-risk/predict',
      headers: auth(tokens.viewer),
      payload: { instances: await liveInstances(2) },
    });
    expect(predicted.json().model).toEqual({ name: 'credit', version: 1 });

    const response = await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk/rollbacks', headers: auth(tokens.viewer) });
    expect(response.statusCode).toBe(200);
    const { rollbacks } = response.json();
    expect(rollbacks.map((r: { rule: string; outcome: string }) => [r.rule, r.outcome])).toEqual([
      ['inputs-drifted', 'rolled_back'],
      ['dry', 'dry_run'],
    ]);
    expect(Object.keys(rollbacks[0]).sort()).toEqual([
      'at',
      'from',
      'id',
      'outcome',
      'reason',
      'rule',
      'signal',
      'threshold',
      'to',
      'value',
    ]);
    expect(rollbacks[0]).toMatchObject({
      from: { name: 'credit', version: 2 },
      to: { name: 'credit', version: 1 },
      signal: 'drift.share',
      value: 0.42,
      threshold: 0.3,
    });
    expect(rollbacks[0].reason).toMatch(/^rolled back credit-risk from credit:2 to credit:1 /);

    const one = await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk/rollbacks?limit=1', headers: auth(tokens.viewer) });
    expect(one.json().rollbacks.map((r: { rule: string }) => r.rule)).toEqual(['inputs-drifted']);
  });

  it('answers an empty list for a deployment never rolled back, and refuses unknown deployments, bad limits and callers without a token', async () => {
    const { app, auth, tokens } = server;
    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? auth(token) : {} });
    expect((await get('/v1/deployments/credit-risk/rollbacks')).statusCode).toBe(401);
    const missing = await get('/v1/deployments/nothing/rollbacks', tokens.viewer);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'deployment_not_found']);
    expect((await get('/v1/deployments/credit-risk/rollbacks?limit=0', tokens.viewer)).statusCode).toBe(400);
    await app.inject({
      method: 'POST',
      url: '/v1/deployments',
      headers: auth(tokens.operator),
      payload: { name: 'calm', model: 'credit:1' },
    });
    expect((await get('/v1/deployments/calm/rollbacks', tokens.viewer)).json()).toEqual({ rollbacks: [] });
  });
});
