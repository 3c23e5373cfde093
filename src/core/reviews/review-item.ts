import type { AnswerRole, ReviewFallback } from '../rollouts/deployment-routing.ts';
import type { FlaggedViolation } from '../serving-records.ts';
import type { ClassLabel } from '../signature.ts';

export const REVIEW_STATUSES = ['pending', 'decided'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** How a queue is read: oldest first (fair), or the most doubtful first (priority, then oldest). */
export const REVIEW_ORDERS = ['oldest', 'priority'] as const;
export type ReviewOrder = (typeof REVIEW_ORDERS)[number];

/** A reviewer's decision: final once made. */
export interface ReviewDecision {
  readonly label: ClassLabel;
  readonly note: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/** One prediction held for human review: what the model saw and said, why it was held, and the decision. */
export interface ReviewItem {
  readonly id: string;
  readonly predictionId: string;
  readonly deploymentName: string;
  readonly versionId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly role: AnswerRole;
  readonly status: ReviewStatus;
  readonly reason: string;
  /** Lower is more urgent (review-verdict.ts). */
  readonly priority: number;
  /** What the caller was answered with at once. */
  readonly fallback: ReviewFallback;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The model's own answer (`{label, probabilities}` or `{value}`), never the fallback. */
  readonly output: Readonly<Record<string, unknown>>;
  readonly violations: readonly FlaggedViolation[];
  readonly createdAt: string;
  readonly decision: ReviewDecision | null;
}
