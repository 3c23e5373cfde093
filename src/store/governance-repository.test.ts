import { afterAll, describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../core/governance/governance-records.ts';
import { storeFactories } from './testing/test-stores.ts';

function approval(id: string, fields: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id,
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 2,
    stage: 'production',
    status: 'pending',
    requestedBy: 'ana',
    requestedAt: '2026-12-07T10:00:00.000Z',
    requestNote: 'holdout suite passes',
    testRunIds: ['t1', 't2'],
    reviewEveryDays: 90,
    decision: null,
    ...fields,
  };
}

for (const factory of storeFactories()) {
  describe(`GovernanceRepository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('creates and replaces a model policy', async () => {
      const store = await factory.create();
      try {
        expect(await store.governance.policy('m1')).toBeUndefined();
        const policy = {
          modelId: 'm1',
          requireSuites: ['release'],
          requireApproval: true,
          updatedBy: 'ana',
          updatedAt: '2026-12-07T10:00:00.000Z',
        };
        await store.governance.setPolicy(policy);
        expect(await store.governance.policy('m1')).toEqual(policy);
        await store.governance.setPolicy({ ...policy, requireSuites: [], requireApproval: false });
        expect(await store.governance.policy('m1')).toMatchObject({ requireSuites: [], requireApproval: false });
      } finally {
        await store.close();
      }
    });

    it('decides an approval once, and finds the latest approved one of a stage', async () => {
      const store = await factory.create();
      try {
        await store.governance.insertApproval(approval('a1'));
        await store.governance.insertApproval(approval('a2', { stage: 'staging', requestedAt: '2026-12-07T10:01:00.000Z' }));
        expect(await store.governance.findApproval('a1')).toEqual(approval('a1'));
        expect(await store.governance.latestApproved('v1', 'production')).toBeUndefined();
        const decision = { status: 'approved' as const, decidedBy: 'bo', decidedAt: '2026-12-07T11:00:00.000Z', note: 'ok' };
        expect(await store.governance.decideApproval('a1', decision)).toBe(true);
        expect(await store.governance.decideApproval('a1', { ...decision, status: 'rejected' })).toBe(false);
        expect(await store.governance.findApproval('a1')).toEqual(approval('a1', { status: 'approved', decision }));
        expect((await store.governance.latestApproved('v1', 'production'))?.id).toBe('a1');
        expect(await store.governance.latestApproved('v1', 'staging')).toBeUndefined();
        const ids = async (q: Parameters<typeof store.governance.listApprovals>[0]) =>
          (await store.governance.listApprovals(q)).map((a) => a.id);
        expect(await ids({ limit: 10 })).toEqual(['a2', 'a1']);
        expect(await ids({ limit: 10, status: 'pending' })).toEqual(['a2']);
        expect(await ids({ limit: 10, modelName: 'other' })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('keeps an approval’s periodic reviews newest first', async () => {
      const store = await factory.create();
      try {
        const review = {
          id: 'r1',
          versionId: 'v1',
          approvalId: 'a1',
          reviewer: 'cy',
          findings: 'stable',
          decision: 'keep' as const,
          at: '2026-12-07T12:00:00.000Z',
        };
        await store.governance.insertReview(review);
        await store.governance.insertReview({ ...review, id: 'r2', decision: 'retrain', at: '2027-03-07T12:00:00.000Z' });
        expect((await store.governance.reviewsOfApproval('a1')).map((r) => r.id)).toEqual(['r2', 'r1']);
        expect(await store.governance.reviewsOfApproval('a9')).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
