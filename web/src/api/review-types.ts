import type { PredictionViolation } from './contract-types.ts';
import type { ClassLabel, ModelVersionRef } from './types.ts';

/**
 * The wire shapes of human review (issue #15's contract): a prediction held for a reviewer, the
 * fallback its caller was answered with, and the reviewer's decision. snake_case, as the API sends them.
 */

export const REVIEW_STATUSES = ['pending', 'decided'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** `oldest` first (created_at), or by `priority` (lower = more urgent, e.g. closest to the threshold). */
export const REVIEW_ORDERS = ['oldest', 'priority'] as const;
export type ReviewOrder = (typeof REVIEW_ORDERS)[number];

/** What the caller got instead of the model's answer while the item waits. */
export type ReviewFallback =
  { readonly kind: 'abstain' } | { readonly kind: 'label'; readonly value: ClassLabel } | { readonly kind: 'stable' };

/** The model's own output (never the fallback): a classifier's label and probabilities, or a regressor's value. */
export type ReviewOutput = { readonly label: ClassLabel; readonly probabilities?: readonly number[] | null } | { readonly value: number };

export interface ReviewDecision {
  readonly label: ClassLabel;
  readonly note: string | null;
  readonly decided_by: string;
  readonly decided_at: string;
}

export interface ReviewItem {
  readonly id: string;
  readonly deployment: string;
  readonly prediction_id: string;
  readonly status: ReviewStatus;
  /** Why the policy held it, e.g. `max_probability 0.55 < 0.6`. */
  readonly reason: string;
  readonly priority: number;
  readonly created_at: string;
  readonly model: ModelVersionRef;
  /** Which role answered (`stable`, `canary`, `green`, `variant`). */
  readonly role: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: ReviewOutput;
  /** The model's classes in the order of `output.probabilities`; null for a regressor or when unknown. */
  readonly classes: readonly ClassLabel[] | null;
  /** Contract rules a `flag` policy let through. */
  readonly violations: readonly PredictionViolation[];
  readonly fallback: ReviewFallback;
  readonly decision: ReviewDecision | null;
}

/** `GET /v1/reviews`: the items asked for, and how many are pending (of the deployment asked for, else of all). */
export interface ReviewList {
  readonly reviews: readonly ReviewItem[];
  readonly pending: number;
}

export interface ReviewQuery {
  readonly deployment?: string | undefined;
  readonly status?: ReviewStatus | undefined;
  readonly order?: ReviewOrder | undefined;
  readonly limit?: number | undefined;
}

/** `POST /v1/reviews/{id}/decision`: a class of the model (a finite number for a regressor), and an optional note. */
export interface ReviewDecisionInput {
  readonly label: ClassLabel;
  readonly note?: string;
}
