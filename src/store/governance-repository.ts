import type { Kysely } from 'kysely';
import type {
  ApprovalDecision,
  ApprovalRecord,
  ApprovalStage,
  ApprovalStatus,
  GovernanceReviewDecision,
  GovernanceReviewRecord,
  ModelPolicy,
} from '../core/governance/governance-records.ts';
import type { ApprovalsTable, Database, GovernanceReviewsTable } from './schema.ts';

export interface ApprovalListQuery {
  readonly status?: ApprovalStatus;
  readonly modelName?: string;
  readonly versionId?: string;
  readonly limit: number;
}

/** Promotion policies, approvals and periodic reviews (migration 0024). */
export class GovernanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async policy(modelId: string): Promise<ModelPolicy | undefined> {
    const row = await this.db.selectFrom('model_policies').selectAll().where('model_id', '=', modelId).executeTakeFirst();
    return (
      row && {
        modelId: row.model_id,
        requireSuites: JSON.parse(row.require_suites) as string[],
        requireApproval: Number(row.require_approval) === 1,
        updatedBy: row.updated_by,
        updatedAt: row.updated_at,
      }
    );
  }

  /** Creates or replaces the model's policy in one statement. */
  async setPolicy(policy: ModelPolicy): Promise<void> {
    const values = {
      require_suites: JSON.stringify(policy.requireSuites),
      require_approval: policy.requireApproval ? 1 : 0,
      updated_by: policy.updatedBy,
      updated_at: policy.updatedAt,
    };
    await this.db
      .insertInto('model_policies')
      .values({ model_id: policy.modelId, ...values })
      .onConflict((oc) => oc.column('model_id').doUpdateSet(values))
      .execute();
  }

  async insertApproval(approval: ApprovalRecord): Promise<void> {
    await this.db
      .insertInto('approvals')
      .values({
        id: approval.id,
        version_id: approval.versionId,
        model_name: approval.modelName,
        model_version: approval.modelVersion,
        stage: approval.stage,
        status: approval.status,
        requested_by: approval.requestedBy,
        requested_at: approval.requestedAt,
        request_note: approval.requestNote,
        test_run_ids: JSON.stringify(approval.testRunIds),
        review_every_days: approval.reviewEveryDays,
        decided_by: approval.decision?.decidedBy ?? null,
        decided_at: approval.decision?.decidedAt ?? null,
        decision_note: approval.decision?.note ?? null,
      })
      .execute();
  }

  async findApproval(id: string): Promise<ApprovalRecord | undefined> {
    const row = await this.db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toApproval(row);
  }

  /** Newest request first. */
  async listApprovals(query: ApprovalListQuery): Promise<ApprovalRecord[]> {
    let q = this.db.selectFrom('approvals').selectAll();
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.modelName !== undefined) q = q.where('model_name', '=', query.modelName);
    if (query.versionId !== undefined) q = q.where('version_id', '=', query.versionId);
    const rows = await q.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(toApproval);
  }

  /**
   * Records the decision if the approval is still pending: a compare-and-set on the status, so of two
   * approvers deciding at once exactly one wins (false for the other).
   */
  async decideApproval(id: string, decision: ApprovalDecision): Promise<boolean> {
    const result = await this.db
      .updateTable('approvals')
      .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_note: decision.note })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The newest approved approval of a version for a stage: what a promotion gate asks for. */
  async latestApproved(versionId: string, stage: ApprovalStage): Promise<ApprovalRecord | undefined> {
    const row = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('version_id', '=', versionId)
      .where('stage', '=', stage)
      .where('status', '=', 'approved')
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toApproval(row);
  }

  async insertReview(review: GovernanceReviewRecord): Promise<void> {
    await this.db
      .insertInto('governance_reviews')
      .values({
        id: review.id,
        version_id: review.versionId,
        approval_id: review.approvalId,
        reviewer: review.reviewer,
        findings: review.findings,
        decision: review.decision,
        at: review.at,
      })
      .execute();
  }

  /** An approval's periodic reviews, newest first. */
  async reviewsOfApproval(approvalId: string): Promise<GovernanceReviewRecord[]> {
    const rows = await this.db
      .selectFrom('governance_reviews')
      .selectAll()
      .where('approval_id', '=', approvalId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toReview);
  }
}

function toApproval(row: ApprovalsTable): ApprovalRecord {
  return {
    id: row.id,
    versionId: row.version_id,
    modelName: row.model_name,
    modelVersion: Number(row.model_version),
    stage: row.stage as ApprovalStage,
    status: row.status as ApprovalStatus,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    requestNote: row.request_note,
    testRunIds: JSON.parse(row.test_run_ids) as string[],
    reviewEveryDays: Number(row.review_every_days),
    decision:
      row.status === 'pending'
        ? null
        : {
            status: row.status as 'approved' | 'rejected',
            decidedBy: row.decided_by!,
            decidedAt: row.decided_at!,
            note: row.decision_note,
          },
  };
}

function toReview(row: GovernanceReviewsTable): GovernanceReviewRecord {
  return {
    id: row.id,
    versionId: row.version_id,
    approvalId: row.approval_id,
    reviewer: row.reviewer,
    findings: row.findings,
    decision: row.decision as GovernanceReviewDecision,
    at: row.at,
  };
}
