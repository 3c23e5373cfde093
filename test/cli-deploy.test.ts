import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-deploy-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real binary, as a user would, against a data directory of its own. */
function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast deploy --log-sample-rate', () => {
  it('deploys with a sampled log, shows the rate where it is below 1, and refuses a bad rate', async () => {
    expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
    const full = await ballast('deploy', 'everything', '--model', 'credit:1');
    expect(full.stdout).toBe('everything created, serving credit:1\n');
    const sampled = await ballast('deploy', 'sampled', '--model', 'credit:1', '--log-sample-rate', '0.1', '--json');
    expect(sampled.code).toBe(0);
    expect(JSON.parse(sampled.stdout).deployment.config).toEqual({ maxBatchSize: 64, maxDelayMs: 5, logSampleRate: 0.1 });

    const listed = (await ballast('deployments', 'list')).stdout.trim().split('\n');
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/^everything\s+credit:1\s+rev 1 {2}batch ≤64 {2}wait ≤5 ms$/);
    expect(listed[1]).toMatch(/^sampled\s+credit:1\s+rev 1 {2}batch ≤64 {2}wait ≤5 ms {2}logs 10% of predictions$/);

    // Back to logging everything: a change, and the history shows when the log was sampled.
    expect((await ballast('deploy', 'sampled', '--model', 'credit:1', '--log-sample-rate', '1')).code).toBe(0);
    const shown = (await ballast('deployments', 'show', 'sampled')).stdout.trim().split('\n');
    expect(shown[0]).toBe('sampled: credit:1 (revision 2)');
    expect(shown[1]).toMatch(/^ {2}rev 2 .* by ci$/);
    expect(shown[2]).toMatch(/^ {2}rev 1 .* by ci {2}logs 10% of predictions$/);

    for (const bad of ['0', '1.5', '-0.2']) {
      const refused = await ballast('deploy', 'sampled', '--model', 'credit:1', '--log-sample-rate', bad);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe('error: invalid deployment config: logSampleRate: must be a number greater than 0 and at most 1\n');
    }
    const word = await ballast('deploy', 'sampled', '--model', 'credit:1', '--log-sample-rate', 'half');
    expect(word.code).not.toBe(0);
    expect(word.stderr).toMatch(/--log-sample-rate.*must be a number greater than 0 and at most 1/);
    expect((await ballast('deployments', 'show', 'sampled', '--json')).stdout).toContain('"revision": 2');
  });
});
