import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../core/governance/governance-records.ts';
import { registerModel } from '../app/register-model.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

/** The test context's clock reads 2026-11-25T12:00 (ticking a second per read). */
function approval(id: string, versionId: string, decidedAt: string): ApprovalRecord {
  return {
    id,
    versionId,
    modelName: 'credit',
    modelVersion: 1,
    stage: 'production',
    status: 'approved',
    requestedBy: 'ana',
    requestedAt: decidedAt,
    requestNote: null,
    testRunIds: [],
    reviewEveryDays: 90,
    decision: { status: 'approved', decidedBy: 'bo', decidedAt, note: 'fine' },
  };
}

for (const factory of storeFactories()) {
  describe(`governance review routes on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let approver: string;
    const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
      server.app.inject({ method, url, headers: server.auth(token), ...(payload !== undefined ? { payload: payload as string } : {}) });

    beforeAll(async () => {
      server = await testServer(factory);
      const made = await call('POST', '/v1/tokens', server.tokens.admin, { name: 'bo', role: 'approver' });
      expect(made.statusCode, made.body).toBe(201);
      approver = made.json().token;
      const version = (await server.ctx.store.versions.latest((await server.ctx.store.models.findByName('credit'))!.id))!;
      // Due 2026-10-30T00:00Z: about 26.5 days overdue at the test clock.
      await server.ctx.store.governance.insertApproval(approval('01APPROVAL0000000000000001', version.id, '2026-08-01T00:00:00.000Z'));
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('lists the due reviews to a viewer, the overdue ones with ?overdue=true', async () => {
      const due = await call('GET', '/v1/governance/reviews', server.tokens.viewer);
      expect(due.statusCode, due.body).toBe(200);
      const [row] = due.json().reviews;
      expect(row).toEqual({
        model: { name: 'credit', version: 1 },
        approval_id: '01APPROVAL0000000000000001',
        stage: 'production',
        approved_at: '2026-08-01T00:00:00.000Z',
        review_every_days: 90,
        last_review: null,
        due_at: '2026-10-30T00:00:00.000Z',
        overdue: true,
        days_overdue: expect.any(Number),
      });
      expect(row.days_overdue).toBeCloseTo(26.5, 2);
      expect((await call('GET', '/v1/governance/reviews?overdue=true&model=credit', server.tokens.viewer)).json().reviews).toHaveLength(1);
      expect((await call('GET', '/v1/governance/reviews?model=other', server.tokens.viewer)).json()).toEqual({ reviews: [] });
      expect((await call('GET', '/v1/governance/reviews?overdue=maybe', server.tokens.viewer)).statusCode).toBe(400);
    });

    it('records a review by an approver (201, audited under the token name), refusing a viewer and bad bodies', async () => {
      const body = { findings: 'AUC steady; no drift on income', decision: 'keep' };
      expect((await call('POST', '/v1/models/credit/versions/1/governance-reviews', server.tokens.viewer, body)).statusCode).toBe(403);
      expect(
        (await call('POST', '/v1/models/credit/versions/1/governance-reviews', approver, { ...body, decision: 'archive' })).statusCode,
      ).toBe(400);
      const blank = await call('POST', '/v1/models/credit/versions/1/governance-reviews', approver, { ...body, findings: '  ' });
      expect([blank.statusCode, blank.json().code]).toEqual([400, 'invalid_argument']);
      const missing = await call('POST', '/v1/models/credit/versions/7/governance-reviews', approver, body);
      expect([missing.statusCode, missing.json().code]).toEqual([404, 'version_not_found']);

      const made = await call('POST', '/v1/models/credit/versions/1/governance-reviews', approver, body);
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toEqual({
        id: expect.any(String),
        model: { name: 'credit', version: 1 },
        approval_id: '01APPROVAL0000000000000001',
        reviewer: 'bo',
        findings: body.findings,
        decision: 'keep',
        at: expect.any(String),
      });
      const entries = await server.ctx.store.audit.list(0);
      expect(entries.find((e) => e.action === 'governance_review.record')).toMatchObject({ actor: 'bo', objectId: made.json().id });

      expect((await call('GET', '/v1/governance/reviews?overdue=true', server.tokens.viewer)).json()).toEqual({ reviews: [] });
      const history = await call('GET', '/v1/models/credit/versions/1/governance-reviews', server.tokens.viewer);
      expect(history.statusCode, history.body).toBe(200);
      expect(history.json()).toMatchObject({
        model: { name: 'credit', version: 1 },
        schedule: { overdue: false, days_overdue: 0, last_review: { id: made.json().id, reviewer: 'bo' } },
        reviews: [{ id: made.json().id, decision: 'keep' }],
      });
    });

    it('answers approval_not_found for a version with only a staging approval, and 404 for an unknown model', async () => {
      const ctx = server.ctx;
      const v2 = await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
      await ctx.store.governance.insertApproval({
        ...approval('01APPROVAL0000000000000002', v2.version.id, '2026-11-01T00:00:00.000Z'),
        modelVersion: 2,
        stage: 'staging',
      });
      const body = { findings: 'x', decision: 'retire' };
      const staging = await call('POST', '/v1/models/credit/versions/2/governance-reviews', approver, body);
      expect([staging.statusCode, staging.json().code]).toEqual([404, 'approval_not_found']);
      const none = await call('GET', '/v1/models/credit/versions/2/governance-reviews', server.tokens.viewer);
      expect(none.json()).toEqual({ model: { name: 'credit', version: 2 }, schedule: null, reviews: [] });
      const unknown = await call('GET', '/v1/models/nothing/versions/1/governance-reviews', server.tokens.viewer);
      expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'model_not_found']);
    });
  });
}
