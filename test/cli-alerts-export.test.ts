import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRuleWire } from '../src/core/alerts/alert-rule-wire.ts';
import type { AlertRule } from '../src/core/alerts/alert-rule.ts';
import { alertRule } from '../src/core/alerts/testing/alert-builders.ts';
import { hasPromtool, promtool, PROMTOOL_SKIPPED } from '../src/app/alerts/testing/promtool.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-alerts-export-'));
  const rule = (name: string, signal: string, extra: Partial<AlertRule> = {}) =>
    alertRuleWire(alertRule({ name, signal, keepFiringForMs: 60_000, notify: ['team'], ...extra }), null);
  // As GET /v1/alerts/rules answers (its wire form, written by the same function).
  writeFileSync(
    path.join(dir, 'rules.json'),
    JSON.stringify({
      rules: [rule('inputs-drifted', 'drift.share'), rule('slow', 'latency.p99', { above: 50 }), rule('budget', 'slo.availability.page')],
      receivers: [],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });
}

describe('ballast alerts export --prometheus', () => {
  it('prints the rules with a series, names the others on standard error', async () => {
    const printed = await ballast('alerts', 'export', '--prometheus', '--rules', 'rules.json');
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('- alert: inputs-drifted');
    expect(printed.stdout).toContain('expr: ballast_drift_share{deployment="credit"} > 0.3');
    expect(printed.stdout).toContain('keep_firing_for: 1m');
    expect(printed.stdout).not.toContain('budget');
    expect(printed.stderr).toMatch(/^left out budget \(slo\.availability\.page\): SLO burn rates/);
  });

  it.skipIf(!hasPromtool)('writes a file promtool accepts', async () => {
    const written = await ballast('alerts', 'export', '--prometheus', '--rules', 'rules.json', '--output', 'ballast-rules.yml');
    expect(written.stdout).toBe('2 rules written to ballast-rules.yml, 1 left out\n');
    expect(readFileSync(path.join(dir, 'ballast-rules.yml'), 'utf8')).toContain('groups:');
    const checked = await promtool(['check', 'rules', 'ballast-rules.yml'], dir);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toContain('SUCCESS: 2 rules found');
  });

  it.skipIf(hasPromtool)(PROMTOOL_SKIPPED, () => {});

  it('exports the applied rules when no file is given (none applied here: no alert)', async () => {
    const applied = await ballast('alerts', 'export', '--prometheus');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('- alert:');
  });

  it('asks for the format and for rules it can read', async () => {
    expect((await ballast('alerts', 'export', '--rules', 'rules.json')).stderr).toBe('error: say which format: --prometheus\n');
    const missing = await ballast('alerts', 'export', '--prometheus', '--rules', 'absent.json');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('cannot read absent.json');
  });
});
