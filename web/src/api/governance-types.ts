/** The wire shapes of the governance routes (docs/governance.md): approvals, policies, periodic reviews. */

export type ApprovalStage = 'staging' | 'production';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';
export type ReviewDecision = 'keep' | 'retrain' | 'retire';

export interface ModelVersionRef {
  readonly name: string;
  readonly version: number;
}

export interface Approval {
  readonly id: string;
  readonly model: ModelVersionRef;
  readonly stage: ApprovalStage;
  readonly status: ApprovalStatus;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly request_note: string | null;
  /** The test runs the request relied on: the latest run of each suite when it was made. */
  readonly test_runs: readonly { readonly id: string; readonly suite: string; readonly passed: boolean }[];
  readonly review_every_days: number;
  readonly decision: null | {
    readonly status: 'approved' | 'rejected';
    readonly decided_by: string;
    readonly decided_at: string;
    readonly note: string | null;
  };
}

export interface ModelPolicy {
  readonly require_suites: readonly string[];
  readonly require_approval: boolean;
  readonly updated_by: string;
  readonly updated_at: string;
}

export interface GovernanceReview {
  readonly id: string;
  readonly approval_id: string;
  readonly reviewer: string;
  readonly findings: string;
  readonly decision: ReviewDecision;
  readonly at: string;
}

/** One running periodic-review schedule (GET /v1/governance/reviews). */
export interface ReviewSchedule {
  readonly model: ModelVersionRef;
  readonly approval_id: string;
  readonly stage: ApprovalStage;
  readonly approved_at: string;
  readonly review_every_days: number;
  readonly last_review: GovernanceReview | null;
  /** Null when a retire review ended the schedule. */
  readonly due_at: string | null;
  readonly overdue: boolean;
  /** Fractional days past the due date; 0 when not overdue. */
  readonly days_overdue: number;
}

export interface VersionReviews {
  readonly model: ModelVersionRef;
  readonly schedule: ReviewSchedule | null;
  readonly reviews: readonly GovernanceReview[];
}
