import { describe, expect, it } from 'vitest';
import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';
import { rollbackTimelineEntry } from './rollback-timeline-entry.ts';

const outcome = (overrides: Partial<RollbackRecord>): RollbackRecord => ({
  id: '01R',
  deployment: 'credit-risk',
  at: '2026-11-25T12:00:01.000Z',
  rule: 'inputs-drifted',
  from: { name: 'credit', version: 2 },
  to: { name: 'credit', version: 1 },
  outcome: 'rolled_back',
  reason: 'rolled back …',
  signal: 'drift.share',
  value: 0.42,
  threshold: 0.3,
  ...overrides,
});

describe('rollback attempts on the incident timeline', () => {
  it('are rollbacks when the deployment moved or a dry run would have moved it', () => {
    expect(rollbackTimelineEntry(outcome({}))).toEqual({
      kind: 'rollback',
      at: '2026-11-25T12:00:01.000Z',
      summary: 'Rule inputs-drifted rolled credit-risk back from credit:2 to credit:1',
      details: {
        rollback_id: '01R',
        rule: 'inputs-drifted',
        outcome: 'rolled_back',
        from: 'credit:2',
        to: 'credit:1',
        signal: 'drift.share',
        value: 0.42,
        threshold: 0.3,
        reason: 'rolled back …',
      },
    });
    const dry = rollbackTimelineEntry(outcome({ outcome: 'dry_run' }));
    expect([dry.kind, dry.summary]).toEqual([
      'rollback',
      'Rule inputs-drifted would roll credit-risk back from credit:2 to credit:1 (dry run)',
    ]);
  });

  it('are failed rollbacks, with why, when it could not happen', () => {
    const refused = rollbackTimelineEntry(outcome({ outcome: 'refused', reason: 'credit:1 was rolled back from 12 min ago; cooldown 1h' }));
    expect([refused.kind, refused.summary]).toEqual([
      'rollback_failed',
      'Rule inputs-drifted did not roll credit-risk back: credit:1 was rolled back from 12 min ago; cooldown 1h',
    ]);
    const failed = rollbackTimelineEntry(outcome({ outcome: 'failed', to: null, reason: 'the rollback target credit:9 does not exist' }));
    expect([failed.kind, failed.summary, failed.details.to]).toEqual([
      'rollback_failed',
      'Rule inputs-drifted could not roll credit-risk back: the rollback target credit:9 does not exist',
      null,
    ]);
  });
});
