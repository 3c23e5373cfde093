import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/tokens.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`policy and approval routes on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let approver: string;
    beforeAll(async () => {
      server = await testServer(factory); // credit:1, its operator token is named "deployer"
      approver = (await createToken(server.ctx, { name: 'bo', role: 'approver' })).token;
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    const call = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: Record<string, unknown>) =>
      server.app.inject({ method, url, headers: server.auth(token), ...(payload === undefined ? {} : { payload }) });

    it('sets a policy (operator) and shows it (viewer); every problem comes back as an issue', async () => {
      const { tokens } = server;
      const none = await call('GET', '/v1/models/credit/policy', tokens.viewer);
      expect(none.json()).toEqual({ model: 'credit', require_suites: [], require_approval: false, updated_by: null, updated_at: null });
      expect((await call('PUT', '/v1/models/credit/policy', tokens.viewer, { require_approval: true })).statusCode).toBe(403);
      const bad = await call('PUT', '/v1/models/credit/policy', tokens.operator, {
        require_suites: ['smoke', 'smoke'],
        require_approval: 1,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().issues.map((i: { path: unknown }) => i.path)).toEqual([['require_suites', 1], ['require_approval']]);

      const set = await call('PUT', '/v1/models/credit/policy', tokens.operator, { require_suites: ['smoke'], require_approval: true });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ model: 'credit', require_suites: ['smoke'], require_approval: true, updated_by: 'deployer' });
      expect((await call('GET', '/v1/models/credit/policy', tokens.viewer)).json()).toEqual(set.json());
    });

    it('requests (operator) and decides (approver, never the requester) an approval, in snake_case', async () => {
      const { tokens } = server;
      const requested = await call('POST', '/v1/models/credit/versions/1/approvals', tokens.operator, {
        stage: 'production',
        note: 'ready',
        review_every_days: 30,
      });
      expect(requested.statusCode).toBe(201);
      const approval = requested.json();
      expect(approval).toEqual({
        id: expect.any(String),
        model: { name: 'credit', version: 1 },
        stage: 'production',
        status: 'pending',
        requested_by: 'deployer',
        requested_at: expect.any(String),
        request_note: 'ready',
        test_runs: [],
        review_every_days: 30,
        decision: null,
        card_id: null,
      });
      const bad = await call('POST', '/v1/models/credit/versions/1/approvals', tokens.operator, { stage: 'qa' });
      expect(bad.statusCode).toBe(400);

      const self = await call('POST', `/v1/approvals/${approval.id}/approve`, tokens.operator, { note: 'mine' });
      expect(self.statusCode).toBe(403);
      expect(self.json().code).toBe('self_approval');
      expect((await call('POST', `/v1/approvals/${approval.id}/approve`, tokens.viewer, {})).json().code).toBe('forbidden');

      const approved = await call('POST', `/v1/approvals/${approval.id}/approve`, approver, { note: 'runs look right' });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({
        status: 'approved',
        decision: { status: 'approved', decided_by: 'bo', decided_at: expect.any(String), note: 'runs look right' },
        card_id: expect.any(String),
      });
      const again = await call('POST', `/v1/approvals/${approval.id}/reject`, tokens.admin);
      expect(again.json()).toMatchObject({ code: 'approval_already_decided' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('approval_already_decided');

      const listed = await call('GET', '/v1/approvals?status=approved&model=credit', tokens.viewer);
      expect(listed.json().approvals.map((a: { id: string }) => a.id)).toEqual([approval.id]);
      expect((await call('GET', '/v1/approvals?status=pending', tokens.viewer)).json()).toEqual({ approvals: [] });
      expect((await call('GET', `/v1/approvals/${approval.id}`, tokens.viewer)).json()).toEqual(approved.json());
      const unknown = await call('GET', '/v1/approvals/nope', tokens.viewer);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('approval_not_found');
    });

    it('refuses a production deployment with gate_failed; an admin forces it with a reason, an operator may not', async () => {
      const { tokens } = server;
      const body = { name: 'live', model: 'credit:1', config: { production: true } };
      const refused = await call('POST', '/v1/deployments', tokens.operator, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'gate_failed',
        issues: [{ code: 'missing', path: ['suites', 'smoke'], message: 'credit:1 has no run of suite "smoke"' }],
      });
      expect((await call('POST', '/v1/deployments', tokens.operator, { ...body, force: true, reason: 'hurry' })).json().code).toBe(
        'forbidden',
      );
      expect((await call('POST', '/v1/deployments', tokens.admin, { ...body, force: true })).json().code).toBe('invalid_argument');
      expect((await call('GET', '/v1/deployments/live', tokens.viewer)).statusCode).toBe(404);

      const forced = await call('POST', '/v1/deployments', tokens.admin, { ...body, force: true, reason: 'smoke suite runs tonight' });
      expect(forced.statusCode).toBe(201);
      expect(forced.json().config.production).toBe(true);
      const shown = await call('GET', '/v1/deployments/live', tokens.viewer);
      expect(shown.json().config.production).toBe(true);
      const entries = await server.ctx.store.audit.list();
      expect(entries.find((e) => e.action === 'gate.override')).toMatchObject({
        details: { reason: 'smoke suite runs tonight', missing: ['credit:1 has no run of suite "smoke"'] },
      });
    });
  });
}
