import type { GovernanceReviewRecord } from './governance-records.ts';
import type { ReviewSchedule } from './review-due.ts';

/** The wire (snake_case) forms of periodic reviews: the API's answers and the CLI's --json print the same. */

export function governanceReviewWire(review: GovernanceReviewRecord) {
  return {
    id: review.id,
    approval_id: review.approvalId,
    reviewer: review.reviewer,
    findings: review.findings,
    decision: review.decision,
    at: review.at,
  };
}

export function reviewScheduleWire(schedule: ReviewSchedule) {
  const { approval } = schedule;
  return {
    model: { name: approval.modelName, version: approval.modelVersion },
    approval_id: approval.id,
    stage: approval.stage,
    approved_at: approval.decision!.decidedAt,
    review_every_days: approval.reviewEveryDays,
    last_review: schedule.lastReview && governanceReviewWire(schedule.lastReview),
    due_at: schedule.dueAt,
    overdue: schedule.overdue,
    days_overdue: schedule.daysOverdue,
  };
}
