import { BallastError } from '../../core/errors.ts';
import {
  REVIEW_DECISIONS,
  type ApprovalRecord,
  type GovernanceReviewDecision,
  type GovernanceReviewRecord,
} from '../../core/governance/governance-records.ts';
import { compareSchedules, reviewSchedule, type ReviewSchedule } from '../../core/governance/review-due.ts';
import { roleAllows, type Role } from '../../core/serving-records.ts';
import type { Repositories, Store } from '../../store/store.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef } from '../resolve-model.ts';

/**
 * Periodic review of approved versions. Only `production` approvals are scheduled, and of a version
 * only its newest approved one (an approval granted again restarts the schedule). A review is recorded
 * by someone with the approver role, against that approval, audited.
 */

/** More approved production approvals than any registry holds; the list is read whole. */
const MAX_APPROVALS = 100_000;
export const MAX_FINDINGS_LENGTH = 10_000;

type GovernanceReader = Pick<Repositories, 'governance'>;

/** The newest approved production approval of each version (by decision time, then id). */
function newestPerVersion(approvals: readonly ApprovalRecord[]): ApprovalRecord[] {
  const newest = new Map<string, ApprovalRecord>();
  for (const a of approvals) {
    if (a.stage !== 'production' || a.decision === null) continue;
    const seen = newest.get(a.versionId);
    const later =
      seen === undefined ||
      a.decision.decidedAt > seen.decision!.decidedAt ||
      (a.decision.decidedAt === seen.decision!.decidedAt && a.id > seen.id);
    if (later) newest.set(a.versionId, a);
  }
  return [...newest.values()];
}

async function scheduleOf(repos: GovernanceReader, approval: ApprovalRecord, now: Date): Promise<ReviewSchedule> {
  return reviewSchedule(approval, await repos.governance.reviewsOfApproval(approval.id), now)!;
}

export interface ReviewsDueQuery {
  /** Only schedules past their due date. */
  readonly overdue?: boolean;
  /** Only versions of this model. */
  readonly model?: string;
}

/**
 * Every running review schedule (retired versions' schedules have ended and are left out), the most
 * overdue first, then by due date.
 */
export async function reviewsDue(ctx: Pick<AppContext, 'store' | 'clock'>, query: ReviewsDueQuery = {}): Promise<ReviewSchedule[]> {
  const now = ctx.clock();
  const approved = await ctx.store.governance.listApprovals({ status: 'approved', modelName: query.model, limit: MAX_APPROVALS });
  const schedules: ReviewSchedule[] = [];
  for (const approval of newestPerVersion(approved)) {
    const schedule = await scheduleOf(ctx.store, approval, now);
    if (schedule.dueAt !== null && (!query.overdue || schedule.overdue)) schedules.push(schedule);
  }
  return schedules.sort(compareSchedules);
}

export interface VersionReviews {
  /** The schedule of the version's newest approved production approval (ended when retired); null without one. */
  readonly schedule: ReviewSchedule | null;
  /** Every periodic review of the version's approved production approvals, newest first. */
  readonly reviews: GovernanceReviewRecord[];
}

/** A version's review schedule and its review history (`MODEL:V`, `MODEL@alias` or `MODEL`). */
export async function versionReviews(ctx: Pick<AppContext, 'store' | 'clock'>, ref: string): Promise<VersionReviews> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const approvals = (await ctx.store.governance.listApprovals({ status: 'approved', versionId: version.id, limit: MAX_APPROVALS })).filter(
    (a) => a.stage === 'production',
  );
  const [current] = newestPerVersion(approvals);
  const reviews = (await Promise.all(approvals.map((a) => ctx.store.governance.reviewsOfApproval(a.id))))
    .flat()
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return { schedule: current ? await scheduleOf(ctx.store, current, ctx.clock()) : null, reviews };
}

/**
 * For the `governance.review_overdue` alert signal: how many days the periodic review of a version is
 * overdue (0 when it is not, or its schedule ended); undefined when the version has no approved
 * production approval, so there is nothing to be overdue.
 */
export async function reviewOverdueDays(store: Pick<Store, 'governance'>, versionId: string, now: Date): Promise<number | undefined> {
  const approval = await store.governance.latestApproved(versionId, 'production');
  return approval && (await scheduleOf(store, approval, now)).daysOverdue;
}

export interface RecordReviewInput {
  readonly findings: string;
  readonly decision: string;
}

function checkInput(input: RecordReviewInput): { findings: string; decision: GovernanceReviewDecision } {
  const findings = input.findings.trim();
  if (findings === '')
    throw new BallastError('invalid_argument', 'a periodic review needs findings: what was looked at and what was found');
  if (findings.length > MAX_FINDINGS_LENGTH)
    throw new BallastError('invalid_argument', `findings must be at most ${MAX_FINDINGS_LENGTH} characters`);
  if (!(REVIEW_DECISIONS as readonly string[]).includes(input.decision))
    throw new BallastError('invalid_argument', `decision "${input.decision}" is not one of ${REVIEW_DECISIONS.join(', ')}`);
  return { findings, decision: input.decision as GovernanceReviewDecision };
}

/**
 * Records a periodic review of a version's current production approval, by `ctx.actor` holding
 * `role` (the token's on the server; on the CLI, actorRole's). Written with its audit entry
 * `governance_review.record` in one transaction. A retired version takes no more reviews: a new
 * approval starts a new schedule.
 */
export async function recordPeriodicReview(
  ctx: AppContext,
  ref: string,
  input: RecordReviewInput,
  role: Role | undefined,
): Promise<GovernanceReviewRecord> {
  if (role === undefined || !roleAllows(role, 'approver'))
    throw new BallastError(
      'forbidden',
      role === undefined
        ? `"${ctx.actor}" holds no active token, so no approver role: create a token named after each approver (ballast tokens create --name ${ctx.actor} --role approver)`
        : `recording a periodic review needs the approver role; "${ctx.actor}" is ${role}`,
    );
  const { findings, decision } = checkInput(input);
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, ref);
    const approval = await tx.governance.latestApproved(version.id, 'production');
    if (approval === undefined)
      throw new BallastError('approval_not_found', `${model.name}:${version.version} has no approved production approval to review`);
    const [last] = await tx.governance.reviewsOfApproval(approval.id);
    if (last?.decision === 'retire')
      throw new BallastError(
        'conflict',
        `${model.name}:${version.version} was retired by ${last.reviewer} at ${last.at}; a new production approval starts a new review schedule`,
      );
    const review: GovernanceReviewRecord = {
      id: ctx.newId(),
      versionId: version.id,
      approvalId: approval.id,
      reviewer: ctx.actor,
      findings,
      decision,
      at: ctx.clock().toISOString(),
    };
    await tx.governance.insertReview(review);
    await audit({
      action: 'governance_review.record',
      objectType: 'governance_review',
      objectId: review.id,
      details: { model: model.name, version: version.version, approval_id: approval.id, decision },
    });
    return review;
  });
}
