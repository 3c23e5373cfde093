import { describe, expect, it } from 'vitest';
import type { Approval, ReviewSchedule } from '../api/governance-types.ts';
import { approvalTone, canApprove, decisionAllowed, overdueBadgeLabel, overdueText, scheduleState } from './governance-wording.ts';

const approval: Approval = {
  id: 'a1',
  model: { name: 'credit', version: 3 },
  stage: 'production',
  status: 'pending',
  requested_by: 'ana',
  requested_at: '2026-12-01T10:00:00.000Z',
  request_note: null,
  test_runs: [],
  review_every_days: 90,
  decision: null,
};

const schedule = (over: Partial<ReviewSchedule>): ReviewSchedule => ({
  model: { name: 'credit', version: 3 },
  approval_id: 'a1',
  stage: 'production',
  approved_at: '2026-01-01T00:00:00.000Z',
  review_every_days: 90,
  last_review: null,
  due_at: '2026-04-01T00:00:00.000Z',
  overdue: false,
  days_overdue: 0,
  ...over,
});

describe('governance wording', () => {
  it('lets approvers, operators and admins decide, never the requester, and only pending approvals', () => {
    expect(['viewer', 'reviewer', 'approver', 'operator', 'admin'].map((r) => canApprove(r as never))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(decisionAllowed(approval, { actor: 'bo', role: 'approver' })).toBe(true);
    expect(decisionAllowed(approval, { actor: 'ana', role: 'admin' })).toBe(false);
    expect(decisionAllowed(approval, { actor: 'bo', role: 'reviewer' })).toBe(false);
    expect(decisionAllowed({ ...approval, status: 'approved' }, { actor: 'bo', role: 'approver' })).toBe(false);
  });

  it('colours statuses and says how late a review is in whole days', () => {
    expect([approvalTone('pending'), approvalTone('approved'), approvalTone('rejected')]).toEqual(['warn', 'good', 'bad']);
    expect(overdueText(0.2)).toBe('overdue by less than a day');
    expect(overdueText(1.9)).toBe('overdue by 1 day');
    expect(overdueText(12.5)).toBe('overdue by 12 days');
  });

  it('tells retired, overdue and on-time schedules apart', () => {
    expect(scheduleState(schedule({ due_at: null }))).toEqual({ tone: 'muted', text: 'retired: no more reviews' });
    expect(scheduleState(schedule({ overdue: true, days_overdue: 3.2 }))).toEqual({ tone: 'bad', text: 'overdue by 3 days' });
    expect(scheduleState(schedule({}))).toEqual({ tone: 'good', text: 'on time' });
    expect([overdueBadgeLabel(1), overdueBadgeLabel(4)]).toEqual(['1 periodic review is overdue', '4 periodic reviews are overdue']);
  });
});
