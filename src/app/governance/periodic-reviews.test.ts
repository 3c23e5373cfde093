import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../../core/governance/governance-records.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { recordPeriodicReview, reviewOverdueDays, reviewsDue, versionReviews } from './periodic-reviews.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/** An approval of `version` decided (approved unless said) `decidedDay` days after T0. */
function approval(id: string, versionId: string, modelVersion: number, fields: Partial<ApprovalRecord> & { decidedDay?: number } = {}) {
  const { decidedDay = 0, ...rest } = fields;
  const record: ApprovalRecord = {
    id,
    versionId,
    modelName: 'credit',
    modelVersion,
    stage: 'production',
    status: 'approved',
    requestedBy: 'ana',
    requestedAt: at(decidedDay - 1),
    requestNote: null,
    testRunIds: [],
    reviewEveryDays: 30,
    decision: { status: 'approved', decidedBy: 'bo', decidedAt: at(decidedDay), note: null },
    ...rest,
  };
  return record;
}

for (const factory of storeFactories()) {
  describe(`periodic reviews (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    async function setup(): Promise<{ ctx: AppContext & { close(): Promise<void> }; v: string[]; now: { day: number } }> {
      const base = await testContext(factory);
      const model = path.join(EXAMPLES, 'model.xgb.json');
      const v = [
        (await registerModel(base, { name: 'credit', modelFile: model })).version.id,
        (await registerModel(base, { name: 'credit', modelFile: model })).version.id,
        (await registerModel(base, { name: 'credit', modelFile: model })).version.id,
      ];
      const now = { day: 0 };
      return { ctx: { ...base, clock: () => new Date(T0 + now.day * DAY) }, v, now };
    }

    it('lists the newest approved production approval of each version, overdue first, and --overdue only those', async () => {
      const { ctx, v, now } = await setup();
      try {
        const g = ctx.store.governance;
        await g.insertApproval(approval('A1', v[0]!, 1, { decidedDay: 0 })); // superseded by A2
        await g.insertApproval(approval('A2', v[0]!, 1, { decidedDay: 20 })); // due day 50
        await g.insertApproval(approval('A3', v[1]!, 2, { decidedDay: 5, reviewEveryDays: 10 })); // due day 15
        await g.insertApproval(approval('A4', v[2]!, 3, { stage: 'staging' })); // not scheduled
        await g.insertApproval(approval('A5', v[2]!, 3, { status: 'pending', decision: null })); // not scheduled
        now.day = 40;
        const due = await reviewsDue(ctx);
        expect(due.map((s) => [s.approval.id, s.dueAt, s.overdue, s.daysOverdue])).toEqual([
          ['A3', at(15), true, 25],
          ['A2', at(50), false, 0],
        ]);
        expect((await reviewsDue(ctx, { overdue: true })).map((s) => s.approval.id)).toEqual(['A3']);
        expect(await reviewsDue(ctx, { model: 'other' })).toEqual([]);
        expect(await reviewOverdueDays(ctx.store, v[1]!, ctx.clock())).toBe(25);
        expect(await reviewOverdueDays(ctx.store, v[0]!, ctx.clock())).toBe(0);
        expect(await reviewOverdueDays(ctx.store, v[2]!, ctx.clock())).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it('records a review by an approver, audited, which restarts the schedule; retire ends it', async () => {
      const { ctx, v, now } = await setup();
      try {
        await ctx.store.governance.insertApproval(approval('A1', v[1]!, 2, { decidedDay: 0 }));
        now.day = 45;
        const bo = { ...ctx, actor: 'bo' };
        const review = await recordPeriodicReview(bo, 'credit:2', { findings: '  drift within bounds ', decision: 'keep' }, 'approver');
        expect(review).toMatchObject({ versionId: v[1], approvalId: 'A1', reviewer: 'bo', findings: 'drift within bounds', at: at(45) });
        const [entry] = await ctx.store.audit.list(0).then((entries) => entries.filter((e) => e.action === 'governance_review.record'));
        expect(entry).toMatchObject({
          actor: 'bo',
          objectType: 'governance_review',
          objectId: review.id,
          details: { model: 'credit', version: 2, approval_id: 'A1', decision: 'keep' },
        });
        expect((await reviewsDue(ctx))[0]).toMatchObject({ dueAt: at(75), overdue: false, lastReview: { id: review.id } });

        now.day = 50;
        const retired = await recordPeriodicReview(bo, 'credit:2', { findings: 'replaced by v3', decision: 'retire' }, 'admin');
        expect(await reviewsDue(ctx)).toEqual([]);
        const history = await versionReviews(ctx, 'credit:2');
        expect(history.schedule).toMatchObject({ dueAt: null, overdue: false, lastReview: { id: retired.id } });
        expect(history.reviews.map((r) => r.id)).toEqual([retired.id, review.id]);
        await expect(recordPeriodicReview(bo, 'credit:2', { findings: 'again', decision: 'keep' }, 'approver')).rejects.toMatchObject({
          code: 'conflict',
        });
      } finally {
        await ctx.close();
      }
    });

    it('refuses, writing nothing: no approver role, no findings, an unknown decision, no production approval', async () => {
      const { ctx, v } = await setup();
      try {
        await ctx.store.governance.insertApproval(approval('A1', v[0]!, 1));
        const input = { findings: 'ok', decision: 'keep' };
        await expect(recordPeriodicReview(ctx, 'credit:1', input, 'reviewer')).rejects.toMatchObject({ code: 'forbidden' });
        await expect(recordPeriodicReview(ctx, 'credit:1', input, undefined)).rejects.toThrow(/--role approver/);
        await expect(recordPeriodicReview(ctx, 'credit:1', { ...input, findings: ' \n' }, 'approver')).rejects.toMatchObject({
          code: 'invalid_argument',
        });
        await expect(recordPeriodicReview(ctx, 'credit:1', { ...input, decision: 'archive' }, 'approver')).rejects.toThrow(
          /not one of keep, retrain, retire/,
        );
        await expect(recordPeriodicReview(ctx, 'credit:2', input, 'approver')).rejects.toMatchObject({ code: 'approval_not_found' });
        await expect(recordPeriodicReview(ctx, 'credit:9', input, 'approver')).rejects.toMatchObject({ code: 'version_not_found' });
        expect(await ctx.store.governance.reviewsOfApproval('A1')).toEqual([]);
        expect((await ctx.store.audit.list(0)).some((e) => e.action === 'governance_review.record')).toBe(false);
        expect(await versionReviews(ctx, 'credit:2')).toEqual({ schedule: null, reviews: [] });
      } finally {
        await ctx.close();
      }
    });
  });
}
