import { describe, expect, it } from 'vitest';
import type { RollbackAttempt } from '../api/alert-types.ts';
import type { DeploymentRevision } from '../api/types.ts';
import { attemptBehind, latestAlertRollback } from './alert-revision.ts';

const rev = (revision: number, version: number, actor: string): DeploymentRevision => ({
  revision,
  model: { name: 'credit', version },
  at: `2026-12-07T09:0${revision}:00.000Z`,
  actor,
});

describe('latestAlertRollback', () => {
  it('finds the rule that made the latest revision, with the versions it rolled from and to', () => {
    const history = [rev(1, 1, 'ops'), rev(3, 1, 'alert:credit-drift'), rev(2, 2, 'ops')];
    expect(latestAlertRollback({ revision: 3, history })).toEqual({
      rule: 'credit-drift',
      revision: 3,
      at: '2026-12-07T09:03:00.000Z',
      from: { name: 'credit', version: 2 },
      to: { name: 'credit', version: 1 },
    });
  });

  it('is gone once a person changes the deployment after the rollback', () => {
    const history = [rev(1, 1, 'ops'), rev(2, 2, 'ops'), rev(3, 1, 'alert:credit-drift'), rev(4, 2, 'dana')];
    expect(latestAlertRollback({ revision: 4, history })).toBeUndefined();
  });

  it('ignores actors that merely contain alert, and a history that is empty', () => {
    expect(latestAlertRollback({ revision: 2, history: [rev(1, 1, 'ops'), rev(2, 2, 'alerting-bot')] })).toBeUndefined();
    expect(latestAlertRollback({ revision: 2, history: [rev(1, 1, 'ops'), rev(2, 2, 'alert:')] })).toBeUndefined();
    expect(latestAlertRollback({ revision: 1, history: [] })).toBeUndefined();
  });

  it('says nothing of the version before when the history does not hold it', () => {
    expect(latestAlertRollback({ revision: 1, history: [rev(1, 1, 'alert:r')] })).toMatchObject({ rule: 'r', from: null });
  });
});

describe('attemptBehind', () => {
  const rollback = latestAlertRollback({ revision: 3, history: [rev(1, 1, 'ops'), rev(2, 2, 'ops'), rev(3, 1, 'alert:credit-drift')] })!;
  const attempt = (id: string, at: string, options: Partial<RollbackAttempt> = {}): RollbackAttempt => ({
    id,
    at,
    rule: 'credit-drift',
    from: { name: 'credit', version: 2 },
    to: { name: 'credit', version: 1 },
    outcome: 'rolled_back',
    reason: 'drift.share 0.42 > 0.3',
    signal: 'drift.share',
    value: 0.42,
    threshold: 0.3,
    ...options,
  });

  it('picks the newest rolled-back attempt of the rule to the version served, made by the revision', () => {
    const attempts = [
      attempt('old', '2026-12-07T08:00:00.000Z'),
      attempt('this', '2026-12-07T09:03:00.000Z'),
      attempt('refused-later', '2026-12-07T09:03:00.000Z', { outcome: 'refused', to: null }),
      attempt('after', '2026-12-07T09:30:00.000Z'),
      attempt('other-rule', '2026-12-07T09:02:30.000Z', { rule: 'credit-latency' }),
      attempt('dry', '2026-12-07T09:02:50.000Z', { outcome: 'dry_run' }),
    ];
    expect(attemptBehind(rollback, attempts)?.id).toBe('this');
  });

  it('finds none when no attempt matches, so the banner stands on the history alone', () => {
    expect(attemptBehind(rollback, [])).toBeUndefined();
    expect(attemptBehind(rollback, [attempt('to-2', '2026-12-07T09:03:00.000Z', { to: { name: 'credit', version: 2 } })])).toBeUndefined();
  });
});
