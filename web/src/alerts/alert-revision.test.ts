import { describe, expect, it } from 'vitest';
import type { DeploymentRevision } from '../api/types.ts';
import { latestAlertRollback } from './alert-revision.ts';

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
