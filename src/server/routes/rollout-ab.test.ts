import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAbDeployment } from '../../app/rollouts/testing/ab-deployment.ts';
import { recordEvents } from '../../app/events.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const ids = await seedAbDeployment(server.ctx.store, 'loans', true);
  await recordEvents(server.ctx, 'loans', [
    ...ids
      .get('v-loans')!
      .slice(0, 12)
      .map((id) => ({ prediction_id: id, name: 'conversion', value: 20 })),
    ...ids
      .get('v2-loans')!
      .slice(0, 30)
      .map((id, i) => ({ prediction_id: id, name: 'conversion', value: 20 + (i % 3) })),
  ]);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/deployments/{name}/rollout/ab', () => {
  it("answers a viewer with the A/B rollout's variants and each KPI compared, in snake_case", async () => {
    const { app, auth, tokens } = server;
    const response = await app.inject({ method: 'GET', url: '/v1/deployments/loans/rollout/ab?effect=0.05', headers: auth(tokens.viewer) });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ deployment: 'loans', from: '2026-11-25T10:00:00.000Z', effect: 0.05 });
    expect(body.variants).toEqual([
      { role: 'stable', model: { name: 'loans', version: 1 }, rows: 100 },
      { role: 'variant', model: { name: 'loans', version: 2 }, rows: 110 },
    ]);
    const rate = body.kpis[0];
    expect(Object.keys(rate).sort()).toEqual(
      ['a', 'aggregate', 'b', 'ci', 'difference', 'effect', 'enough_data', 'min_sample_per_variant', 'name', 'p_value', 'test'].sort(),
    );
    expect(rate).toMatchObject({ name: 'conversion_rate', test: 'two_proportion_z', a: { value: 0.12, count: 100 }, enough_data: false });
    expect(rate.ci.level).toBe(0.95);
    expect(rate.ci.low).toBeLessThan(rate.difference);
    expect(Number.isInteger(rate.min_sample_per_variant)).toBe(true);
    // Stable's basket is 20 every time; the variant's spreads: Welch still bounds the difference.
    expect(body.kpis[1]).toMatchObject({ name: 'basket', test: 'welch_t', a: { value: 20, count: 12 } });
    expect(body.performance).toEqual([]);
  });

  it('compares two versions named, and refuses what it cannot answer with a clear problem', async () => {
    const { app, auth, tokens } = server;
    const named = await app.inject({
      method: 'GET',
      url: '/v1/deployments/loans/rollout/ab?a=loans:2&b=loans:1&from=2026-11-25T09:00:00Z',
      headers: auth(tokens.viewer),
    });
    expect(named.statusCode).toBe(200);
    expect(named.json().variants.map((v: { model: unknown }) => v.model)).toEqual([
      { name: 'loans', version: 2 },
      { name: 'loans', version: 1 },
    ]);

    await app.inject({
      method: 'POST',
      url: '/v1/deployments',
      headers: auth(tokens.operator),
      payload: { name: 'plain', model: 'credit:1' },
    });
    const none = await app.inject({ method: 'GET', url: '/v1/deployments/plain/rollout/ab', headers: auth(tokens.viewer) });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'invalid_argument', issues: [{ path: ['a'] }] });
    const effect = await app.inject({ method: 'GET', url: '/v1/deployments/loans/rollout/ab?effect=2', headers: auth(tokens.viewer) });
    expect(effect.json()).toMatchObject({ code: 'invalid_argument', issues: [{ path: ['effect'] }] });
    const missing = await app.inject({ method: 'GET', url: '/v1/deployments/nope/rollout/ab', headers: auth(tokens.viewer) });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/deployments/loans/rollout/ab' })).statusCode).toBe(401);
  });
});
