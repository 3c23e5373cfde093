import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../src/app/context.ts';
import { createReviewQueue } from '../src/app/reviews/review-queue.ts';
import { deployWithPredictions } from '../src/app/testing/deployed-predictions.ts';
import { runBallast } from './testing/run-ballast.ts';

let dir: string;
let dataDir: string;
const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir, env: { BALLAST_ACTOR: 'rita' } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-reviews-cli-'));
  dataDir = path.join(dir, 'data');
  const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'setup');
  try {
    await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: ['no', 'yes'] }, { p1: null, p2: null });
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Holds p1 and p2 as the serving host would, under the deployment's current policy. */
async function holdBoth(): Promise<string[]> {
  const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'server');
  try {
    const deployment = (await ctx.store.deployments.findByName('credit'))!;
    const version = (await ctx.store.versions.findById(deployment.versionId))!;
    const holds = await createReviewQueue(ctx).hold({
      deployment,
      version,
      role: 'stable',
      ids: ['p1', 'p2'],
      inputs: [{ x: 1 }, { x: 2 }],
      records: [
        { label: 'yes', probabilities: [0.45, 0.55] },
        { label: 'no', probabilities: [0.6, 0.4] },
      ],
      flags: undefined,
      requestId: null,
      startedAt: 0,
      answeredAt: 0,
    });
    return holds.map((h) => h!.id!);
  } finally {
    await ctx.close();
  }
}

describe('ballast review and ballast reviews', () => {
  it('sets, shows and clears a review policy, refusing one that does not fit the model', async () => {
    const set = await ballast('review', 'set', 'credit', '--when', 'max_probability < 0.7', '--fallback', 'label:no');
    expect([set.code, set.stderr]).toEqual([0, '']);
    expect(set.stdout).toMatch(/^credit: review when max_probability < 0.7; fallback label:no \(set .* by rita\)\n$/);
    const shown = JSON.parse((await ballast('review', 'show', 'credit', '--json')).stdout);
    expect(shown).toMatchObject({ deployment: 'credit', review_policy: { when: 'max_probability < 0.7', fallback: 'label:no' } });
    const bad = await ballast('review', 'set', 'credit', '--when', 'max_probability < 0.7', '--fallback', 'label:maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"maybe" is not a class of credit:1 (classes: no, yes)');
    expect((await ballast('review', 'clear', 'credit')).stdout.trim()).toBe('credit: review policy cleared');
    expect((await ballast('review', 'show', 'credit')).stdout.trim()).toBe('credit: no review policy');
  });

  it('lists the queue and decides an item once, its label becoming feedback from review', async () => {
    expect((await ballast('review', 'set', 'credit', '--when', 'max_probability < 0.7', '--fallback', 'abstain')).code).toBe(0);
    const [first, second] = await holdBoth();
    const listed = await ballast('reviews', 'list', '--deployment', 'credit', '--order', 'priority');
    expect(listed.code, listed.stderr).toBe(0);
    // p1 (0.55) is further below 0.7 than p2 (0.6): more in doubt, first by priority.
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(new RegExp(`^${first}  pending  credit\\s+credit:1  \\S+  max probability 0.55 < 0.7$`)),
      expect.stringMatching(new RegExp(`^${second}  pending`)),
      '2 pending',
    ]);
    const decided = await ballast('reviews', 'decide', first!, '--label', 'no', '--note', 'income verified');
    expect([decided.code, decided.stdout.trim()]).toEqual([0, `review ${first} decided: no (the label of prediction p1)`]);
    const again = await ballast('reviews', 'decide', first!, '--label', 'yes');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('was already decided by rita');
    const unknown = await ballast('reviews', 'decide', second!, '--label', 'maybe');
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('"maybe" is not a class of credit:1')]);
    expect((await ballast('reviews', 'decide', 'nope', '--label', 'no')).stderr).toContain('no review item has id "nope"');

    const json = JSON.parse((await ballast('reviews', 'list', '--status', 'decided', '--json')).stdout);
    expect(json.pending).toBe(1);
    expect(json.reviews).toEqual([
      expect.objectContaining({
        id: first,
        status: 'decided',
        classes: ['no', 'yes'],
        fallback: 'abstain',
        decision: expect.objectContaining({ label: 'no', note: 'income verified', decidedBy: 'rita' }),
      }),
    ]);
    const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'check');
    try {
      expect((await ctx.store.feedback.current(['p1'])).get('p1')).toMatchObject({ label: 'no', source: 'review', actor: 'rita' });
    } finally {
      await ctx.close();
    }
    expect((await ballast('reviews', 'list', '--limit', '501')).code).toBe(2);
  });

  it('masks the inputs of a sensitive column unless --show-sensitive, which is audited', async () => {
    expect((await ballast('models', 'mark', 'credit:1', '--sensitive', 'x')).code).toBe(0);
    const masked = JSON.parse((await ballast('reviews', 'list', '--deployment', 'credit', '--json')).stdout);
    expect(masked.reviews.map((r: { inputs: unknown }) => r.inputs)).toEqual([{ x: '***' }, { x: '***' }]);
    const shown = JSON.parse((await ballast('reviews', 'list', '--deployment', 'credit', '--json', '--show-sensitive')).stdout);
    expect(shown.reviews.map((r: { inputs: unknown }) => r.inputs)).toEqual([{ x: 1 }, { x: 2 }]);
    const ctx = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'check');
    try {
      const reads = (await ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read');
      expect(reads).toEqual([
        expect.objectContaining({
          actor: 'rita',
          details: expect.objectContaining({ route: 'ballast reviews list', prediction_ids: ['p1', 'p2'], count: 2 }),
        }),
      ]);
    } finally {
      await ctx.close();
    }
  });
});
