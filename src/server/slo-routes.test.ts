import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, requestPart } from '../app/slo/testing/window-parts.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
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

describe('SLO routes', () => {
  it('replaces, reads and deletes a deployment’s objectives; operators change, viewers read', async () => {
    const { app, auth, tokens, ctx } = server;
    const body = {
      objectives: [
        { objective: 'availability', target: '99.9%' },
        { objective: 'latency<=50ms', target: 0.99, period: '7d' },
      ],
    };
    const refused = await app.inject({ method: 'PUT', url: '/v1/deployments/credit/slo', headers: auth(tokens.viewer), payload: body });
    expect(refused.statusCode).toBe(403);
    expect(await ctx.store.slos.list()).toEqual([]);

    // Failures in the closed window before the server's clock: 2 of 100 requests.
    const now = ctx.clock().getTime();
    await ctx.store.monitoring.insertWindows([requestPart('credit', now - 120_000, 60_000, repeat(98, 12), 2)]);
    const put = await app.inject({ method: 'PUT', url: '/v1/deployments/credit/slo', headers: auth(tokens.operator), payload: body });
    expect(put.statusCode, put.body).toBe(200);
    const [availability, latency] = put.json().slos;
    expect(availability).toMatchObject({
      deployment: 'credit',
      name: 'availability',
      objective: 'availability',
      target: 0.999,
      period_ms: 28 * 86_400_000,
      events: 100,
      bad_events: 2,
      // 2% bad over a 0.1% budget in the last 5 minutes and the last hour: 20 > 14.4 in both.
      page: 1,
      problem: null,
    });
    expect(availability.budget_remaining).toBeCloseTo(1 - 0.02 / 0.001, 6);
    expect(availability.burn_rates['5m']).toBeCloseTo(20, 6);
    expect(latency).toMatchObject({ objective: 'latency<=50ms', period_ms: 7 * 86_400_000, events: 98, bad_events: 0 });

    const all = await app.inject({ method: 'GET', url: '/v1/slos', headers: auth(tokens.viewer) });
    expect(all.json().slos.map((s: { name: string }) => s.name)).toEqual(['availability', 'latency']);
    const one = await app.inject({ method: 'GET', url: '/v1/deployments/credit/slo', headers: auth(tokens.viewer) });
    expect(one.json()).toEqual(all.json());

    const deleted = await app.inject({
      method: 'DELETE',
      url: '/v1/deployments/credit/slo?objective=latency',
      headers: auth(tokens.operator),
    });
    expect(deleted.json()).toEqual({ deleted: 1 });
    const audit = (await ctx.store.audit.list()).map((a) => a.action);
    expect(audit.filter((a) => a.startsWith('slo.'))).toEqual(['slo.set', 'slo.delete']);
    expect((await ctx.store.audit.list()).find((a) => a.action === 'slo.set')!.actor).toBe('deployer');

    await app.inject({ method: 'DELETE', url: '/v1/deployments/credit/slo', headers: auth(tokens.operator) });
    const none = await app.inject({ method: 'GET', url: '/v1/deployments/credit/slo', headers: auth(tokens.viewer) });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'slo_not_found' });
  });

  it('answers every problem with its path, and 404 for a deployment that does not exist', async () => {
    const { app, auth, tokens } = server;
    const bad = await app.inject({
      method: 'PUT',
      url: '/v1/deployments/credit/slo',
      headers: auth(tokens.operator),
      payload: {
        objectives: [
          { objective: 'availability', target: 1.5 },
          { objective: 'drift.share<=0.2', target: 0.9 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['objectives.0.target', 'objectives.1.objective']);
    const missing = await app.inject({
      method: 'PUT',
      url: '/v1/deployments/nope/slo',
      headers: auth(tokens.operator),
      payload: { objectives: [{ objective: 'availability', target: 0.99 }] },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'deployment_not_found' });
  });
});
