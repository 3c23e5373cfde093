import { describe, expect, it } from 'vitest';
import { cooldownRefusal, formatAgo, formatDuration } from './rollback-guards.ts';
import type { RollbackRecord } from './rollback-record.ts';

const HOUR = 3_600_000;

function rollback(at: string, from: number, to: number, overrides: Partial<RollbackRecord> = {}): RollbackRecord {
  return {
    id: `r-${at}`,
    deployment: 'credit-risk',
    at,
    rule: 'inputs-drifted',
    from: { name: 'credit', version: from },
    to: { name: 'credit', version: to },
    outcome: 'rolled_back',
    reason: '',
    signal: 'drift.share',
    value: 0.5,
    threshold: 0.3,
    ...overrides,
  };
}

const now = '2026-11-25T12:00:00.000Z';
const target = { name: 'credit', version: 3 };

describe('cooldown guards', () => {
  it('pass when nothing was rolled back within the cooldown', () => {
    const old = rollback('2026-11-25T10:59:59.000Z', 3, 2);
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: HOUR, recent: [old] })).toBeUndefined();
  });

  it('refuse a target that was rolled back from within the cooldown, saying when and how long the cooldown is', () => {
    const recent = [rollback('2026-11-25T11:48:00.000Z', 3, 2)];
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: HOUR, recent })).toBe(
      'credit:3 was rolled back from 12 min ago; cooldown 1h',
    );
  });

  it('refuse a target rolled back from on another deployment, naming it', () => {
    const recent = [rollback('2026-11-25T11:59:20.000Z', 3, 2, { deployment: 'credit-eu' })];
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: 30 * 60_000, recent })).toBe(
      'credit:3 was rolled back from 40 s ago on credit-eu; cooldown 30m',
    );
  });

  it('allow one rollback per deployment per cooldown, naming the last one', () => {
    const recent = [rollback('2026-11-25T09:00:00.000Z', 5, 4), rollback('2026-11-25T10:30:00.000Z', 4, 2, { rule: 'latency' })];
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: 2 * HOUR, recent })).toBe(
      'credit-risk was already rolled back 1 h ago (credit:4 → credit:2 by rule latency); one rollback per deployment per cooldown 2h',
    );
  });

  it('count only rollbacks that happened: refused, failed and dry runs do not start a cooldown', () => {
    const recent = (['refused', 'failed', 'dry_run'] as const).map((outcome) => rollback('2026-11-25T11:50:00.000Z', 3, 2, { outcome }));
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: HOUR, recent })).toBeUndefined();
  });

  it('leave other deployments their own cooldown', () => {
    const recent = [rollback('2026-11-25T11:50:00.000Z', 7, 6, { deployment: 'fraud' })];
    expect(cooldownRefusal({ deployment: 'credit-risk', target, now, cooldownMs: HOUR, recent })).toBeUndefined();
  });
});

describe('durations in words', () => {
  it('say how long ago, rounded down', () => {
    expect([0, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000 * 2].map(formatAgo)).toEqual([
      '0 s ago',
      '59 s ago',
      '1 min ago',
      '59 min ago',
      '1 h ago',
      '2 d ago',
    ]);
  });

  it('spell a cooldown as a rules file does', () => {
    expect([500, 90_000, HOUR, 1.5 * HOUR, 86_400_000 + HOUR].map(formatDuration)).toEqual(['500ms', '1m30s', '1h', '1h30m', '1d1h']);
  });
});
