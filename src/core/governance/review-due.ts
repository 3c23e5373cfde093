import type { ApprovalRecord, GovernanceReviewRecord } from './governance-records.ts';

/**
 * When an approved version's next periodic review is due. The schedule starts when the approval was
 * decided and restarts at each review: due = (the latest review's time, else the approval's decision
 * time) + review_every_days. A review deciding `retire` ends the schedule: a retired version is no
 * longer reviewed (a new approval starts a new schedule). Pure: `now` is passed in.
 */

const DAY_MS = 86_400_000;

export interface ReviewSchedule {
  readonly approval: ApprovalRecord;
  /** The approval's newest review, if any (it is what the due date counts from). */
  readonly lastReview: GovernanceReviewRecord | null;
  /** ISO time the next review is due; null when a `retire` review ended the schedule. */
  readonly dueAt: string | null;
  /** True when `now` is past the due date. */
  readonly overdue: boolean;
  /** How many days (fractional) `now` is past the due date; 0 when not overdue. */
  readonly daysOverdue: number;
}

/**
 * The schedule of an approved approval given its reviews (any order). A pending or rejected approval
 * has no schedule: undefined.
 */
export function reviewSchedule(
  approval: ApprovalRecord,
  reviews: readonly GovernanceReviewRecord[],
  now: Date,
): ReviewSchedule | undefined {
  if (approval.status !== 'approved' || approval.decision === null) return undefined;
  const lastReview = newestReview(reviews.filter((r) => r.approvalId === approval.id));
  if (lastReview?.decision === 'retire') return { approval, lastReview, dueAt: null, overdue: false, daysOverdue: 0 };
  const from = Date.parse(lastReview?.at ?? approval.decision.decidedAt);
  const due = from + approval.reviewEveryDays * DAY_MS;
  const late = now.getTime() - due;
  return { approval, lastReview, dueAt: new Date(due).toISOString(), overdue: late > 0, daysOverdue: late > 0 ? late / DAY_MS : 0 };
}

/** The newest review: latest `at`, the larger id (ids sort by creation) breaking a tie. */
function newestReview(reviews: readonly GovernanceReviewRecord[]): GovernanceReviewRecord | null {
  let newest: GovernanceReviewRecord | null = null;
  for (const review of reviews) {
    const t = Date.parse(review.at);
    const best = newest === null ? -Infinity : Date.parse(newest.at);
    if (t > best || (t === best && newest !== null && review.id > newest.id)) newest = review;
  }
  return newest;
}

/**
 * Schedules in the order a reviewer works them: overdue first (most overdue first), then by due date,
 * ended schedules last; the model name and version break ties so the order is stable.
 */
export function compareSchedules(a: ReviewSchedule, b: ReviewSchedule): number {
  if (a.dueAt !== b.dueAt) {
    if (a.dueAt === null) return 1;
    if (b.dueAt === null) return -1;
    return a.dueAt < b.dueAt ? -1 : 1;
  }
  return a.approval.modelName.localeCompare(b.approval.modelName) || a.approval.modelVersion - b.approval.modelVersion;
}
