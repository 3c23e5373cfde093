import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureDefinitions } from '../../core/features/feature-definitions.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'transactions', path: '/data/tx.csv', timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'transactions',
      ttlSeconds: null,
      features: [
        { name: 'spend_7d', type: 'number' },
        { name: 'gold', type: 'boolean' },
      ],
    },
  ],
  onDemandFeatures: [],
};

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  await server.ctx.store.transaction((tx) =>
    tx.featureSets.append({ definitions: DEFINITIONS, sha256: 'a'.repeat(64), sourceFile: 'f.yaml', createdBy: 't', createdAt: 't' }),
  );
  await server.ctx.store.onlineFeatures.upsert(
    'tx',
    [
      { entityKey: 'c1', values: { spend_7d: 12.5, gold: true }, eventTime: '2026-01-02T00:00:00.000Z' },
      { entityKey: '42', values: { spend_7d: null, gold: false }, eventTime: '2026-01-03T00:00:00.000Z' },
    ],
    1,
    'now',
  );
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const C1 = { key: 'c1', found: true, event_time: '2026-01-02T00:00:00.000Z', values: { spend_7d: 12.5, gold: true } };
const MISSING = { key: 'nobody', found: false, event_time: null, values: { spend_7d: null, gold: null } };

describe('online feature lookup over HTTP', () => {
  it('GET /v1/features/{view}?key=… answers the keys in order, for viewers', async () => {
    const { app, auth, tokens } = server;
    const one = await app.inject({ method: 'GET', url: '/v1/features/tx?key=c1', headers: auth(tokens.viewer) });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ view: 'tx', features: ['spend_7d', 'gold'], rows: [C1] });
    const several = await app.inject({ method: 'GET', url: '/v1/features/tx?key=nobody&key=c1', headers: auth(tokens.viewer) });
    expect(several.json().rows).toEqual([MISSING, C1]);
  });

  it('POST /v1/features/{view}/lookup takes a batch of text or number keys', async () => {
    const { app, auth, tokens } = server;
    const response = await app.inject({
      method: 'POST',
      url: '/v1/features/tx/lookup',
      headers: auth(tokens.viewer),
      payload: { keys: [42, 'c1', 'nobody'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      view: 'tx',
      features: ['spend_7d', 'gold'],
      rows: [{ key: '42', found: true, event_time: '2026-01-03T00:00:00.000Z', values: { spend_7d: null, gold: false } }, C1, MISSING],
    });
  });

  it('answers feature_not_found (404) for an unknown view, and 400 without keys', async () => {
    const { app, auth, tokens } = server;
    const unknown = await app.inject({ method: 'GET', url: '/v1/features/nope?key=c1', headers: auth(tokens.viewer) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'feature_not_found', detail: expect.stringContaining('views: tx') });
    const posted = await app.inject({
      method: 'POST',
      url: '/v1/features/nope/lookup',
      headers: auth(tokens.viewer),
      payload: { keys: ['c1'] },
    });
    expect(posted.json()).toMatchObject({ code: 'feature_not_found' });
    expect((await app.inject({ method: 'GET', url: '/v1/features/tx', headers: auth(tokens.viewer) })).statusCode).toBe(400);
    const empty = await app.inject({ method: 'POST', url: '/v1/features/tx/lookup', headers: auth(tokens.viewer), payload: { keys: [] } });
    expect(empty.statusCode).toBe(400);
  });

  it('needs a token', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/v1/features/tx?key=c1' })).statusCode).toBe(401);
  });
});
