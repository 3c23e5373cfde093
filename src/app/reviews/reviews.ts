import { BallastError } from '../../core/errors.ts';
import { REVIEW_ORDERS, REVIEW_STATUSES, type ReviewItem, type ReviewOrder, type ReviewStatus } from '../../core/reviews/review-item.ts';
import type { ClassLabel, OutputSpec } from '../../core/signature.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

export const MAX_REVIEW_LIMIT = 500;
const DEFAULT_REVIEW_LIMIT = 50;

/** An item with the classes its model knows (null for a regressor, or a version gone from the registry). */
export interface ReviewView {
  readonly item: ReviewItem;
  readonly classes: readonly ClassLabel[] | null;
}

export interface ReviewQuery {
  readonly deployment?: string;
  readonly status?: string;
  readonly limit?: number;
  readonly order?: string;
}

/** The queue, filtered; `pending` counts every pending item of the filter's deployment (or all), not just this page. */
export async function listReviews(
  ctx: Pick<AppContext, 'store'>,
  query: ReviewQuery,
): Promise<{ readonly reviews: readonly ReviewView[]; readonly pending: number }> {
  const limit = query.limit ?? DEFAULT_REVIEW_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REVIEW_LIMIT)
    throw new BallastError('invalid_argument', `limit must be a whole number from 1 to ${MAX_REVIEW_LIMIT}`);
  const status = oneOf(query.status, REVIEW_STATUSES, 'status');
  const order = oneOf(query.order, REVIEW_ORDERS, 'order') ?? 'oldest';
  const items = await ctx.store.reviews.list({
    limit,
    order: order as ReviewOrder,
    ...(status !== undefined ? { status: status as ReviewStatus } : {}),
    ...(query.deployment !== undefined ? { deployment: query.deployment } : {}),
  });
  const counts = await ctx.store.reviews.pendingCounts(query.deployment);
  const outputs = new Map<string, OutputSpec | undefined>();
  const reviews: ReviewView[] = [];
  for (const item of items) {
    if (!outputs.has(item.versionId)) outputs.set(item.versionId, (await ctx.store.versions.findById(item.versionId))?.signature.output);
    reviews.push({ item, classes: outputs.get(item.versionId)?.classes ?? null });
  }
  return { reviews, pending: [...counts.values()].reduce((n, c) => n + c, 0) };
}

export async function getReview(ctx: Pick<AppContext, 'store'>, id: string): Promise<ReviewView> {
  const item = await ctx.store.reviews.find(id);
  if (item === undefined) throw new BallastError('review_not_found', `no review item has id "${id}"`);
  const output = (await ctx.store.versions.findById(item.versionId))?.signature.output;
  return { item, classes: output?.classes ?? null };
}

export interface ReviewDecisionInput {
  /** A class of the model (its text form is enough: `1` finds the number 1), or a number for a regressor. */
  readonly label: unknown;
  readonly note?: string;
}

/**
 * A reviewer's decision: final, audited (`review.decide`), and the prediction's ground truth — in the
 * same transaction the label is written as feedback with source `review`, so performance, the
 * outcome loop and the prediction's detail count it like any label, marked as from review.
 */
export async function decideReview(ctx: AppContext, id: string, input: ReviewDecisionInput): Promise<ReviewView> {
  return auditedTransaction(ctx, async (tx, record) => {
    const item = await tx.reviews.find(id);
    if (item === undefined) throw new BallastError('review_not_found', `no review item has id "${id}"`);
    if (item.decision !== null) throw alreadyDecided(item);
    const output = (await tx.versions.findById(item.versionId))?.signature.output;
    const label = decidedLabel(input.label, output, `${item.modelName}:${item.modelVersion}`);
    const at = ctx.clock().toISOString();
    const note = input.note?.trim() ? input.note.trim() : null;
    const decision = { label, note, decidedBy: ctx.actor, decidedAt: at };
    // A compare-and-set on the status: another reviewer's decision committed since the read loses us the race.
    if (!(await tx.reviews.decide(id, decision))) throw alreadyDecided((await tx.reviews.find(id)) ?? item);
    await tx.feedback.insertMany([
      {
        id: ctx.newId(),
        predictionId: item.predictionId,
        deploymentName: item.deploymentName,
        label,
        receivedAt: at,
        actor: ctx.actor,
        source: 'review',
      },
    ]);
    await record({
      action: 'review.decide',
      objectType: 'review',
      objectId: id,
      details: { deployment: item.deploymentName, prediction_id: item.predictionId, label, ...(note !== null ? { note } : {}) },
    });
    return { item: { ...item, status: 'decided', decision }, classes: output?.classes ?? null };
  });
}

function alreadyDecided(item: ReviewItem): BallastError {
  const by = item.decision ? ` by ${item.decision.decidedBy} at ${item.decision.decidedAt}` : '';
  return new BallastError('review_already_decided', `review item ${item.id} was already decided${by}; a decision is final`);
}

/** The label as the model names it, or unknown_label. */
function decidedLabel(sent: unknown, output: OutputSpec | undefined, model: string): ClassLabel {
  if (output === undefined) throw new BallastError('unknown_label', `the model version ${model} is no longer in the registry`);
  if (output.kind === 'regression') {
    const value = typeof sent === 'number' ? sent : typeof sent === 'string' && sent.trim() !== '' ? Number(sent) : Number.NaN;
    if (!Number.isFinite(value)) throw new BallastError('unknown_label', `${model} is a regressor: the label must be a finite number`);
    return value;
  }
  const classes = output.classes ?? [];
  const exact = classes.find((c) => c === sent);
  const found =
    exact ?? (typeof sent === 'string' || typeof sent === 'number' ? classes.find((c) => String(c) === String(sent)) : undefined);
  if (found === undefined)
    throw new BallastError(
      'unknown_label',
      `${JSON.stringify(sent)} is not a class of ${model} (classes: ${classes.map(String).join(', ')})`,
    );
  return found;
}

function oneOf(value: string | undefined, allowed: readonly string[], name: string): string | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  throw new BallastError('invalid_argument', `${name} must be one of ${allowed.join(', ')}`);
}
