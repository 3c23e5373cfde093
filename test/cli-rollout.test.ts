import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../src/app/context.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-rollout-cli-'));
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    await twoVersionDeployment(ctx); // credit-risk serves credit:2
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir(), env: { BALLAST_ACTOR: 'ana' } });
}

// Each test runs the binary up to ten times (a process start each, loading a model for a smoke test): more than the default 30 s on a busy machine.
describe('ballast rollout', { timeout: 120_000 }, () => {
  it('refuses bad options with every problem on its own line (exit 2), recording nothing', async () => {
    const gate = path.join(dir, 'bad-gate.yaml');
    writeFileSync(
      gate,
      'format: ballast.alerts/v1\nrules:\n  - name: other\n    deployment: fraud\n    signal: errors.rate\n    window: 5m\n    above: 0.1\n',
    );
    const result = await ballast(
      'rollout',
      'start',
      'credit-risk',
      '--to',
      'credit:1',
      '--strategy',
      'canary',
      '--steps',
      '10,5',
      '--gate',
      gate,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot start a rollout of "credit-risk"');
    expect(result.stderr).toContain('  steps[1]: must be above the step before it (10)');
    expect(result.stderr).toContain('  gate.rules[0].deployment: names "fraud"');
    const status = await ballast('rollout', 'status', 'credit-risk', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ rollout: null, history: [] });
  });

  it('starts a canary after loading and smoke-testing the candidate in-process, shows it, and aborts it', async () => {
    const gate = path.join(dir, 'gate.yaml');
    writeFileSync(
      gate,
      'format: ballast.alerts/v1\nrules:\n  - name: error-spike\n    signal: errors.rate\n    window: 5m\n    above: 0.05\n',
    );
    const started = await ballast(
      'rollout',
      'start',
      'credit-risk',
      '--to',
      'credit:1',
      '--strategy',
      'canary',
      '--steps',
      '10,50,100',
      '--step-duration',
      '15m',
      '--sticky-key',
      'applicant_id',
      '--gate',
      gate,
    );
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^credit-risk: canary rollout \S+ to credit:1, progressing; stable credit:2 \(revision 3\)$/m);
    expect(started.stdout).toMatch(/^ {2}steps: \[10%\] → 50% → 100%, 15m each; this step is gated at \S+Z$/m);
    expect(started.stdout).toContain('  sticky key: field applicant_id');
    expect(started.stdout).toContain('  gate rules: error-spike');

    const again = await ballast('rollout', 'start', 'credit-risk', '--to', 'credit:1', '--strategy', 'ab');
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('has an active canary rollout')]);
    const deploy = await ballast('deploy', 'credit-risk', '--model', 'credit:1');
    expect(deploy.code).toBe(2);
    expect(deploy.stderr).toContain('promote or abort it before a deploy');

    const status = JSON.parse((await ballast('rollout', 'status', 'credit-risk', '--json')).stdout);
    expect(status.rollout).toMatchObject({ weight: 10, steps: [10, 50, 100], gate_rules: ['error-spike'], started_by: 'ana' });
    const resume = await ballast('rollout', 'resume', 'credit-risk');
    expect([resume.code, resume.stderr]).toEqual([2, expect.stringContaining('it is progressing; what fits now: pause, promote, abort')]);

    const aborted = await ballast('rollout', 'abort', 'credit-risk', '--reason', 'latency doubled');
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toContain('credit-risk: no active rollout; serves credit:2 (revision 4)');
    expect(aborted.stdout).toMatch(/last: \S+Z {2}canary {6}credit:2 → credit:1 {2}aborted by ana at \S+Z: latency doubled/);
    const history = await ballast('rollout', 'history', 'credit-risk');
    expect(history.stdout.trimEnd().split('\n')).toHaveLength(1);
    const none = await ballast('rollout', 'promote', 'credit-risk');
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('has no active rollout')]);
  });

  it('runs blue/green: ready, switch (smoke-tested again), rollback', async () => {
    const started = await ballast(
      'rollout',
      'start',
      'credit-risk',
      '--to',
      'credit:1',
      '--strategy',
      'blue-green',
      '--keep-previous',
      '1h',
    );
    expect(started.stdout).toContain(
      'green is loaded and answered its smoke request; `ballast rollout switch credit-risk` moves all traffic',
    );
    const switched = await ballast('rollout', 'switch', 'credit-risk');
    expect(switched.code).toBe(0);
    expect(switched.stdout).toMatch(/switched; stable credit:1 /);
    expect(switched.stdout).toMatch(/switched at \S+Z from credit:2, kept loaded for 1h for a rollback/);
    const back = await ballast('rollout', 'rollback', 'credit-risk', '--json');
    expect(JSON.parse(back.stdout)).toMatchObject({
      stable: { name: 'credit', version: 2 },
      rollout: null,
      history: [{ outcome: 'rolled_back' }, { outcome: 'aborted' }],
    });
  });
});
