import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const RULE = {
  name: 'inputs-drifted',
  deployment: 'credit',
  signal: 'drift.share',
  window: '10s',
  above: 0.3,
  keep_firing_for: '1m',
  severity: 'page',
  notify: ['team'],
  rollback: { to: 'alias:champion', dry_run: true },
};
const RECEIVERS = [{ name: 'team', slack: 'https://hooks.slack.example/services/T0/secret', allow_private: false }];
const rulesDocument = (fields: Record<string, unknown> = {}) => ({
  format: 'ballast.alerts/v1',
  receivers: RECEIVERS,
  rules: [RULE],
  ...fields,
});

for (const factory of storeFactories()) {
  describe(`/v1/alerts/rules on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    const put = (payload: unknown, token: string) =>
      server.app.inject({ method: 'PUT', url: '/v1/alerts/rules', headers: server.auth(token), payload: payload as string });
    const get = (token: string) => server.app.inject({ method: 'GET', url: '/v1/alerts/rules', headers: server.auth(token) });

    beforeAll(async () => {
      server = await testServer(factory);
      const deployed = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments',
        headers: server.auth(server.tokens.operator),
        payload: { name: 'credit', model: 'credit@champion' },
      });
      expect(deployed.statusCode, deployed.body).toBe(201);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('lets only an admin set receivers, then an operator replace the rules; GET shows each rule with its state', async () => {
      const byOperator = await put(rulesDocument(), server.tokens.operator);
      expect(byOperator.statusCode).toBe(403);
      expect(byOperator.json().code).toBe('forbidden');
      expect((await put(rulesDocument(), server.tokens.viewer)).statusCode).toBe(403);

      const byAdmin = await put(rulesDocument(), server.tokens.admin);
      expect(byAdmin.statusCode, byAdmin.body).toBe(200);
      expect(byAdmin.json()).toEqual({ rules: 1, added: ['inputs-drifted'], changed: [], removed: [], receivers_changed: true });

      const { receivers: _kept, ...withoutReceivers } = rulesDocument({ rules: [{ ...RULE, above: 0.4 }] });
      const byOperatorAgain = await put(withoutReceivers, server.tokens.operator);
      expect(byOperatorAgain.json()).toMatchObject({ changed: ['inputs-drifted'], receivers_changed: false });

      const listed = await get(server.tokens.viewer);
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual({
        rules: [
          {
            name: 'inputs-drifted',
            deployment: 'credit',
            signal: 'drift.share',
            window_ms: 10_000,
            above: 0.4,
            below: null,
            for_ms: 0,
            keep_firing_for_ms: 60_000,
            severity: 'page',
            notify: ['team'],
            on_no_data: 'ok',
            description: null,
            rollback: { to: 'alias:champion', dry_run: true, cooldown_ms: 3_600_000 },
            state: { state: 'inactive', since: null, value: null, no_data: false, evaluated_at: null, model: null },
          },
        ],
        // A viewer sees where a receiver sends, not the secret in its path.
        receivers: [{ name: 'team', kind: 'slack', url: 'https://hooks.slack.example/…', allow_private: false }],
      });
      expect((await get(server.tokens.admin)).json().receivers[0].url).toBe('https://hooks.slack.example/services/T0/secret');
      const audit = await server.ctx.store.audit.list();
      expect(audit.filter((e) => e.action === 'alerts.apply').map((e) => e.actor)).toEqual(['admin (BALLAST_ADMIN_TOKEN)', 'deployer']);
    });

    it('answers 422 invalid_alert_rules with every problem and its path, and applies nothing', async () => {
      const bad = rulesDocument({
        rules: [
          { ...RULE, deployment: 'nowhere', for: '-1m' },
          { ...RULE, name: 'x', signal: 'drift.column.not_a_column', rollback: 'alias:gold' },
        ],
      });
      const shape = await put(bad, server.tokens.admin);
      expect(shape.statusCode).toBe(422);
      expect(shape.json().issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['rules.0.for']);
      const { for: _for, ...fixed } = bad.rules[0] as Record<string, unknown>;
      const store = await put({ ...bad, rules: [fixed, bad.rules[1]] }, server.tokens.admin);
      expect(store.statusCode).toBe(422);
      expect(store.json().code).toBe('invalid_alert_rules');
      expect(store.json().issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual([
        'rules.0.deployment',
        'rules.1.signal',
        'rules.1.rollback',
      ]);
      expect((await get(server.tokens.viewer)).json().rules.map((r: { above: number }) => r.above)).toEqual([0.4]);
      expect((await put([1, 2], server.tokens.admin)).statusCode).toBe(400);
    });

    it('deletes a rule (204), then answers 404 alert_rule_not_found', async () => {
      const del = (token: string) =>
        server.app.inject({ method: 'DELETE', url: '/v1/alerts/rules/inputs-drifted', headers: server.auth(token) });
      expect((await del(server.tokens.viewer)).statusCode).toBe(403);
      expect((await del(server.tokens.operator)).statusCode).toBe(204);
      const again = await del(server.tokens.operator);
      expect(again.statusCode).toBe(404);
      expect(again.json().code).toBe('alert_rule_not_found');
      expect((await get(server.tokens.viewer)).json().rules).toEqual([]);
    });
  });
}
