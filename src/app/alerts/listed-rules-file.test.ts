import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertRuleWire } from '../../core/alerts/alert-rule-wire.ts';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';
import { BallastError } from '../../core/errors.ts';
import { readListedAlertRules } from './listed-rules-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-rules-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
}

describe('alert rules from a saved GET /v1/alerts/rules answer', () => {
  it('reads the wire shape into rules', async () => {
    const rules = await readListedAlertRules(
      file(
        'rules.json',
        JSON.stringify({
          // As GET /v1/alerts/rules answers: the wire form alertRuleWire writes.
          rules: [
            alertRuleWire(
              alertRule({
                keepFiringForMs: 60_000,
                notify: ['team'],
                rollback: { to: { kind: 'previous' }, dryRun: false, cooldownMs: 3_600_000 },
              }),
              null,
            ),
          ],
          receivers: [],
        }),
      ),
    );
    // The rule's condition and timing as sent; notify and rollback do not reach Prometheus, so they are not read.
    expect(rules).toEqual([
      alertRule({ name: 'inputs-drifted', deployment: 'credit', keepFiringForMs: 60_000, notify: [], rollback: null }),
    ]);
  });

  it('reports every problem with its path', async () => {
    const error = await readListedAlertRules(
      file(
        'bad.json',
        JSON.stringify({
          rules: [{ name: 'a', deployment: 'credit', signal: 'drift.share', above: 1, below: 2, for_ms: -1, severity: 'loud' }],
        }),
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).issues.map((i) => i.path.join('.'))).toEqual(['rules.0', 'rules.0.severity', 'rules.0.for_ms']);
  });

  it('says what is wrong with a file that is not the answer', async () => {
    await expect(readListedAlertRules(file('text.json', 'format: ballast.alerts/v1'))).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(readListedAlertRules(file('other.json', '{"alerts": []}'))).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('holds no alert rules'),
    });
    await expect(readListedAlertRules(path.join(dir, 'absent.json'))).rejects.toMatchObject({ code: 'file_not_found' });
  });
});
