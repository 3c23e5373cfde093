import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../app/tokens.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`POST /v1/deployments/{name}/events on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    const post = (url: string, payload: unknown, token: string | null = server.tokens.viewer) =>
      server.app.inject({ method: 'POST', url, headers: token ? server.auth(token) : {}, payload: payload as string });

    beforeAll(async () => {
      server = await testServer(factory);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('defines KPIs in the deployment config through the API, and refuses bad ones with an issue per problem', async () => {
      const kpis = [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' }];
      const deployed = await post(
        '/v1/deployments',
        { name: 'credit', model: 'credit@champion', config: { kpis } },
        server.tokens.operator,
      );
      expect(deployed.statusCode, deployed.body).toBe(201);
      expect(deployed.json().config.kpis).toEqual(kpis);
      const shown = await server.app.inject({ method: 'GET', url: '/v1/deployments/credit', headers: server.auth(server.tokens.viewer) });
      expect(shown.json().config.kpis).toEqual(kpis);

      const bad = await post(
        '/v1/deployments',
        {
          name: 'credit',
          model: 'credit@champion',
          config: { kpis: [...kpis, { name: 'conversion_rate', event: 'signup', aggregate: 'median' }] },
        },
        server.tokens.operator,
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        code: 'invalid_argument',
        issues: [{ code: 'invalid_value', path: ['kpis', 1, 'aggregate'], message: 'must be one of rate, sum, mean' }],
      });
    });

    it('takes events from anyone allowed to predict, right after the predictions, and answers each item', async () => {
      const predicted = await post('/v1/deployments/credit/predict', { instances: await liveInstances(2), request_id: 'req-9' });
      expect(predicted.statusCode).toBe(200);
      const ids: string[] = predicted.json().predictions.map((p: { prediction_id: string }) => p.prediction_id);

      const response = await post('/v1/deployments/credit/events', {
        events: [
          { prediction_id: ids[0], name: 'conversion', value: 1 },
          { prediction_id: '01NOTLOGGED0000000000000000', name: 'conversion' },
          { request_id: 'req-9', name: 'refund', value: 20, at: '2026-11-25T10:00:00Z' },
          { name: 'conversion' },
          { prediction_id: ids[1], name: 'conversion', value: 'one' },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        results: [
          { index: 0, outcome: 'accepted', prediction_ids: [ids[0]] },
          { index: 1, outcome: 'unknown_prediction', message: expect.stringContaining('left out of the log by a log sample rate') },
          { index: 2, outcome: 'accepted', prediction_ids: ids },
          {
            index: 3,
            outcome: 'invalid',
            issues: [{ code: 'missing', path: ['events', 3, 'prediction_id'], message: expect.any(String) }],
          },
          {
            index: 4,
            outcome: 'invalid',
            issues: [{ code: 'invalid_type', path: ['events', 4, 'value'], message: 'must be a number, not string' }],
          },
        ],
        accepted: 2,
        unknown: 1,
        invalid: 2,
      });
      // JSON has no ∞, but 1e999 parses to it.
      const infinite = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments/credit/events',
        headers: { ...server.auth(server.tokens.viewer), 'content-type': 'application/json' },
        payload: `{"events": [{"prediction_id": "${ids[1]}", "name": "conversion", "value": 1e999}]}`,
      });
      expect(infinite.json().results, infinite.body).toEqual([
        {
          index: 0,
          outcome: 'invalid',
          issues: [{ code: 'invalid_value', path: ['events', 0, 'value'], message: 'must be a finite number' }],
        },
      ]);
      expect((await server.ctx.store.events.ofPrediction(ids[1]!)).map((e) => [e.name, e.value, e.at, e.actor])).toEqual([
        ['refund', 20, '2026-11-25T10:00:00.000Z', 'watcher'],
      ]);
      // The prediction's detail lists its outcome events, found through its deployment and time.
      const detail = await server.app.inject({
        method: 'GET',
        url: `/v1/predictions/${ids[1]}`,
        headers: server.auth(server.tokens.viewer),
      });
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json().events).toEqual([
        { name: 'refund', value: 20, at: '2026-11-25T10:00:00.000Z', received_at: expect.any(String) },
      ]);
      const first = await server.app.inject({
        method: 'GET',
        url: `/v1/predictions/${ids[0]}`,
        headers: server.auth(server.tokens.viewer),
      });
      expect(first.json().events.map((e: { name: string; value: number }) => [e.name, e.value])).toEqual([
        ['conversion', 1],
        ['refund', 20],
      ]);
    });

    it('refuses an unknown deployment, a malformed body, and callers who may not predict', async () => {
      const item = { events: [{ prediction_id: 'p', name: 'conversion' }] };
      const unknown = await post('/v1/deployments/nope/events', item);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('deployment_not_found');
      for (const body of [{}, { events: [] }, { events: {} }, { events: [], extra: 1 }]) {
        const bad = await post('/v1/deployments/credit/events', body);
        expect(bad.statusCode, JSON.stringify(body)).toBe(400);
        expect(bad.json().code).toBe('invalid_request');
      }
      expect((await post('/v1/deployments/credit/events', item, null)).statusCode).toBe(401);
      const scrape = (await createToken(server.ctx, { name: 'prometheus', role: 'metrics' })).token;
      expect((await post('/v1/deployments/credit/events', item, scrape)).statusCode).toBe(403);
    });
  });
}
