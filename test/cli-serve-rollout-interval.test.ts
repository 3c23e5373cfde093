import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBallast } from './testing/run-ballast.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ballast serve --rollout-interval', () => {
  it('is listed with its default and refuses an interval under a second before starting anything', async () => {
    const help = await runBallast(['serve', '--help'], { cwd: dir });
    expect(help.stdout).toMatch(/--rollout-interval <duration>\s+how often the rollout controller gates canary\s+steps/);
    expect(help.stdout).toContain('(default: 5000)');
    const bad = await runBallast(['serve', '--rollout-interval', '500ms'], { cwd: dir, dataDir: path.join(dir, 'data') });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("option '--rollout-interval <duration>' argument '500ms' is invalid. must be a duration of at least 1s");
  });
});
