/**
 * Governance records: a model's promotion policy, approvals (four eyes: requested by one person, decided by
 * another with the `approver` role) and periodic reviews of an approved version. Approvals and reviews are
 * immutable once decided; every write is audited in the same transaction.
 */

/** Stages a version may be approved for. `production` is what the `champion` alias and production deployments need. */
export const APPROVAL_STAGES = ['staging', 'production'] as const;
export type ApprovalStage = (typeof APPROVAL_STAGES)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** How often an approved version is reviewed when the request does not say (days). */
export const DEFAULT_REVIEW_EVERY_DAYS = 90;

export interface ModelPolicy {
  readonly modelId: string;
  /** Suites whose latest run on a version must pass before it is promoted. */
  readonly requireSuites: readonly string[];
  /** A promotion needs an approved approval for the stage. */
  readonly requireApproval: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface ApprovalDecision {
  readonly status: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly note: string | null;
}

export interface ApprovalRecord {
  readonly id: string;
  readonly versionId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly stage: ApprovalStage;
  readonly status: ApprovalStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly requestNote: string | null;
  /** The test runs (ids) the approval relied on: the latest run of each suite when it was requested. */
  readonly testRunIds: readonly string[];
  /** Days between periodic reviews once approved. */
  readonly reviewEveryDays: number;
  readonly decision: ApprovalDecision | null;
}

export const REVIEW_DECISIONS = ['keep', 'retrain', 'retire'] as const;
export type GovernanceReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A periodic review of an approved version: who looked, what they found, what they decided. */
export interface GovernanceReviewRecord {
  readonly id: string;
  readonly versionId: string;
  readonly approvalId: string;
  readonly reviewer: string;
  readonly findings: string;
  readonly decision: GovernanceReviewDecision;
  readonly at: string;
}
