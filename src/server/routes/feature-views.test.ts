import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from '../../app/features/apply-features.ts';
import { materializeFeatures } from '../../app/features/materialize.ts';
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

describe('GET /v1/feature-views', () => {
  it('answers feature_set_not_found before any apply, then each view in snake_case with its online state', async () => {
    const none = await get('/v1/feature-views');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('feature_set_not_found');

    await applyFeatureDefinitions(server.ctx, await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml')));
    const fresh = (await get('/v1/feature-views')).json();
    expect(fresh.views[0]).toMatchObject({ online_rows: 0, last_materialization: null });

    const run = await materializeFeatures(server.ctx, { end: '2026-06-01T00:00:00Z' });
    const response = await get('/v1/feature-views');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(1);
    expect(body.on_demand_features).toEqual([{ name: 'loan_to_income', type: 'number', expr: 'loan_amount / income' }]);
    expect(body.views).toEqual([
      {
        name: 'bureau',
        entity: 'applicant',
        key: 'applicant_id',
        source: { name: 'bureau', path: path.join(EXAMPLES, 'bureau.csv'), table: null },
        ttl_seconds: 7_776_000,
        features: [
          { name: 'credit_history_months', type: 'integer', expr: null },
          { name: 'num_open_accounts', type: 'integer', expr: null },
          { name: 'num_late_payments_2y', type: 'integer', expr: null },
          { name: 'credit_utilization', type: 'number', expr: null },
          { name: 'late_payments_per_account', type: 'number', expr: 'num_late_payments_2y / max(num_open_accounts, 1)' },
        ],
        online_rows: run.views[0]!.rows,
        last_materialization: {
          start_time: run.views[0]!.startTime,
          end_time: '2026-06-01T00:00:00.000Z',
          rows: run.views[0]!.rows,
          status: 'succeeded',
          finished_at: expect.any(String),
        },
      },
    ]);
    expect((await server.app.inject({ method: 'GET', url: '/v1/feature-views' })).statusCode).toBe(401);
  });
});
