import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');

const RULES = `format: ballast.alerts/v1
rules:
  - name: inputs-drifted
    deployment: credit
    signal: drift.share
    window: 10s
    above: 0.3
`;

const ballast = (...args: string[]): Promise<CliResult> =>
  runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ana' } });

// Each test runs the binary several times; on a loaded machine one run can take seconds.
const CLI_TIMEOUT_MS = 120_000;

let dir: string;
// Only a rule that is applied can be silenced: deploy credit and apply the rule these tests silence.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-silences-cli-'));
  expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
  expect((await ballast('deploy', 'credit', '--model', 'credit:1')).code).toBe(0);
  writeFileSync(path.join(dir, 'alerts.yaml'), RULES);
  const applied = await ballast('alerts', 'apply', path.join(dir, 'alerts.yaml'));
  expect(applied.code, applied.stderr).toBe(0);
}, CLI_TIMEOUT_MS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ballast alerts silence / silences / unsilence', () => {
  it(
    'silences a rule for a while, lists it, and lifts it',
    async () => {
      const silenced = await ballast('alerts', 'silence', 'inputs-drifted', '--for', '2h', '--reason', 'retraining today');
      expect(silenced.code, silenced.stderr).toBe(0);
      const id = /silence (\S+);/.exec(silenced.stdout)![1]!;

      const listed = await ballast('alerts', 'silences', '--json');
      expect(listed.code).toBe(0);
      const [silence] = JSON.parse(listed.stdout);
      expect(silence).toMatchObject({ id, rule: 'inputs-drifted', reason: 'retraining today', createdBy: 'ana', active: true });
      expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(7_200_000);
      expect((await ballast('alerts', 'silences')).stdout).toMatch(
        new RegExp(`^${id}  active  inputs-drifted .* by ana: retraining today`),
      );

      const lifted = await ballast('alerts', 'unsilence', id);
      expect(lifted).toMatchObject({ code: 0, stdout: `lifted silence ${id} of inputs-drifted\n` });
      expect(JSON.parse((await ballast('alerts', 'silences', '--json')).stdout)[0]).toMatchObject({ id, active: false });

      const again = await ballast('alerts', 'unsilence', id);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`no running silence has id "${id}"`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a silence without a duration or reason, with a bad duration, or of a rule that is not applied',
    async () => {
      expect((await ballast('alerts', 'silence', 'r', '--reason', 'x')).code).toBe(2);
      expect((await ballast('alerts', 'silence', 'r', '--for', '1h')).code).toBe(2);
      const bad = await ballast('alerts', 'silence', 'r', '--for', 'soon', '--reason', 'x');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('must be a duration such as 2h');
      const unknown = await ballast('alerts', 'silence', 'inputs-drfited', '--for', '1h', '--reason', 'x');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no alert rule is named "inputs-drfited"');
      // Only the silence of the test before: none of these was stored.
      expect(JSON.parse((await ballast('alerts', 'silences', '--json')).stdout)).toHaveLength(1);
    },
    CLI_TIMEOUT_MS,
  );
});
