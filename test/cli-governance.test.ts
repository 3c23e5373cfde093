import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext, type AppContext } from '../src/app/context.ts';
import { createToken } from '../src/app/tokens.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

async function withStore<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** A stored run of a suite on credit:VERSION, as `ballast test` writes one. */
function insertRun(version: number, suite: string, passed: boolean): Promise<string> {
  return withStore(async (ctx) => {
    const model = (await ctx.store.models.findByName('credit'))!;
    const v = (await ctx.store.versions.find(model.id, version))!;
    const id = ctx.newId();
    await ctx.store.testRuns.insert({
      id,
      versionId: v.id,
      suiteName: suite,
      suiteHash: 'a'.repeat(64),
      dataFile: 'holdout.csv',
      dataHash: 'b'.repeat(64),
      dataRows: 200,
      seed: 7,
      passed,
      checks: [],
      createdBy: 'ci',
      createdAt: new Date().toISOString(),
    });
    return id;
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-governance-cli-'));
  await withStore(async (ctx) => {
    await twoVersionDeployment(ctx); // credit:1 and credit:2; credit-risk serves credit:2
    // The CLI takes a user's role from the active tokens named after them.
    await createToken(ctx, { name: 'ana', role: 'operator' });
    await createToken(ctx, { name: 'bo', role: 'approver' });
    await createToken(ctx, { name: 'root', role: 'admin' });
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function as(actor: string, ...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir(), env: { BALLAST_ACTOR: actor } });
}

// The tests build on each other (a policy, then an approval the rollout relies on); each runs the binary many times.
describe('ballast policy, approvals and promotion gates', { timeout: 180_000 }, () => {
  it('refuses champion until the required suite passed and another person approved, then moves it', async () => {
    const set = await as('ana', 'policy', 'set', 'credit', '--require-suite', 'smoke', '--require-approval');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('required suites    smoke');
    const shown = JSON.parse((await as('ana', 'policy', 'show', 'credit', '--json')).stdout);
    expect(shown).toEqual({
      model: 'credit',
      require_suites: ['smoke'],
      require_approval: true,
      updated_by: 'ana',
      updated_at: expect.any(String),
    });

    const refused = await as('ana', 'models', 'alias', 'credit:1', 'champion');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('promotion gate failed: credit:1 may not become credit@champion');
    expect(refused.stderr).toContain('  suites.smoke: credit:1 has no run of suite "smoke"');
    expect(refused.stderr).toContain('  approval.production: credit:1 has no approved production approval');
    expect((await as('ana', 'models', 'show', 'credit:1', '--json')).stdout).not.toContain('champion');

    const run = await insertRun(1, 'smoke', true);
    const requested = await as('ana', 'approvals', 'request', 'credit:1', '--stage', 'production', '--note', 'smoke passed', '--json');
    expect(requested.code).toBe(0);
    const approval = JSON.parse(requested.stdout);
    expect(approval).toMatchObject({
      model: { name: 'credit', version: 1 },
      stage: 'production',
      status: 'pending',
      requested_by: 'ana',
      request_note: 'smoke passed',
      test_runs: [{ id: run, suite: 'smoke', passed: true }],
      review_every_days: 90,
      decision: null,
    });
    const again = await as('bo', 'approvals', 'request', 'credit:1', '--stage', 'production');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has a pending production approval');

    const self = await as('ana', 'approvals', 'approve', approval.id);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('someone else must decide it');
    const noRole = await as('cy', 'approvals', 'approve', approval.id);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('needs the approver role');
    const pending = await as('bo', 'approvals', 'list', '--status', 'pending');
    expect(pending.stdout).toContain(approval.id);

    const approved = await as('bo', 'approvals', 'approve', approval.id, '--note', 'runs look right');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('approved by bo');
    const twice = await as('root', 'approvals', 'reject', approval.id);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('already decided');

    const moved = await as('ana', 'models', 'alias', 'credit:1', 'champion');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('credit@champion -> credit:1');
    const listed = JSON.parse((await as('ana', 'approvals', 'list', '--model', 'credit', '--json')).stdout);
    expect(listed.approvals).toEqual([
      expect.objectContaining({ id: approval.id, status: 'approved', decision: expect.objectContaining({ decided_by: 'bo' }) }),
    ]);
    const actions = await withStore(async (ctx) => (await ctx.store.audit.list()).map((e) => `${e.actor} ${e.action}`));
    expect(actions.slice(-4)).toEqual(['ana policy.set', 'ana approval.request', 'bo approval.approve', 'ana alias.set']);
  });

  it('gates production deployments and rollouts on them; only an admin with a reason may force, audited', async () => {
    const refused = await as('ana', 'deploy', 'credit-risk', '--model', 'credit:2', '--production');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('promotion gate failed: credit:2 may not become production deployment "credit-risk"');
    expect(refused.stderr).toContain('  suites.smoke:');

    const notAdmin = await as('ana', 'deploy', 'credit-risk', '--model', 'credit:2', '--production', '--force', '--reason', 'hurry');
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toContain('only an admin may override a promotion gate (you have operator)');
    const noReason = await as('root', 'deploy', 'credit-risk', '--model', 'credit:2', '--production', '--force');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('a gate override needs a reason');
    const reasonAlone = await as('root', 'deploy', 'credit-risk', '--model', 'credit:2', '--production', '--reason', 'hurry');
    expect(reasonAlone.code).toBe(2);
    expect(reasonAlone.stderr).toContain('--reason goes with --force');
    expect((await as('ana', 'deployments', 'show', 'credit-risk')).stdout).not.toContain('production');

    const forced = await as(
      'root',
      'deploy',
      'credit-risk',
      '--model',
      'credit:2',
      '--production',
      '--force',
      '--reason',
      'incident 7: already serving',
    );
    expect(forced.code).toBe(0);
    expect((await as('ana', 'deployments', 'show', 'credit-risk')).stdout).toContain('(revision 3)  production');
    const shown = await as('ana', 'deployments', 'show', 'credit-risk', '--json');
    expect(JSON.parse(shown.stdout).deployment.config.production).toBe(true);
    const override = await withStore(async (ctx) => (await ctx.store.audit.list()).find((e) => e.action === 'gate.override'));
    expect(override).toMatchObject({
      actor: 'root',
      objectId: 'credit:2',
      details: { target: 'production deployment "credit-risk"', reason: 'incident 7: already serving' },
    });

    // The policy now also asks for a fairness suite: the approved credit:1 lacks it, so its rollout is refused.
    expect(
      (await as('ana', 'policy', 'set', 'credit', '--require-suite', 'smoke', '--require-suite', 'fairness', '--require-approval')).code,
    ).toBe(0);
    const rollout = await as('ana', 'rollout', 'start', 'credit-risk', '--to', 'credit:1', '--strategy', 'canary');
    expect(rollout.code).toBe(2);
    expect(rollout.stderr).toContain('promotion gate failed: credit:1 may not become production deployment "credit-risk"');
    expect(rollout.stderr).toContain('suites.fairness: credit:1 has no run of suite "fairness"');
    await insertRun(1, 'fairness', true);
    const started = await as('ana', 'rollout', 'start', 'credit-risk', '--to', 'credit:1', '--strategy', 'canary');
    expect(started.code).toBe(0);
    expect(JSON.parse((await as('ana', 'rollout', 'status', 'credit-risk', '--json')).stdout).rollout).toMatchObject({
      candidate: { name: 'credit', version: 1 },
    });
  });
});
