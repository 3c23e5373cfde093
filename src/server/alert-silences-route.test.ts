import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRule } from '../core/alerts/testing/alert-builders.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../core/alerts/parse-alert-rules.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`/v1/alerts/silences on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: unknown) =>
      server.app.inject({ method, url, headers: server.auth(token), ...(payload === undefined ? {} : { payload: payload as string }) });

    beforeAll(async () => {
      server = await testServer(factory);
      // Only a stored rule can be silenced: store the one these tests silence.
      await server.ctx.store.alerts.replaceAll({
        receivers: [],
        rules: [alertRule({ name: 'inputs-drifted' })],
        notifications: DEFAULT_NOTIFICATION_SETTINGS,
        actor: 'admin',
        at: '2026-11-25T11:00:00.000Z',
      });
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('lets an operator silence a rule and lift the silence, viewers read them, and records who did it', async () => {
      const created = await call('POST', '/v1/alerts/silences', server.tokens.operator, {
        rule: 'inputs-drifted',
        duration: '2h',
        reason: 'retraining',
      });
      expect(created.statusCode, created.body).toBe(201);
      const silence = created.json();
      expect(silence).toMatchObject({ rule: 'inputs-drifted', reason: 'retraining', created_by: 'deployer', active: true });
      expect(Date.parse(silence.ends_at) - Date.parse(silence.starts_at)).toBe(7_200_000);

      const listed = await call('GET', '/v1/alerts/silences', server.tokens.viewer);
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual({ silences: [silence] });

      expect((await call('DELETE', `/v1/alerts/silences/${silence.id}`, server.tokens.operator)).statusCode).toBe(204);
      expect((await call('GET', '/v1/alerts/silences', server.tokens.viewer)).json().silences[0]).toMatchObject({
        id: silence.id,
        active: false,
      });
      const again = await call('DELETE', `/v1/alerts/silences/${silence.id}`, server.tokens.operator);
      expect(again.statusCode).toBe(404);
      expect(again.json().code).toBe('silence_not_found');
    });

    it('refuses viewers, bad durations and missing reasons', async () => {
      expect((await call('POST', '/v1/alerts/silences', server.tokens.viewer, { rule: 'r', duration: '1h', reason: 'x' })).statusCode).toBe(
        403,
      );
      const badDuration = await call('POST', '/v1/alerts/silences', server.tokens.operator, { rule: 'r', duration: 'soon', reason: 'x' });
      expect(badDuration.statusCode).toBe(400);
      expect(badDuration.json()).toMatchObject({ code: 'invalid_argument', detail: expect.stringContaining('"soon" is not a duration') });
      const noReason = await call('POST', '/v1/alerts/silences', server.tokens.operator, { rule: 'r', duration: '1h' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().code).toBe('invalid_request');
      expect((await call('DELETE', '/v1/alerts/silences/x', server.tokens.viewer)).statusCode).toBe(403);
    });

    it('refuses to silence a rule that is not stored, and keeps no silence of it', async () => {
      const before = (await call('GET', '/v1/alerts/silences', server.tokens.viewer)).json().silences.length;
      const unknown = await call('POST', '/v1/alerts/silences', server.tokens.operator, {
        rule: 'inputs-drfited',
        duration: '1h',
        reason: 'x',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({
        code: 'invalid_argument',
        detail: expect.stringContaining('no alert rule is named "inputs-drfited"'),
      });
      expect((await call('GET', '/v1/alerts/silences', server.tokens.viewer)).json().silences).toHaveLength(before);
    });
  });
}
