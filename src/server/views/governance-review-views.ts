import { APPROVAL_STAGES, REVIEW_DECISIONS } from '../../core/governance/governance-records.ts';
import { bool, int, list, modelVersionRef, num, obj, str } from './wire-schema.ts';

/** Response schemas of the periodic-review routes (the bodies are made by review-schedule-wire.ts). */

const governanceReviewProperties = {
  id: str,
  approval_id: { ...str, description: 'the production approval the review belongs to' },
  reviewer: str,
  findings: str,
  decision: { type: 'string', enum: [...REVIEW_DECISIONS], description: 'keep, retrain, or retire (retire ends the schedule)' },
  at: str,
} as const;

export const governanceReviewSchema = obj({ ...governanceReviewProperties, model: modelVersionRef });

const reviewScheduleSchema = obj({
  model: modelVersionRef,
  approval_id: str,
  stage: { type: 'string', enum: [...APPROVAL_STAGES] },
  approved_at: str,
  review_every_days: int,
  last_review: obj(governanceReviewProperties, { nullable: true }),
  due_at: { type: ['string', 'null'], description: 'null when a retire review ended the schedule' },
  overdue: bool,
  days_overdue: { ...num, description: 'days (fractional) past the due date; 0 when not overdue' },
});

export const reviewSchedulesSchema = obj({ reviews: list(reviewScheduleSchema) });

export const versionReviewsSchema = obj({
  model: modelVersionRef,
  schedule: {
    ...reviewScheduleSchema,
    type: ['object', 'null'],
    description: "the version's review schedule; null without an approved production approval",
  },
  reviews: list(obj(governanceReviewProperties)),
});
