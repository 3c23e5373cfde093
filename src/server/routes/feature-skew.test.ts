import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureSkewReport } from '../../app/features/skew-report.ts';
import { seedSkewDeployment } from '../../app/features/testing/skew-test-data.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../../core/serving-records.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  await seedSkewDeployment(server.ctx.store);
  const at = '2026-02-01T00:00:00.000Z';
  await server.ctx.store.deployments.insert({
    id: 'd-plain',
    name: 'plain',
    versionId: 'sv1',
    config: DEFAULT_DEPLOYMENT_CONFIG,
    revision: 1,
    createdBy: 'ann',
    createdAt: at,
    updatedBy: 'ann',
    updatedAt: at,
  });
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/deployments/{name}/feature-skew', () => {
  it('answers viewers the report the app computes, every field on the wire, values of any type', async () => {
    const { app, auth, tokens, ctx } = server;
    const response = await app.inject({
      method: 'GET',
      url: '/v1/deployments/shop/feature-skew?since=2026-02-01T00:00:00Z&limit=300&tolerance=0.001',
      headers: auth(tokens.viewer),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const direct = await featureSkewReport(ctx, 'shop', { since: '2026-02-01T00:00:00Z', limit: 300, tolerance: 0.001 });
    // The clock ticks between the two calls; everything else is the same report.
    expect({ ...body, until: null }).toEqual({ ...direct, until: null });
    expect(body).toMatchObject({ deployment: 'shop', predictions: 300, truncated: true, tolerance: 0.001 });
    const tier = body.features.find((f: { name: string }) => f.name === 'tier');
    expect(tier.largest_differences.some((e: { served: unknown }) => typeof e.served === 'string' && e.served !== '')).toBe(true);
    const count = body.features.find((f: { name: string }) => f.name === 'n_tx_7d');
    expect(count.largest_differences.some((e: { served: unknown }) => typeof e.served === 'number')).toBe(true);
  });

  it('answers problems: an unknown deployment, bad options, no token', async () => {
    const { app, auth, tokens } = server;
    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? auth(token) : {} });
    const unknown = await get('/v1/deployments/nope/feature-skew', tokens.viewer);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'deployment_not_found' });
    const plain = await get('/v1/deployments/plain/feature-skew', tokens.viewer);
    expect(plain.statusCode).toBe(400);
    expect(plain.json()).toMatchObject({ code: 'invalid_argument', detail: expect.stringMatching(/plain does not enrich/) });
    expect((await get('/v1/deployments/shop/feature-skew?limit=0', tokens.viewer)).statusCode).toBe(400);
    expect((await get('/v1/deployments/shop/feature-skew?since=soon', tokens.viewer)).json()).toMatchObject({ code: 'invalid_argument' });
    expect((await get('/v1/deployments/shop/feature-skew?colour=red', tokens.viewer)).statusCode).toBe(400);
    expect((await get('/v1/deployments/shop/feature-skew')).statusCode).toBe(401);
  });
});
