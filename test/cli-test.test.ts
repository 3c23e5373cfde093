import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
const live = path.join(examples, 'live.csv');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-test-'));
  const registered = await ballast(
    'models',
    'register',
    'credit',
    path.join(examples, 'model.xgb.json'),
    '--contract',
    path.join(examples, 'contract.yaml'),
  );
  expect(registered.code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('ballast test and ballast tests', () => {
  it('exits 0 on a passing suite, 1 on a failing one, 2 on a bad suite, and lists and shows the stored runs', async () => {
    const suite = write('gate.yaml', 'format: ballast.tests/v1\nseed: 3\nchecks:\n  - {name: clean, type: contract}\n');
    const passed = await ballast(
      'test',
      'credit',
      '--suite',
      suite,
      '--data',
      live,
      '--label',
      'default',
      '--junit',
      'gate.xml',
      '--html',
      'gate.html',
    );
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    const lines = passed.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('✓ clean (contract): 0 of 5000 rows (0.00%) break an error rule of the contract; at most 0.00% may');
    expect(lines[1]).toBe('PASSED: 1/1 checks passed');
    expect(lines[2]).toMatch(/^run (\S+): suite gate on credit:1, 5000 rows of .*live\.csv, seed 3, by ci at \S+$/);
    const junit = readFileSync(path.join(dir, 'gate.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="gate" tests="1" failures="0"');
    expect(junit).toContain('<testcase classname="ballast.contract" name="clean" time="0"/>');
    expect(readFileSync(path.join(dir, 'gate.html'), 'utf8')).toContain('✓ Passed');

    const [header, ...rows] = readFileSync(live, 'utf8').trimEnd().split('\n');
    const bad = write('bad.csv', [header, rows[0]!.replace(/^([^,]*),\d+,/, '$1,-5,'), ...rows.slice(1)].join('\n') + '\n');
    const failed = await ballast(
      'test',
      'credit:1',
      '--suite',
      suite,
      '--data',
      bad,
      '--label',
      'default',
      '--json',
      '--junit',
      'failed.xml',
    );
    expect(failed.code).toBe(1);
    const wire = JSON.parse(failed.stdout) as {
      id: string;
      passed: boolean;
      checks: Array<{ name: string; passed: boolean; values: Record<string, number> }>;
    };
    expect(wire.passed).toBe(false);
    expect(wire.checks[0]).toMatchObject({ name: 'clean', passed: false, values: { violation_rate: 1 / 5000, failing_rows: 1 } });
    expect(readFileSync(path.join(dir, 'failed.xml'), 'utf8')).toContain(
      '<failure message="1 of 5000 rows (0.02%) break an error rule of the contract; at most 0.00% may" type="contract">',
    );

    const typo = write('typo.yaml', 'format: ballast.tests/v1\nchecks:\n  - {name: m, type: metric, metric: acuracy, bound: {min: 0.8}}\n');
    const refused = await ballast('test', 'credit', '--suite', typo, '--data', live, '--label', 'default');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('typo.yaml is not a valid ballast.tests/v1 suite');
    expect(refused.stderr).toContain('checks[0].metric');
    const noLabel = await ballast('test', 'credit', '--suite', suite, '--data', live);
    expect(noLabel.code).toBe(2);
    expect(noLabel.stderr).toContain('ballast test needs --label');

    const listed = await ballast('tests', 'list', 'credit', '--json');
    expect(listed.code).toBe(0);
    const runs = (JSON.parse(listed.stdout) as { runs: Array<{ id: string; passed: boolean }> }).runs;
    expect(runs.map((r) => [r.id, r.passed])).toEqual([
      [wire.id, false],
      [expect.any(String), true],
    ]);
    const human = await ballast('tests', 'list', 'credit:1');
    expect(human.stdout.split('\n')[0]).toMatch(new RegExp(`^${wire.id}  \\S+  FAILED  gate  1 checks \\(1 failed\\)  5000 rows  by ci$`));

    const shown = await ballast('tests', 'show', wire.id, '--json');
    expect(JSON.parse(shown.stdout)).toEqual(wire);
    const shownText = await ballast('tests', 'show', wire.id);
    expect(shownText.stdout).toContain('✗ clean (contract): 1 of 5000 rows');
    const missing = await ballast('tests', 'show', 'NOPE');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no test run has the id "NOPE"');
  }, 120_000);
});
