import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/models/{name}/versions/{v}/importance', () => {
  it('answers importance_not_found (404) until the version has one, then the stored ranking to viewers', async () => {
    const { app, auth, tokens, ctx } = server;
    const url = '/v1/models/credit/versions/1/importance';
    const missing = await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      code: 'importance_not_found',
      detail: expect.stringMatching(/ballast importance credit:1 --recompute/),
    });

    const version = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 1))!;
    await ctx.store.importance.save({
      versionId: version.id,
      method: 'exact_shapley',
      space: 'probability',
      sampleRows: 200,
      seed: 0,
      features: [
        { feature: 'debt_to_income', importance: 0.05, rank: 1 },
        { feature: 'age', importance: 0.01, rank: 2 },
      ],
      computedAt: '2026-12-07T12:00:00.000Z',
    });
    const found = await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({
      model: 'credit',
      version: 1,
      method: 'exact_shapley',
      space: 'probability',
      sample_rows: 200,
      seed: 0,
      computed_at: '2026-12-07T12:00:00.000Z',
      features: [
        { feature: 'debt_to_income', importance: 0.05, rank: 1 },
        { feature: 'age', importance: 0.01, rank: 2 },
      ],
    });
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const noVersion = await app.inject({ method: 'GET', url: '/v1/models/credit/versions/9/importance', headers: auth(tokens.viewer) });
    expect(noVersion.json()).toMatchObject({ code: 'version_not_found' });
  });
});
