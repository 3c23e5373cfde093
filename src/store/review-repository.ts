import type { Kysely } from 'kysely';
import type { ReviewDecision, ReviewItem, ReviewOrder, ReviewStatus } from '../core/reviews/review-item.ts';
import type { AnswerRole, ReviewFallback } from '../core/rollouts/deployment-routing.ts';
import type { ClassLabel } from '../core/signature.ts';
import type { Database, ReviewItemsTable } from './schema.ts';

export interface ReviewListQuery {
  readonly deployment?: string;
  readonly status?: ReviewStatus;
  readonly order: ReviewOrder;
  readonly limit: number;
}

/** The review queue: items held by review policies, and their decisions. */
export class ReviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One statement for all of a request's held rows, so they commit together. */
  async insertMany(items: readonly ReviewItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.insertInto('review_items').values(items.map(toRow)).execute();
  }

  async find(id: string): Promise<ReviewItem | undefined> {
    const row = await this.db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toItem(row);
  }

  async list(query: ReviewListQuery): Promise<ReviewItem[]> {
    let q = this.db.selectFrom('review_items').selectAll();
    if (query.deployment !== undefined) q = q.where('deployment_name', '=', query.deployment);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.order === 'priority') q = q.orderBy('priority');
    // ids are ULIDs: within one millisecond they keep the order the items were made in.
    const rows = await q.orderBy('created_at').orderBy('id').limit(query.limit).execute();
    return rows.map(toItem);
  }

  /** Pending items per deployment (deployments with none are absent). */
  async pendingCounts(deployment?: string): Promise<Map<string, number>> {
    let q = this.db
      .selectFrom('review_items')
      .select(['deployment_name', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('status', '=', 'pending');
    if (deployment !== undefined) q = q.where('deployment_name', '=', deployment);
    const rows = await q.groupBy('deployment_name').execute();
    return new Map(rows.map((r) => [r.deployment_name, Number(r.n)]));
  }

  /**
   * Records the decision if the item is still pending: a compare-and-set on the status, so of two
   * reviewers deciding at once exactly one wins (false for the other).
   */
  async decide(id: string, decision: ReviewDecision): Promise<boolean> {
    const result = await this.db
      .updateTable('review_items')
      .set({
        status: 'decided',
        decided_at: decision.decidedAt,
        decided_by: decision.decidedBy,
        label: JSON.stringify(decision.label),
        note: decision.note,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toRow(item: ReviewItem): ReviewItemsTable {
  return {
    id: item.id,
    prediction_id: item.predictionId,
    deployment_name: item.deploymentName,
    version_id: item.versionId,
    model_name: item.modelName,
    model_version: item.modelVersion,
    role: item.role,
    status: item.status,
    reason: item.reason,
    priority: item.priority,
    fallback: JSON.stringify(item.fallback),
    inputs: JSON.stringify(item.inputs),
    output: JSON.stringify(item.output),
    violations: JSON.stringify(item.violations),
    created_at: item.createdAt,
    decided_at: item.decision?.decidedAt ?? null,
    decided_by: item.decision?.decidedBy ?? null,
    label: item.decision ? JSON.stringify(item.decision.label) : null,
    note: item.decision?.note ?? null,
  };
}

function toItem(row: ReviewItemsTable): ReviewItem {
  return {
    id: row.id,
    predictionId: row.prediction_id,
    deploymentName: row.deployment_name,
    versionId: row.version_id,
    modelName: row.model_name,
    modelVersion: Number(row.model_version),
    role: row.role as AnswerRole,
    status: row.status as ReviewStatus,
    reason: row.reason,
    priority: Number(row.priority),
    fallback: JSON.parse(row.fallback) as ReviewFallback,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    output: JSON.parse(row.output) as Record<string, unknown>,
    violations: JSON.parse(row.violations) as ReviewItem['violations'],
    createdAt: row.created_at,
    decision:
      row.status === 'decided' && row.label !== null
        ? { label: JSON.parse(row.label) as ClassLabel, note: row.note, decidedBy: row.decided_by ?? '', decidedAt: row.decided_at ?? '' }
        : null,
  };
}
