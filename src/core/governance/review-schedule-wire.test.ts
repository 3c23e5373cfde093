import { describe, expect, it } from 'vitest';
import type { ApprovalRecord } from './governance-records.ts';
import { reviewSchedule } from './review-due.ts';
import { reviewScheduleWire } from './review-schedule-wire.ts';

const approval: ApprovalRecord = {
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
  reviewEveryDays: 1,
  decision: { status: 'approved', decidedBy: 'bo', decidedAt: '2026-01-02T00:00:00.000Z', note: null },
};

describe('reviewScheduleWire', () => {
  it('is the snake_case shape of GET /v1/governance/reviews, with the last review', () => {
    const review = {
      id: 'r1',
      versionId: 'v1',
      approvalId: 'ap1',
      reviewer: 'bo',
      findings: 'ok',
      decision: 'keep',
      at: '2026-01-03T00:00:00.000Z',
    } as const;
    const schedule = reviewSchedule(approval, [review], new Date('2026-01-05T00:00:00.000Z'))!;
    expect(reviewScheduleWire(schedule)).toEqual({
      model: { name: 'credit', version: 3 },
      approval_id: 'ap1',
      stage: 'production',
      approved_at: '2026-01-02T00:00:00.000Z',
      review_every_days: 1,
      last_review: { id: 'r1', approval_id: 'ap1', reviewer: 'bo', findings: 'ok', decision: 'keep', at: '2026-01-03T00:00:00.000Z' },
      due_at: '2026-01-04T00:00:00.000Z',
      overdue: true,
      days_overdue: 1,
    });
  });
});
