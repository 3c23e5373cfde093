import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from './incident.ts';
import { formatDuration, postmortemTimes } from './postmortem-times.ts';

const incident: Incident = {
  id: 'i',
  deployment: 'credit',
  title: 't',
  severity: 'page',
  status: 'resolved',
  commander: null,
  openedAt: '2026-01-01T10:00:30.000Z',
  acknowledgedAt: null,
  mitigatedAt: '2026-01-01T10:10:00.000Z',
  resolvedAt: '2026-01-01T11:00:00.000Z',
  rules: ['r'],
};
const entry = (at: string, kind: TimelineEntry['kind'], details: Record<string, unknown> = {}): TimelineEntry => ({
  at,
  kind,
  actor: null,
  summary: '',
  details,
});

describe('postmortemTimes', () => {
  it('detects from the first reading over the threshold to the firing, and mitigates at the first rollback after it', () => {
    const times = postmortemTimes(incident, [
      entry('2026-01-01T09:00:00.000Z', 'rollback'), // before the firing: not a mitigation of it
      entry('2026-01-01T10:00:30.000Z', 'alert_firing', { active_since: '2026-01-01T10:00:00.000Z' }),
      entry('2026-01-01T10:00:31.000Z', 'rollback', { outcome: 'dry_run' }),
      entry('2026-01-01T10:00:32.000Z', 'rollback'),
    ]);
    expect(times).toEqual({
      firedAt: '2026-01-01T10:00:30.000Z',
      conditionSince: '2026-01-01T10:00:00.000Z',
      timeToDetectMs: 30_000,
      mitigatedAt: '2026-01-01T10:00:32.000Z',
      mitigatedBy: 'rollback',
      timeToMitigateMs: 2_000,
    });
  });

  it('falls back to the mitigated status, and says unknown rather than zero', () => {
    const times = postmortemTimes(incident, [entry('2026-01-01T10:00:30.000Z', 'alert_firing')]);
    expect(times).toMatchObject({ timeToDetectMs: null, mitigatedBy: 'status', timeToMitigateMs: 570_000 });
    const open = postmortemTimes({ ...incident, mitigatedAt: null }, []);
    expect(open).toMatchObject({ firedAt: incident.openedAt, mitigatedAt: null, timeToMitigateMs: null });
  });
});

describe('formatDuration', () => {
  it('prints two units at most', () => {
    expect([250, 45_000, 725_000, 3 * 3600_000 + 120_000, 2 * 86_400_000 + 4 * 3600_000 + 59_000, 3600_000].map(formatDuration)).toEqual([
      '250 ms',
      '45 s',
      '12 min 5 s',
      '3 h 2 min',
      '2 d 4 h',
      '1 h',
    ]);
  });
});
