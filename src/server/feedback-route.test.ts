import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../app/tokens.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`POST /v1/deployments/{name}/feedback on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    const post = (url: string, payload: unknown, token: string | null = server.tokens.viewer) =>
      server.app.inject({ method: 'POST', url, headers: token ? server.auth(token) : {}, payload: payload as string });

    beforeAll(async () => {
      server = await testServer(factory);
      const deployed = await post('/v1/deployments', { name: 'credit', model: 'credit@champion' }, server.tokens.operator);
      expect(deployed.statusCode).toBe(201);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('takes labels from anyone allowed to predict, right after the predictions, and answers each item', async () => {
      const predicted = await post('/v1/deployments/credit/predict', { instances: await liveInstances(3), request_id: 'req-7' });
      expect(predicted.statusCode).toBe(200);
      const ids: string[] = predicted.json().predictions.map((p: { prediction_id: string }) => p.prediction_id);
      const classes = (await server.ctx.store.versions.findById((await server.ctx.store.deployments.findByName('credit'))!.versionId))!
        .signature.output.classes!;
      expect(classes).toEqual([0, 1]);

      const detail = (id: string) =>
        server.app.inject({ method: 'GET', url: `/v1/predictions/${id}`, headers: server.auth(server.tokens.viewer) });
      expect((await detail(ids[0]!)).json().feedback).toBeNull();

      const response = await post('/v1/deployments/credit/feedback', {
        feedback: [
          { prediction_id: ids[0], label: 1 },
          { prediction_id: '01NOTLOGGED0000000000000000', label: 1 },
          { prediction_id: ids[1], label: 'yes' },
          { request_id: 'req-7', label: 0 },
          { label: 1 },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        results: [
          { index: 0, outcome: 'accepted', prediction_ids: [ids[0]] },
          { index: 1, outcome: 'unknown_prediction', message: expect.stringContaining('left out of the log by a log sample rate') },
          {
            index: 2,
            outcome: 'invalid',
            issues: [{ code: 'invalid_value', path: ['feedback', 2, 'label'], message: expect.stringContaining('[0, 1]') }],
          },
          {
            index: 3,
            outcome: 'invalid',
            issues: [{ code: 'duplicate', path: ['feedback', 3, 'request_id'], message: expect.stringContaining('item 0') }],
          },
          {
            index: 4,
            outcome: 'invalid',
            issues: [{ code: 'missing', path: ['feedback', 4, 'prediction_id'], message: expect.any(String) }],
          },
        ],
        accepted: 1,
        replaced: 0,
        unknown: 1,
        invalid: 3,
      });
      // The request id labels every prediction of the request; the one labelled before is replaced.
      const again = await post('/v1/deployments/credit/feedback', { feedback: [{ request_id: 'req-7', label: 0 }] });
      expect(again.json()).toEqual({
        results: [{ index: 0, outcome: 'replaced', prediction_ids: ids }],
        accepted: 0,
        replaced: 1,
        unknown: 0,
        invalid: 0,
      });
      expect((await server.ctx.store.feedback.history(ids[0]!)).map((e) => [e.label, e.actor])).toEqual([
        [1, 'watcher'],
        [0, 'watcher'],
      ]);
      // The prediction's record shows its current label.
      const shown = await detail(ids[0]!);
      expect(shown.statusCode).toBe(200);
      expect(shown.json().feedback).toEqual({ label: 0, received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), source: null });
    });

    it('refuses an unknown deployment, a malformed body, a body over the limit, more than 10,000 items, and callers who may not predict', async () => {
      const item = { feedback: [{ prediction_id: 'p', label: 1 }] };
      const unknown = await post('/v1/deployments/nope/feedback', item);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('deployment_not_found');
      for (const body of [{}, { feedback: [] }, { feedback: [], extra: 1 }]) {
        const bad = await post('/v1/deployments/credit/feedback', body);
        expect(bad.statusCode, JSON.stringify(body)).toBe(400);
        expect(bad.json().code).toBe('invalid_request');
      }
      // testServer's body limit is 256 KiB.
      const huge = { feedback: Array.from({ length: 6_000 }, (_, i) => ({ prediction_id: `p-${i}-${'x'.repeat(40)}`, label: 1 })) };
      const tooLarge = await post('/v1/deployments/credit/feedback', huge);
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().code).toBe('payload_too_large');
      // At most 10,000 items, whatever their size: refused whole, with an issue that says the limit.
      const tooMany = await post('/v1/deployments/credit/feedback', { feedback: Array.from({ length: 10_001 }, () => ({})) });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(tooMany.json()).toMatchObject({
        code: 'invalid_request',
        detail: expect.stringContaining('10001 items; one request may carry at most 10000'),
        issues: [{ code: 'too_big', path: ['feedback'], message: expect.stringContaining('at most 10000') }],
      });
      const atTheLimit = await post('/v1/deployments/credit/feedback', { feedback: Array.from({ length: 10_000 }, () => ({})) });
      expect(atTheLimit.statusCode).toBe(200);
      expect(atTheLimit.json().results).toHaveLength(10_000);
      expect((await post('/v1/deployments/credit/feedback', item, null)).statusCode).toBe(401);
      const scrape = (await createToken(server.ctx, { name: 'prometheus', role: 'metrics' })).token;
      expect((await post('/v1/deployments/credit/feedback', item, scrape)).statusCode).toBe(403);
    });
  });
}
