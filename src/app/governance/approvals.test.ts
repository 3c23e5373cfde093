import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { decideApproval, getApproval, listApprovals, requestApproval } from './approvals.ts';

const as = (ctx: AppContext, actor: string): AppContext => ({ ...ctx, actor });

async function refusal(work: Promise<unknown>): Promise<BallastError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

async function insertRun(ctx: AppContext, suite: string, passed: boolean): Promise<string> {
  const id = ctx.newId();
  await ctx.store.testRuns.insert({
    id,
    versionId: 'v1',
    suiteName: suite,
    suiteHash: 'a'.repeat(64),
    dataFile: 'holdout.csv',
    dataHash: 'b'.repeat(64),
    dataRows: 10,
    seed: 0,
    passed,
    checks: [],
    createdBy: 'ci',
    createdAt: ctx.clock().toISOString(),
  });
  return id;
}

for (const factory of storeFactories()) {
  describe(`approvals on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('records a request naming the latest run of each suite, and one pending request per version and stage', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        await insertRun(ctx, 'smoke', false);
        const smoke = await insertRun(ctx, 'smoke', true);
        const fairness = await insertRun(ctx, 'fairness', false);
        const { approval, testRuns } = await requestApproval(as(ctx, 'ana'), {
          ref: 'model-v1:1',
          stage: 'production',
          note: 'ready',
          reviewEveryDays: 30,
        });
        expect(approval).toMatchObject({
          modelName: 'model-v1',
          modelVersion: 1,
          stage: 'production',
          status: 'pending',
          requestedBy: 'ana',
          requestNote: 'ready',
          reviewEveryDays: 30,
          decision: null,
        });
        expect(new Set(approval.testRunIds)).toEqual(new Set([smoke, fairness]));
        expect(testRuns).toEqual(
          expect.arrayContaining([
            { id: smoke, suite: 'smoke', passed: true },
            { id: fairness, suite: 'fairness', passed: false },
          ]),
        );
        expect((await ctx.store.audit.list()).at(-1)).toMatchObject({ actor: 'ana', action: 'approval.request', objectId: approval.id });

        expect((await refusal(requestApproval(as(ctx, 'cy'), { ref: 'model-v1:1', stage: 'production' }))).code).toBe('conflict');
        const staging = await requestApproval(as(ctx, 'cy'), { ref: 'model-v1:1', stage: 'staging' });
        expect(staging.approval.reviewEveryDays).toBe(90);
        expect(staging.testRuns).toHaveLength(2);
      } finally {
        await ctx.close();
      }
    });

    it('reports every bad field of a request at once and writes nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const error = await refusal(requestApproval(ctx, { ref: 'model-v1:1', stage: 'prod', reviewEveryDays: 0 }));
        expect(error.code).toBe('invalid_argument');
        expect(error.issues.map((i) => i.path)).toEqual([['stage'], ['review_every_days']]);
        expect((await refusal(requestApproval(ctx, { ref: 'nope:1', stage: 'staging' }))).code).toBe('model_not_found');
        expect(await ctx.store.governance.listApprovals({ limit: 10 })).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('is four-eyes: the requester may not decide, the decider needs the approver role, a decision is final', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const { approval } = await requestApproval(as(ctx, 'ana'), { ref: 'model-v1:1', stage: 'production' });
        const decide = (
          actor: string,
          role: 'viewer' | 'reviewer' | 'approver' | 'admin' | undefined,
          decision: 'approved' | 'rejected' = 'approved',
        ) => decideApproval(as(ctx, actor), { id: approval.id, decision, note: 'looked at the runs', role });

        const self = await refusal(decide('ana', 'admin'));
        expect(self.code).toBe('self_approval');
        expect(self.status).toBe(403);
        expect((await refusal(decide('bo', 'reviewer'))).code).toBe('forbidden');
        expect((await refusal(decide('bo', undefined))).code).toBe('forbidden');
        expect((await getApproval(ctx, approval.id)).approval.status).toBe('pending');

        const decided = await decide('bo', 'approver');
        expect(decided.approval).toMatchObject({
          status: 'approved',
          decision: { status: 'approved', decidedBy: 'bo', note: 'looked at the runs' },
        });
        expect((await ctx.store.audit.list()).at(-1)).toMatchObject({ actor: 'bo', action: 'approval.approve', objectId: approval.id });
        expect(await ctx.store.governance.latestApproved('v1', 'production')).toMatchObject({ id: approval.id });

        const again = await refusal(decide('cy', 'admin', 'rejected'));
        expect(again.code).toBe('approval_already_decided');
        expect((await getApproval(ctx, approval.id)).approval.status).toBe('approved');
        expect((await refusal(decideApproval(ctx, { id: 'nope', decision: 'approved', role: 'admin' }))).code).toBe('approval_not_found');
        expect((await refusal(getApproval(ctx, 'nope'))).code).toBe('approval_not_found');
      } finally {
        await ctx.close();
      }
    });

    it('of two approvers deciding at once, exactly one wins', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const { approval } = await requestApproval(as(ctx, 'ana'), { ref: 'model-v1:1', stage: 'staging' });
        const results = await Promise.allSettled(
          ['bo', 'cy'].map((actor) => decideApproval(as(ctx, actor), { id: approval.id, decision: 'rejected', role: 'approver' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
        expect((lost.reason as BallastError).code).toBe('approval_already_decided');
        expect((await ctx.store.audit.list()).filter((e) => e.action === 'approval.reject')).toHaveLength(1);
      } finally {
        await ctx.close();
      }
    });

    it('lists newest first, by status and model; refuses an unknown status', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        await registerTestVersion(ctx.store, 'v2', ['x']);
        const first = await requestApproval(as(ctx, 'ana'), { ref: 'model-v1:1', stage: 'staging' });
        const second = await requestApproval(as(ctx, 'ana'), { ref: 'model-v2:1', stage: 'production' });
        await decideApproval(as(ctx, 'bo'), { id: first.approval.id, decision: 'approved', role: 'approver' });
        expect((await listApprovals(ctx, {})).map((a) => a.approval.id)).toEqual([second.approval.id, first.approval.id]);
        expect((await listApprovals(ctx, { status: 'pending' })).map((a) => a.approval.id)).toEqual([second.approval.id]);
        expect((await listApprovals(ctx, { model: 'model-v1' })).map((a) => a.approval.id)).toEqual([first.approval.id]);
        expect((await refusal(listApprovals(ctx, { status: 'done' }))).code).toBe('invalid_argument');
      } finally {
        await ctx.close();
      }
    });
  });
}
