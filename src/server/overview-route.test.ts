import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const { app, auth, tokens, ctx } = server;
  expect(
    (
      await app.inject({
        method: 'POST',
        url: '/v1/deployments',
        headers: auth(tokens.operator),
        payload: { name: 'credit', model: 'credit@champion' },
      })
    ).statusCode,
  ).toBe(201);
  const deployment = (await ctx.store.deployments.findByName('credit'))!;
  const reference = DatasetProfile.fromJSON((await ctx.store.monitoring.findReference(deployment.versionId))!.profile);
  // The test clock reads 2026-11-25T12:00; a window a minute before, holding the reference itself.
  await ctx.store.monitoring.insertWindows([
    {
      deployment: 'credit',
      versionId: deployment.versionId,
      windowStart: '2026-11-25T11:58:00.000Z',
      windowMs: 60_000,
      source: 'test',
      rows: reference.rows,
      profile: reference.toJSON(),
      reconstruction: null,
      status: 'complete',
      updatedAt: '2026-11-25T11:59:05.000Z',
    },
  ]);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/overview', () => {
  it("gives a viewer every deployment's serving state, request errors, logged latency and latest drift", async () => {
    const { app, auth, tokens } = server;
    const instances = await liveInstances(4);
    const predict = (payload: unknown) =>
      app.inject({ method: 'POST', url: '/v1/deployments/credit/predict', headers: auth(tokens.viewer), payload: payload as object });
    expect((await predict({ instances })).statusCode).toBe(200);
    expect((await predict({ instances: [{ ...instances[0], income: 'a lot' }] })).statusCode).toBe(422);

    expect((await app.inject({ method: 'GET', url: '/v1/overview' })).statusCode).toBe(401);
    const response = await app.inject({ method: 'GET', url: '/v1/overview', headers: auth(tokens.viewer) });
    expect(response.statusCode).toBe(200);
    const [credit, ...others] = response.json().deployments;
    expect(others).toEqual([]);
    expect(credit).toMatchObject({
      name: 'credit',
      model: { name: 'credit', version: 1 },
      revision: 1,
      serving: true,
      requests: { answered: 1, failed: 1, error_rate: 0.5 },
      latency: { predictions: 4, p50_ms: expect.any(Number), p99_ms: expect.any(Number), mean_ms: expect.any(Number) },
      drift: { window_start: '2026-11-25T11:58:00.000Z', rows: 20_000, drifted: false, drifted_share: 0, drifted_columns: 0 },
    });
    expect(credit.latency.p99_ms).toBeGreaterThanOrEqual(credit.latency.p50_ms);
  });
});
