import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { prepareDemo } from './demo.ts';
import { prepareDemoGovernance } from './demo-governance.ts';
import { sensitiveColumnsOfVersion } from './privacy/sensitive-columns.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('the demo of governance', () => {
  it('tests every version, sets the policy, decides approvals by four eyes, shows the gate refusing, marks age sensitive; once', async () => {
    const ctx = await testContext(factory);
    try {
      const examples = path.dirname(EXAMPLES);
      await prepareDemo(ctx, examples, () => {}, {
        codeRef: { ref: '0'.repeat(40), source: 'git commit' },
        importance: { sampleRows: 2, backgroundRows: 2 },
      });
      const lines: string[] = [];
      await prepareDemoGovernance(ctx, examples, (l) => lines.push(l));
      const model = (await ctx.store.models.findByName('credit-risk'))!;
      const versions = await ctx.store.versions.listForModel(model.id);
      const verdicts = await Promise.all(
        versions.map(async (v) => [v.version, [...(await ctx.store.testRuns.latestPerSuite(v.id)).values()].map((r) => r.passed)]),
      );
      // The XGBoost champion flips labels when a fifth of its inputs go missing; the others hold.
      expect(Object.fromEntries(verdicts)).toEqual({ 1: [true], 2: [false], 3: [true] });
      expect(await ctx.store.governance.policy(model.id)).toMatchObject({ requireSuites: ['credit-release'], requireApproval: true });
      const approvals = await ctx.store.governance.listApprovals({ modelName: 'credit-risk', limit: 10 });
      expect(approvals.map((a) => [a.modelVersion, a.stage, a.status, a.requestedBy, a.decision?.decidedBy ?? null])).toEqual([
        [1, 'staging', 'pending', 'demo-ml-engineer', null],
        [3, 'production', 'approved', 'demo-ml-engineer', 'demo-approver'],
        [2, 'production', 'rejected', 'demo-ml-engineer', 'demo-approver'],
      ]);
      expect(await ctx.store.governance.reviewsOfApproval(approvals[1]!.id)).toHaveLength(1);
      expect(lines.some((l) => /moving @champion to credit-risk:1 was refused: .*approval\.production/.test(l))).toBe(true);
      expect((await ctx.store.aliases.find(model.id, 'champion'))!.version).toBe(2);
      const served = versions.find((v) => v.version === 2)!;
      expect(await sensitiveColumnsOfVersion(ctx.store, served)).toEqual([expect.objectContaining({ column: 'age', kind: 'sensitive' })]);

      const before = lines.length;
      await prepareDemoGovernance(ctx, examples, (l) => lines.push(l));
      expect(lines).toHaveLength(before);
    } finally {
      await ctx.close();
    }
  });
});
