import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../src/app/context.ts';
import { registerModel } from '../src/app/register-model.ts';
import { EXAMPLES } from '../src/app/testing/test-context.ts';
import { createToken } from '../src/app/tokens.ts';
import type { ApprovalRecord } from '../src/core/governance/governance-records.ts';
import { runBallast } from './testing/run-ballast.ts';

/**
 * `ballast reviews due` and `reviews record` on a real data directory: approvals are seeded through
 * store.governance (the approvals commands are another part's), the CLI reads and records against
 * the wall clock, so due dates are set relative to now.
 */

let dir: string;
let dataDir: string;
const ballast = (actor: string, ...args: string[]) => runBallast(args, { cwd: dir, dataDir, env: { BALLAST_ACTOR: actor } });
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

function approval(id: string, versionId: string, modelVersion: number, decidedDaysAgo: number): ApprovalRecord {
  return {
    id,
    versionId,
    modelName: 'credit',
    modelVersion,
    stage: 'production',
    status: 'approved',
    requestedBy: 'ana',
    requestedAt: daysAgo(decidedDaysAgo + 1),
    requestNote: null,
    testRunIds: [],
    reviewEveryDays: 90,
    decision: { status: 'approved', decidedBy: 'bo', decidedAt: daysAgo(decidedDaysAgo), note: null },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-governance-reviews-cli-'));
  dataDir = path.join(dir, 'data');
  const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'setup');
  try {
    const model = path.join(EXAMPLES, 'model.xgb.json');
    const v1 = await registerModel(ctx, { name: 'credit', modelFile: model });
    const v2 = await registerModel(ctx, { name: 'credit', modelFile: model });
    await registerModel(ctx, { name: 'credit', modelFile: model });
    await ctx.store.governance.insertApproval(approval('01APPROVALV1000000000000A', v1.version.id, 1, 100)); // 10 days overdue
    await ctx.store.governance.insertApproval(approval('01APPROVALV2000000000000B', v2.version.id, 2, 30)); // due in 60 days
    await createToken(ctx, { name: 'bo', role: 'approver' });
    await createToken(ctx, { name: 'vic', role: 'viewer' });
  } finally {
    await ctx.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ballast reviews due / record', () => {
  it('lists the scheduled periodic reviews, the overdue one first, and only it with --overdue', async () => {
    const all = await ballast('vic', 'reviews', 'due');
    expect([all.code, all.stderr]).toEqual([0, '']);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^credit:1 {2}due \S+ {2}OVERDUE 10\.0 days {2}every 90 d {2}never reviewed {2}\(approval 01APPROVALV1000000000000A\)$/,
    );
    expect(lines[1]).toMatch(/^credit:2 {2}due \S+ {2}on time /);

    const overdue = JSON.parse((await ballast('vic', 'reviews', 'due', '--overdue', '--json')).stdout);
    expect(overdue.reviews).toHaveLength(1);
    expect(overdue.reviews[0]).toMatchObject({
      model: { name: 'credit', version: 1 },
      approval_id: '01APPROVALV1000000000000A',
      stage: 'production',
      review_every_days: 90,
      last_review: null,
      overdue: true,
    });
    expect(overdue.reviews[0].days_overdue).toBeCloseTo(10, 2);
  });

  it('records a review by an approver, which clears the overdue schedule, and audits it', async () => {
    const recorded = await ballast(
      'bo',
      'reviews',
      'record',
      'credit:1',
      '--findings',
      'AUC steady, no drift',
      '--decision',
      'keep',
      '--json',
    );
    expect([recorded.code, recorded.stderr]).toEqual([0, '']);
    expect(JSON.parse(recorded.stdout)).toMatchObject({
      approval_id: '01APPROVALV1000000000000A',
      reviewer: 'bo',
      findings: 'AUC steady, no drift',
      decision: 'keep',
    });
    const none = await ballast('vic', 'reviews', 'due', '--overdue');
    expect(none.stdout).toBe('no periodic review is overdue\n');
    const audit = await ballast('vic', 'audit', 'list', '--json');
    expect(audit.stdout).toContain('governance_review.record');
  });

  it('refuses with exit 2 and a clear error: no approver token, no production approval, a bad decision', async () => {
    const viewer = await ballast('vic', 'reviews', 'record', 'credit:2', '--findings', 'ok', '--decision', 'keep');
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/needs the approver role; "vic" is viewer/);
    const nobody = await ballast('zed', 'reviews', 'record', 'credit:2', '--findings', 'ok', '--decision', 'keep');
    expect(nobody.stderr).toMatch(/--name zed --role approver/);
    const unapproved = await ballast('bo', 'reviews', 'record', 'credit:3', '--findings', 'ok', '--decision', 'keep');
    expect([unapproved.code, unapproved.stderr]).toEqual([2, 'error: credit:3 has no approved production approval to review\n']);
    const bad = await ballast('bo', 'reviews', 'record', 'credit:2', '--findings', 'ok', '--decision', 'archive');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are keep, retrain, retire/);
    const empty = await ballast('bo', 'reviews', 'record', 'credit:2', '--findings', ' ', '--decision', 'keep');
    expect([empty.code, empty.stderr]).toEqual([2, 'error: a periodic review needs findings: what was looked at and what was found\n']);
  });
});
