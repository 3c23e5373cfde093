import { describe, expect, it } from 'vitest';
import type { ApprovalRecord, GovernanceReviewRecord } from './governance-records.ts';
import { compareSchedules, reviewSchedule } from './review-due.ts';

const approval = (over: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
  id: 'ap1',
  versionId: 'v1',
  modelName: 'credit',
  modelVersion: 3,
  stage: 'production',
  status: 'approved',
  requestedBy: 'ana',
  requestedAt: '2026-01-01T00:00:00.000Z',
  requestNote: null,
  testRunIds: [],
  reviewEveryDays: 90,
  decision: { status: 'approved', decidedBy: 'bo', decidedAt: '2026-01-02T00:00:00.000Z', note: null },
  ...over,
});

const review = (id: string, at: string, decision: GovernanceReviewRecord['decision'] = 'keep'): GovernanceReviewRecord => ({
  id,
  versionId: 'v1',
  approvalId: 'ap1',
  reviewer: 'bo',
  findings: 'fine',
  decision,
  at,
});

describe('reviewSchedule', () => {
  it('is due review_every_days after the approval was decided, and not overdue until then', () => {
    const s = reviewSchedule(approval(), [], new Date('2026-04-02T00:00:00.000Z'))!;
    expect(s.dueAt).toBe('2026-04-02T00:00:00.000Z'); // 2 Jan + 90 days
    expect(s).toMatchObject({ overdue: false, daysOverdue: 0, lastReview: null });
  });

  it('is overdue by fractional days once now is past the due date', () => {
    const s = reviewSchedule(approval(), [], new Date('2026-04-04T12:00:00.000Z'))!;
    expect(s.overdue).toBe(true);
    expect(s.daysOverdue).toBe(2.5);
  });

  it("counts from the latest review, whatever order the reviews come in, and uses the approval's own interval", () => {
    const reviews = [
      review('r1', '2026-02-01T00:00:00.000Z'),
      review('r3', '2026-03-01T00:00:00.000Z'),
      review('r2', '2026-02-15T00:00:00.000Z'),
    ];
    const s = reviewSchedule(approval({ reviewEveryDays: 10 }), reviews, new Date('2026-03-12T00:00:00.000Z'))!;
    expect(s.lastReview?.id).toBe('r3');
    expect(s.dueAt).toBe('2026-03-11T00:00:00.000Z');
    expect(s.daysOverdue).toBe(1);
  });

  it('ignores reviews of another approval of the version', () => {
    const other = { ...review('r9', '2026-03-30T00:00:00.000Z'), approvalId: 'ap0' };
    expect(reviewSchedule(approval(), [other], new Date('2026-04-03T00:00:00.000Z'))).toMatchObject({ lastReview: null, overdue: true });
  });

  it('ends when the latest review decided retire, however long ago', () => {
    const s = reviewSchedule(approval(), [review('r1', '2026-01-10T00:00:00.000Z', 'retire')], new Date('2030-01-01T00:00:00.000Z'))!;
    expect(s).toMatchObject({ dueAt: null, overdue: false, daysOverdue: 0 });
    expect(s.lastReview?.decision).toBe('retire');
  });

  it('breaks a tie of review times by id (ids sort by creation)', () => {
    const at = '2026-02-01T00:00:00.000Z';
    const s = reviewSchedule(approval(), [review('r2', at, 'retire'), review('r1', at, 'keep')], new Date(at))!;
    expect(s.lastReview?.id).toBe('r2');
  });

  it('has no schedule for a pending or rejected approval', () => {
    const now = new Date('2026-05-01T00:00:00.000Z');
    expect(reviewSchedule(approval({ status: 'pending', decision: null }), [], now)).toBeUndefined();
    const rejected = { status: 'rejected', decidedBy: 'bo', decidedAt: '2026-01-02T00:00:00.000Z', note: null } as const;
    expect(reviewSchedule(approval({ status: 'rejected', decision: rejected }), [], now)).toBeUndefined();
  });
});

describe('compareSchedules', () => {
  it('puts the earliest due first, ended schedules last, and breaks ties by model and version', () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    const late = reviewSchedule(approval({ id: 'a', modelName: 'b-model' }), [], now)!;
    const tie = reviewSchedule(approval({ id: 'b', modelName: 'a-model' }), [], now)!;
    const soon = reviewSchedule(approval({ id: 'c', reviewEveryDays: 365 }), [], now)!;
    const ended = reviewSchedule(approval({ id: 'ap1', modelVersion: 1 }), [review('r', '2026-01-05T00:00:00.000Z', 'retire')], now)!;
    const sorted = [ended, soon, late, tie].sort(compareSchedules).map((s) => s.approval.id);
    expect(sorted).toEqual(['b', 'a', 'c', 'ap1']);
  });
});
