import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-alerts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

const RULES = `format: ballast.alerts/v1
receivers:
  - name: team
    webhook: http://127.0.0.1:9000/hook
    allow_private: true
rules:
  - name: inputs-drifted
    deployment: credit
    signal: drift.share
    window: 10s
    above: 0.3
    for: 0s
    keep_firing_for: 1m
    severity: page
    notify: [team]
    rollback: previous
  - name: slow
    deployment: credit
    signal: latency.p99
    window: 1m
    above: 50
    for: 2m
`;

describe('ballast alerts', () => {
  it('applies a rules file, lists the rules with their state (text and JSON), and deletes one', async () => {
    expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
    expect((await ballast('deploy', 'credit', '--model', 'credit:1')).code).toBe(0);

    const applied = await ballast('alerts', 'apply', file('alerts.yaml', RULES));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe('applied 2 alert rules (added inputs-drifted, slow); receivers replaced\n');

    const text = await ballast('alerts', 'list');
    expect(text.stdout.split('\n')[0]).toMatch(/^RULE +DEPLOYMENT +CONDITION +SEVERITY +STATE +SINCE +VALUE$/);
    expect(text.stdout).toMatch(/inputs-drifted +credit +drift\.share > 0\.3 +page +inactive +- +-/);
    expect(text.stdout).toMatch(/slow +credit +latency\.p99 > 50 for 2m +ticket +inactive/);

    const json = JSON.parse((await ballast('alerts', 'list', '--json')).stdout);
    expect(json.receivers).toEqual([{ name: 'team', kind: 'webhook', url: 'http://127.0.0.1:9000/hook', allow_private: true }]);
    expect(json.rules[0]).toMatchObject({
      name: 'inputs-drifted',
      window_ms: 10_000,
      keep_firing_for_ms: 60_000,
      rollback: { to: 'previous', dry_run: false, cooldown_ms: 3_600_000 },
      state: { state: 'inactive', since: null },
    });

    const deleted = await ballast('alerts', 'delete', 'slow');
    expect(deleted.stdout).toBe('deleted alert rule slow\n');
    expect(JSON.parse((await ballast('alerts', 'list', '--json')).stdout).rules.map((r: { name: string }) => r.name)).toEqual([
      'inputs-drifted',
    ]);
    const again = await ballast('alerts', 'delete', 'slow');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('error: no alert rule is named "slow"\n');

    const audit = await ballast('audit', 'list', '--json');
    expect(audit.stdout).toMatch(/alerts\.apply/);
    expect(audit.stdout).toMatch(/alerts\.delete/);
  });

  it('exits 2 on an invalid file, prints every problem with its path, and applies nothing', async () => {
    const bad = RULES.replace('deployment: credit', 'deployment: nowhere')
      .replace('for: 2m', 'for: -2m')
      .replace('drift.share', 'drift.sharee');
    const result = await ballast('alerts', 'apply', file('bad.yaml', bad));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: bad\.yaml is not a valid alert rules file: rules\[0\]\.signal: unknown signal "drift\.sharee"/);
    expect(result.stderr).toMatch(/ {2}rules\[1\]\.for: must not be negative/);
    // The deployment is checked against the store once the file itself is valid.
    const unknown = await ballast('alerts', 'apply', file('unknown.yaml', RULES.replace('deployment: credit', 'deployment: nowhere')));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: the alert rules do not fit what is deployed: rules[0].deployment: no deployment is named "nowhere"\n',
    );
    expect(JSON.parse((await ballast('alerts', 'list', '--json')).stdout).rules.map((r: { name: string }) => r.name)).toEqual([
      'inputs-drifted',
    ]);
  });
});
