import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from '../../app/features/apply-features.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
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

const get = (url: string, token = server.tokens.viewer) => server.app.inject({ method: 'GET', url, headers: server.auth(token) });

describe('GET /v1/features', () => {
  it('answers 404 before any apply, then the current definitions in snake_case, and a version asked for', async () => {
    const none = await get('/v1/features');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('feature_set_not_found');

    const file = await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml'));
    await applyFeatureDefinitions(server.ctx, file);
    await applyFeatureDefinitions(server.ctx, { ...file, definitions: { ...file.definitions, onDemandFeatures: [] } });

    const current = await get('/v1/features');
    expect(current.statusCode).toBe(200);
    const body = current.json();
    expect(body).toMatchObject({ version: 2, feature_views: ['bureau'], features: 5, on_demand_features: 0 });
    expect(body.definitions.sources).toEqual([
      { name: 'bureau', path: path.join(EXAMPLES, 'bureau.csv'), timestamp: 'event_time', created_timestamp: 'created_time' },
    ]);
    expect(body.definitions.feature_views[0]).toMatchObject({ name: 'bureau', entity: 'applicant', ttl: 90 * 86400 });
    expect(body.definitions.feature_views[0].features[4]).toEqual({
      name: 'late_payments_per_account',
      type: 'number',
      expr: 'num_late_payments_2y / max(num_open_accounts, 1)',
      description: 'Late payments in two years per open account (an account-less file counts as one).',
    });

    expect((await get('/v1/features?version=1')).json().definitions.on_demand_features).toEqual([
      expect.objectContaining({ name: 'loan_to_income', expr: 'loan_amount / income' }),
    ]);
    expect((await get('/v1/features?version=9')).json().code).toBe('feature_set_not_found');
    expect((await get('/v1/features?version=0')).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/v1/features' })).statusCode).toBe(401);
  });
});
