import { BallastError } from '../../core/errors.ts';
import {
  APPROVAL_STAGES,
  APPROVAL_STATUSES,
  DEFAULT_REVIEW_EVERY_DAYS,
  type ApprovalRecord,
  type ApprovalStage,
  type ApprovalStatus,
} from '../../core/governance/governance-records.ts';
import { IssueCollector } from '../../core/issues.ts';
import { roleAllows, type Role } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { storeApprovalCard } from '../model-cards/model-cards.ts';
import { resolveModelRef } from '../resolve-model.ts';

/** A test run an approval relied on, as the approval shows it. */
export interface ApprovalTestRun {
  readonly id: string;
  readonly suite: string;
  readonly passed: boolean;
}

/** An approval with the runs it names (a run is never deleted, so each id resolves). */
export interface ApprovalDetail {
  readonly approval: ApprovalRecord;
  readonly testRuns: readonly ApprovalTestRun[];
  /** The model card stored when the approval was decided; null while pending, or when storing it failed. */
  readonly cardId: string | null;
  /** Set by a decision whose card could not be stored: why (the decision stands). */
  readonly cardProblem?: string;
}

export interface ApprovalRequestInput {
  /** MODEL:V (or MODEL@alias, resolved now and pinned). */
  readonly ref: string;
  readonly stage: unknown;
  readonly note?: string;
  readonly reviewEveryDays?: unknown;
}

/** Longest periodic review interval accepted: ten years. */
const MAX_REVIEW_EVERY_DAYS = 3650;
const MAX_NOTE = 2000;

/**
 * Requests an approval of a version for a stage, naming the latest run of every suite the version has
 * at this moment (what the approver is asked to rely on). One pending request per version and stage:
 * a second is a `conflict`. Audited `approval.request` in the transaction that writes it.
 */
export async function requestApproval(ctx: AppContext, input: ApprovalRequestInput): Promise<ApprovalDetail> {
  const issues = new IssueCollector();
  if (!(APPROVAL_STAGES as readonly unknown[]).includes(input.stage))
    issues.report(input.stage === undefined ? 'missing' : 'invalid_value', ['stage'], `must be one of ${APPROVAL_STAGES.join(', ')}`);
  const every = input.reviewEveryDays ?? DEFAULT_REVIEW_EVERY_DAYS;
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > MAX_REVIEW_EVERY_DAYS)
    issues.report('invalid_value', ['review_every_days'], `must be a whole number of days from 1 to ${MAX_REVIEW_EVERY_DAYS}`);
  checkNote(input.note, issues);
  issues.throwIfAny('invalid_argument', `cannot request an approval of ${input.ref}`);
  const stage = input.stage as ApprovalStage;
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, input.ref);
    const name = `${model.name}:${version.version}`;
    const pending = await tx.governance.listApprovals({ versionId: version.id, status: 'pending', limit: 100 });
    const open = pending.find((a) => a.stage === stage);
    if (open !== undefined)
      throw new BallastError('conflict', `${name} already has a pending ${stage} approval (${open.id}); decide it first`);
    const runs = [...(await tx.testRuns.latestPerSuite(version.id)).values()];
    const approval: ApprovalRecord = {
      id: ctx.newId(),
      versionId: version.id,
      modelName: model.name,
      modelVersion: version.version,
      stage,
      status: 'pending',
      requestedBy: ctx.actor,
      requestedAt: ctx.clock().toISOString(),
      requestNote: emptyToNull(input.note),
      testRunIds: runs.map((r) => r.id),
      reviewEveryDays: every as number,
      decision: null,
    };
    await tx.governance.insertApproval(approval);
    await audit({
      action: 'approval.request',
      objectType: 'approval',
      objectId: approval.id,
      details: {
        model: name,
        stage,
        test_runs: approval.testRunIds,
        review_every_days: approval.reviewEveryDays,
        note: approval.requestNote,
      },
    });
    return { approval, testRuns: runs.map((r) => ({ id: r.id, suite: r.suiteName, passed: r.passed })), cardId: null };
  });
}

export interface ApprovalDecisionInput {
  readonly id: string;
  readonly decision: 'approved' | 'rejected';
  readonly note?: string;
  /** The decider's role: the token's on the server, `actorRole` on the CLI. */
  readonly role: Role | undefined;
}

/**
 * Approves or rejects a pending approval. Four eyes: the requester may not decide it (`self_approval`),
 * and the decider needs the approver role or above (`forbidden`). The decision is a compare-and-set on
 * the pending status, so of two approvers deciding at once one wins and the other gets
 * `approval_already_decided`. Audited `approval.approve` / `approval.reject`.
 *
 * Right after the decision commits, the version's model card as it then stands is stored and linked to
 * the approval (`card_id`). It is built after the commit, not inside the transaction: gathering a card
 * reads days of the prediction log, far too long to hold the write lock for. A card that cannot be built
 * or stored never undoes the decision: the approval keeps `card_id: null` and `cardProblem` says why
 * (the CLI prints it on stderr; the server logs it).
 */
export async function decideApproval(ctx: AppContext, input: ApprovalDecisionInput): Promise<ApprovalDetail> {
  const decided = await recordDecision(ctx, input);
  try {
    const card = await storeApprovalCard(ctx, decided.approval);
    return { ...decided, cardId: card.id };
  } catch (error) {
    return { ...decided, cardProblem: `the model card could not be stored: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function recordDecision(ctx: AppContext, input: ApprovalDecisionInput): Promise<ApprovalDetail> {
  const issues = new IssueCollector();
  checkNote(input.note, issues);
  issues.throwIfAny('invalid_argument', `cannot decide approval ${input.id}`);
  return auditedTransaction(ctx, async (tx, audit) => {
    const approval = await findApproval(tx, input.id);
    if (approval.requestedBy === ctx.actor)
      throw new BallastError('self_approval', `${ctx.actor} requested approval ${approval.id}; someone else must decide it`);
    if (input.role === undefined || !roleAllows(input.role, 'approver'))
      throw new BallastError(
        'forbidden',
        `deciding an approval needs the approver role; ${ctx.actor} has ${input.role ?? 'none (on the CLI: an active token named after you gives your role)'}`,
      );
    const decision = { status: input.decision, decidedBy: ctx.actor, decidedAt: ctx.clock().toISOString(), note: emptyToNull(input.note) };
    if (approval.status !== 'pending' || !(await tx.governance.decideApproval(approval.id, decision)))
      throw new BallastError('approval_already_decided', `approval ${approval.id} was already decided; a decision is final`);
    await audit({
      action: input.decision === 'approved' ? 'approval.approve' : 'approval.reject',
      objectType: 'approval',
      objectId: approval.id,
      details: { model: `${approval.modelName}:${approval.modelVersion}`, stage: approval.stage, note: decision.note },
    });
    return withRuns(tx, { ...approval, status: decision.status, decision });
  });
}

export async function getApproval(ctx: Pick<AppContext, 'store'>, id: string): Promise<ApprovalDetail> {
  return withRuns(ctx.store, await findApproval(ctx.store, id));
}

export interface ApprovalListInput {
  readonly status?: string;
  readonly model?: string;
  readonly limit?: number;
}

/** Approvals, newest request first, filtered by status and model name. */
export async function listApprovals(ctx: Pick<AppContext, 'store'>, input: ApprovalListInput): Promise<ApprovalDetail[]> {
  if (input.status !== undefined && !(APPROVAL_STATUSES as readonly string[]).includes(input.status))
    throw new BallastError('invalid_argument', `status "${input.status}" is not one of ${APPROVAL_STATUSES.join(', ')}`);
  const approvals = await ctx.store.governance.listApprovals({
    status: input.status as ApprovalStatus | undefined,
    modelName: input.model,
    limit: input.limit ?? 100,
  });
  return Promise.all(approvals.map((a) => withRuns(ctx.store, a)));
}

async function findApproval(repos: Pick<Repositories, 'governance'>, id: string): Promise<ApprovalRecord> {
  const approval = await repos.governance.findApproval(id);
  if (approval === undefined) throw new BallastError('approval_not_found', `no approval with id "${id}"`);
  return approval;
}

async function withRuns(repos: Pick<Repositories, 'testRuns' | 'modelCards'>, approval: ApprovalRecord): Promise<ApprovalDetail> {
  const runs = await Promise.all(approval.testRunIds.map((id) => repos.testRuns.find(id)));
  const card = approval.status === 'pending' ? undefined : await repos.modelCards.findCardOfApproval(approval.id);
  return {
    approval,
    testRuns: runs.flatMap((r) => (r === undefined ? [] : [{ id: r.id, suite: r.suiteName, passed: r.passed }])),
    cardId: card?.id ?? null,
  };
}

function checkNote(note: string | undefined, issues: IssueCollector): void {
  if (note !== undefined && note.length > MAX_NOTE) issues.report('too_big', ['note'], `must be at most ${MAX_NOTE} characters`);
}

function emptyToNull(note: string | undefined): string | null {
  return note === undefined || note.trim() === '' ? null : note;
}
