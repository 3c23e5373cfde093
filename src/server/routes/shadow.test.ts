import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTrainingFile } from '../../app/alerts/testing/rollback-fixtures.ts';
import { registerModel } from '../../app/register-model.ts';
import { ShadowMirrorService } from '../../app/shadow/shadow-mirror.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { inThreadExecutor, liveInstances, testServer } from '../testing/test-server.ts';

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
  const response = await app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: auth(tokens.operator),
    payload: { name: 'credit-risk', model: 'credit:1' },
  });
  expect(response.statusCode).toBeLessThan(300);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('the shadow routes', () => {
  it('start a shadow (operator, 201), report what it mirrored (viewer), and stop it', async () => {
    const { app, auth, tokens, ctx } = server;
    const started = await app.inject({
      method: 'POST',
      url: '/v1/deployments/credit-risk/shadow',
      headers: auth(tokens.operator),
      payload: { model: 'credit:2', sample: 1 },
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toEqual({
      deployment: 'credit-risk',
      shadow: { model: { name: 'credit', version: 2 }, sample: 1, started_at: expect.any(String), started_by: 'deployer' },
    });
    const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
    expect(deployment.routing.shadow?.sample).toBe(1);

    // The serving host hands answered rows to the mirror; here the test does, with the logged predictions of real requests.
    const predicted = await app.inject({
      method: 'POST',
      url: '/v1/deployments/credit-risk/predict',
      headers: auth(tokens.viewer),
      payload: { instances: await liveInstances(40) },
    });
    expect(predicted.statusCode).toBe(200);
    const logged = (await ctx.store.predictions.list({ deployment: 'credit-risk', limit: 100 })).reverse();
    const version = (await ctx.store.versions.findById(deployment.versionId))!;
    const mirror = new ShadowMirrorService({ ctx, loadExecutor: inThreadExecutor });
    mirror.offer({
      deployment,
      version,
      role: 'stable',
      ids: logged.map((r) => r.id),
      inputs: logged.map((r) => r.inputs),
      records: logged.map((r) => r.output as never),
      flags: undefined,
      requestId: null,
      startedAt: 0,
      answeredAt: 0,
    });
    await mirror.settle();
    await mirror.close();

    const report = await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk/shadow/report', headers: auth(tokens.viewer) });
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(body).toMatchObject({
      deployment: 'credit-risk',
      primary: { name: 'credit', version: 1 },
      shadow: { name: 'credit', version: 2 },
      rows: 40,
      unmatched: 0,
      dropped: 0,
      failed: 0,
      timed_out: 0,
      label_flip_rate: expect.any(Number),
      performance: { labelled_rows: 0 },
    });
    // XGBoost and LightGBM trained on the same data mostly agree.
    expect(body.agreement_rate).toBeGreaterThan(0.8);
    expect(body.score_difference.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(40);
    expect(body.slices.length).toBeGreaterThan(0);
    expect(body.latency.shadow.p50_ms).toEqual(expect.any(Number));

    const range = await app.inject({
      method: 'GET',
      url: '/v1/deployments/credit-risk/shadow/report?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z',
      headers: auth(tokens.viewer),
    });
    expect(range.json()).toMatchObject({ rows: 0, agreement_rate: null, from: '2000-01-01T00:00:00.000Z' });

    const stopped = await app.inject({ method: 'DELETE', url: '/v1/deployments/credit-risk/shadow', headers: auth(tokens.operator) });
    expect([stopped.statusCode, stopped.json()]).toEqual([200, { deployment: 'credit-risk', shadow: null }]);
    const again = await app.inject({ method: 'DELETE', url: '/v1/deployments/credit-risk/shadow', headers: auth(tokens.operator) });
    expect([again.statusCode, again.json().code]).toEqual([404, 'shadow_not_found']);
    const actions = (await ctx.store.audit.list()).map((e) => [e.action, e.actor]).filter(([a]) => a!.startsWith('shadow.'));
    expect(actions).toEqual([
      ['shadow.start', 'deployer'],
      ['shadow.stop', 'deployer'],
    ]);
  });

  it('refuse viewers changing the shadow, bad bodies, the stable version and unknown deployments', async () => {
    const { app, auth, tokens } = server;
    const post = (payload: unknown, token = tokens.operator, name = 'credit-risk') =>
      app.inject({ method: 'POST', url: `/v1/deployments/${name}/shadow`, headers: auth(token), payload: payload as object });
    expect((await post({ model: 'credit:2' }, tokens.viewer)).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'DELETE', url: '/v1/deployments/credit-risk/shadow', headers: auth(tokens.viewer) })).statusCode,
    ).toBe(403);
    expect((await post({ sample: 0.5 })).statusCode).toBe(400);
    const sample = await post({ model: 'credit:2', sample: 2 });
    expect([sample.statusCode, sample.json().code, sample.json().issues[0].path]).toEqual([400, 'invalid_argument', ['sample']]);
    const stable = await post({ model: 'credit:1' });
    expect([stable.statusCode, stable.json().code]).toEqual([400, 'invalid_argument']);
    expect((await post({ model: 'credit:2' }, tokens.operator, 'nothing')).statusCode).toBe(404);
    const report = await app.inject({ method: 'GET', url: '/v1/deployments/nothing/shadow/report', headers: auth(tokens.viewer) });
    expect([report.statusCode, report.json().code]).toEqual([404, 'deployment_not_found']);
    expect((await app.inject({ method: 'GET', url: '/v1/deployments/credit-risk/shadow/report' })).statusCode).toBe(401);
  });
});
