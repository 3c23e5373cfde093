import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
// Schedules may only name stored alert receivers: an admin applies the pagers first, as a rules file without rules.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-oncall-'));
  const file = path.join(dir, 'alerts.yaml');
  writeFileSync(file, RECEIVERS);
  const applied = await ballast('alerts', 'apply', file);
  expect(applied.code, applied.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

const RECEIVERS = `format: ballast.alerts/v1
receivers:
${['ann', 'bob', 'cem', 'dee'].map((name) => `  - { name: ${name}-pager, webhook: "http://127.0.0.1:9/${name}", allow_private: true }`).join('\n')}
`;

const SCHEDULES = `format: ballast.oncall/v1
schedules:
  - name: ml
    deployments: "*"
    time_zone: Europe/Berlin
    rotations:
      - type: daily
        handoff: "09:00"
        start: 2026-03-27
        participants:
          - { name: ann, receiver: ann-pager }
          - { name: bob, receiver: bob-pager }
          - { name: cem, receiver: cem-pager }
    overrides:
      - { who: dee, receiver: dee-pager, from: 2026-03-29T12:00, to: 2026-03-29T18:00 }
    escalation:
      - { level: 1, to: on_call, ack_timeout: 15m }
      - { level: 2, to: ann }
`;

describe('ballast oncall', () => {
  it('refuses an invalid file with every problem on its own line (exit 2), applying nothing', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, SCHEDULES.replace('Europe/Berlin', 'Europe/Nowhere').replace('"09:00"', '"9"'));
    const result = await ballast('oncall', 'apply', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: bad.yaml is not a valid on-call file: schedules[0].time_zone: is not an IANA time zone');
    expect(result.stderr).toContain('  schedules[0].rotations[0].handoff: must be a time of day HH:MM');
    expect((await ballast('oncall', 'show')).stdout.trim()).toBe('no on-call schedules are applied (ballast oncall apply FILE)');
    expect((await ballast('oncall', 'apply', path.join(dir, 'missing.yaml'))).code).toBe(2);
    writeFileSync(file, SCHEDULES.replace('receiver: dee-pager', 'receiver: eve-pager'));
    const unknown = await ballast('oncall', 'apply', file);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('schedules[0].overrides[0].receiver: no alert receiver is named eve-pager');
    expect((await ballast('oncall', 'show')).stdout.trim()).toBe('no on-call schedules are applied (ballast oncall apply FILE)');
  });

  it('applies a file, says when nothing changed, and answers who is on call across the clock change', async () => {
    const file = path.join(dir, 'oncall.yaml');
    writeFileSync(file, SCHEDULES);
    const applied = await ballast('oncall', 'apply', file);
    expect([applied.code, applied.stdout.trim()]).toEqual([0, 'applied on-call version 1: ml']);
    expect((await ballast('oncall', 'apply', file)).stdout.trim()).toBe('unchanged: on-call version 1 already has these schedules (ml)');

    // Sunday 29 March, 07:30Z is 09:30 CEST: cem's turn began at 09:00 CEST.
    const who = await ballast('oncall', 'who', '--at', '2026-03-29T07:30:00Z', '--json');
    expect(JSON.parse(who.stdout)).toEqual({
      at: '2026-03-29T07:30:00.000Z',
      schedules: [{ name: 'ml', on_call: 'cem', receiver: 'cem-pager', source: 'rotation', until: '2026-03-29T10:00:00.000Z' }],
    });
    const text = await ballast('oncall', 'who', 'ml', '--at', '2026-03-29T10:00:00Z');
    expect(text.stdout.trim()).toBe('ml  dee via dee-pager (override) until 2026-03-29 18:00 Sun Europe/Berlin');
    const unknown = await ballast('oncall', 'who', 'nope');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'error: no on-call schedule is named nope; schedules: ml']);
    expect((await ballast('oncall', 'who', '--at', 'soon')).code).toBe(2);
  });

  it('shows the schedules with their escalation and the coming turns, and --json is the API document', async () => {
    const show = await ballast('oncall', 'show', '--days', '2');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('ml (Europe/Berlin; deployments: every deployment no schedule names)');
    expect(show.stdout).toContain('  rotation: daily, 09:00 from 2026-03-27: ann, bob, cem');
    expect(show.stdout).toContain('  override: dee via dee-pager, 2026-03-29 12:00 Sun → 2026-03-29 18:00 Sun');
    expect(show.stdout).toContain('  escalation: 1 on_call (ack within 15m) → 2 ann');
    // Two days of daily turns from now: the rest of the current turn, the next, and (unless now is a handoff) part of one more.
    const turns = show.stdout.split('\n').filter((line) => / via /.test(line) && line.startsWith('    '));
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns.length).toBeLessThanOrEqual(3);
    const json = JSON.parse((await ballast('oncall', 'show', '--json')).stdout);
    expect(json).toMatchObject({ version: 1, applied_by: 'ci', document: { format: 'ballast.oncall/v1' } });
    expect(json.document.schedules[0].overrides[0]).toEqual({
      who: 'dee',
      receiver: 'dee-pager',
      from: '2026-03-29T10:00:00.000Z',
      to: '2026-03-29T16:00:00.000Z',
    });
  });
});
