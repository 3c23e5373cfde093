import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-ensemble-cli-'));
  expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
  expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.lgb.txt'))).code).toBe(0);
  expect((await ballast('deploy', 'credit-risk', '--model', 'credit:2')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast ensemble', () => {
  it('sets, shows and clears an ensemble, audited', async () => {
    const set = await ballast(
      'ensemble',
      'set',
      'credit-risk',
      '--members',
      'credit:1,credit:2',
      '--combine',
      'vote',
      '--max-spread',
      '0.25',
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(
      /^credit-risk: vote of credit:1, credit:2 \(max spread 0\.25; on disagreement: fallback\), set by ci at \S+Z\n$/,
    );
    const shown = await ballast('ensemble', 'show', 'credit-risk', '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      deployment: 'credit-risk',
      ensemble: {
        members: [
          { name: 'credit', version: 1 },
          { name: 'credit', version: 2 },
        ],
        combine: 'vote',
        max_spread: 0.25,
      },
    });
    expect((await ballast('deployments', 'show', 'credit-risk')).stdout).toMatch(/^credit-risk: credit:1 \(revision 2\)/);

    const cleared = await ballast('ensemble', 'clear', 'credit-risk');
    expect(cleared.stdout).toBe('credit-risk: no ensemble; credit:1 answers alone\n');
    const audit = await ballast('audit', 'list', '--json');
    expect(audit.stdout).toContain('ensemble.set');
    expect(audit.stdout).toContain('ensemble.clear');
  });

  it('lists every problem of a bad ensemble and exits with the usage code, changing nothing', async () => {
    const bad = await ballast(
      'ensemble',
      'set',
      'credit-risk',
      '--members',
      'credit:1,credit:9',
      '--combine',
      'median',
      '--on-disagreement',
      'review',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: cannot set the ensemble of deployment "credit-risk": members[1]: model "credit" has no version 9');
    expect(bad.stderr).toContain('  combine: "median" is not one of mean, vote');
    expect(bad.stderr).toContain('  on_disagreement: review needs a review policy');
    expect((await ballast('ensemble', 'show', 'credit-risk')).stdout).toBe('credit-risk: no ensemble; credit:1 answers alone\n');
    expect((await ballast('ensemble', 'set', 'credit-risk', '--members', 'credit:1,', '--combine', 'mean')).code).toBe(2);
  });
});
