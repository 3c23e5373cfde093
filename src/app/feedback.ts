import { BallastError } from '../core/errors.ts';
import { labelIssue, parseFeedbackItem, type FeedbackItem } from '../core/feedback-items.ts';
import { labelFromText } from '../core/feedback-label-text.ts';
import type { Issue, IssuePath } from '../core/issues.ts';
import type { OutputSpec } from '../core/signature.ts';
import type { FeedbackEntry, JoinTarget } from '../store/feedback-repository.ts';
import type { AppContext } from './context.ts';
import { outcomeJoins, unknownPredictionMessage } from './outcome-joins.ts';
import type { LogReadiness } from './predictions.ts';

/**
 * - `accepted`: the label is now the current label of its predictions.
 * - `replaced`: as accepted, and a label was there before; both stay in the history.
 * - `unknown_prediction`: no logged prediction of this deployment has that id.
 * - `invalid`: the item is malformed or its label does not fit the model; `issues` say why.
 */
export type FeedbackOutcome = 'accepted' | 'replaced' | 'unknown_prediction' | 'invalid';

export interface FeedbackItemResult {
  readonly index: number;
  readonly outcome: FeedbackOutcome;
  /** The predictions the label was written to (accepted and replaced only). */
  readonly predictionIds?: readonly string[];
  readonly issues?: readonly Issue[];
  /** Why an item found no prediction (unknown_prediction only). */
  readonly message?: string;
}

export interface FeedbackSummary {
  readonly results: readonly FeedbackItemResult[];
  readonly accepted: number;
  readonly replaced: number;
  readonly unknown: number;
  readonly invalid: number;
}

interface Pending {
  readonly index: number;
  readonly item: FeedbackItem;
  readonly predictionIds: readonly string[];
  /** An earlier item of the same batch labelled one of these predictions (laterWins only). */
  readonly replacesEarlier: boolean;
}

/** How a batch read from a file differs from one request of the API. */
export interface FeedbackBatchOptions {
  /** String labels are text read from a file (CSV cells): turned into the model's value first (labelFromText). */
  readonly labelsAsText?: boolean;
  /**
   * Two items for one prediction: the later one becomes current and counts as replaced, both kept
   * in the history, as a file read top to bottom means. Without it (one API request, whose items
   * have no order a sender means) the later one is refused as a duplicate.
   */
  readonly laterWins?: boolean;
}

/**
 * Records ground truth for a deployment's logged predictions. Each item is judged on its own, so
 * one bad item never fails the rest, and the good ones are written in one transaction: all of
 * them or none. Labels are data arriving about predictions, not a change of Ballast's state, so
 * they get no audit entry (the audit log would grow with traffic); each row keeps who sent it and
 * when instead, and the history of a prediction's labels is never overwritten.
 *
 * `log`: on a server, predictions answered a moment ago may still be on their way to the table,
 * and a label sent right after its prediction must still find it.
 */
export async function recordFeedback(
  ctx: Pick<AppContext, 'store' | 'clock' | 'newId' | 'actor'>,
  deploymentName: string,
  items: readonly unknown[],
  log?: LogReadiness,
  options: FeedbackBatchOptions = {},
): Promise<FeedbackSummary> {
  const deployment = await ctx.store.deployments.findByName(deploymentName);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${deploymentName}"`);
  await log?.logCaughtUp();

  const results: FeedbackItemResult[] = [];
  const parsed: { index: number; item: FeedbackItem }[] = [];
  items.forEach((raw, index) => {
    const { item, issues } = parseFeedbackItem(raw, ['feedback', index]);
    if (item) parsed.push({ index, item });
    else results.push({ index, outcome: 'invalid', issues });
  });

  const targets = await ctx.store.feedback.joinTargets(deploymentName, {
    predictionIds: parsed.filter((p) => p.item.key.field === 'prediction_id').map((p) => p.item.key.id),
    requestIds: parsed.filter((p) => p.item.key.field === 'request_id').map((p) => p.item.key.id),
  });
  const joinsOf = outcomeJoins(targets);
  const outputs = await outputsOf(ctx, [...new Set(targets.map((t) => t.versionId))]);

  const claimedBy = new Map<string, number>();
  const pending: Pending[] = [];
  for (const { index, item: sent } of parsed) {
    const path = ['feedback', index];
    const { field } = sent.key;
    const joined = joinsOf(sent.key);
    if (joined.length === 0) {
      results.push({
        index,
        outcome: 'unknown_prediction',
        message: unknownPredictionMessage(sent.key, deploymentName, deployment.config.logSampleRate, 'be labelled'),
      });
      continue;
    }
    const item = options.labelsAsText ? withLabelFromText(sent, outputs.get(joined[0]!.versionId)) : sent;
    const issues = labelIssues(item, joined, outputs, path);
    const taken = joined.find((t) => claimedBy.has(t.predictionId));
    if (issues.length === 0 && taken && !options.laterWins) {
      // Two labels for one prediction in one request would leave which one is current to the order
      // of the items: the first counts, and a later one is refused naming it.
      issues.push({
        code: 'duplicate',
        path: [...path, field],
        message: `prediction ${taken.predictionId} is already labelled by item ${claimedBy.get(taken.predictionId)} of this request`,
      });
    }
    if (issues.length > 0) {
      results.push({ index, outcome: 'invalid', issues });
      continue;
    }
    for (const t of joined) claimedBy.set(t.predictionId, index);
    pending.push({ index, item, predictionIds: joined.map((t) => t.predictionId), replacesEarlier: taken !== undefined });
  }

  const labelled = await writeLabels(ctx, deploymentName, pending);
  for (const p of pending) {
    const outcome = p.replacesEarlier || p.predictionIds.some((id) => labelled.has(id)) ? 'replaced' : 'accepted';
    results.push({ index: p.index, outcome, predictionIds: p.predictionIds });
  }

  results.sort((a, b) => a.index - b.index);
  const counts: Record<FeedbackOutcome, number> = { accepted: 0, replaced: 0, unknown_prediction: 0, invalid: 0 };
  for (const r of results) counts[r.outcome]++;
  return {
    results,
    accepted: counts.accepted,
    replaced: counts.replaced,
    unknown: counts.unknown_prediction,
    invalid: counts.invalid,
  };
}

/** Writes the labels in one transaction; answers the current labels they found (the ones they replace). */
async function writeLabels(
  ctx: Pick<AppContext, 'store' | 'clock' | 'newId' | 'actor'>,
  deploymentName: string,
  pending: readonly Pending[],
): Promise<ReadonlyMap<string, FeedbackEntry>> {
  if (pending.length === 0) return new Map();
  const receivedAt = ctx.clock().toISOString();
  return ctx.store.transaction(async (repos) => {
    const before = await repos.feedback.current(pending.flatMap((p) => p.predictionIds));
    const entries: FeedbackEntry[] = pending.flatMap((p) =>
      p.predictionIds.map((predictionId) => ({
        id: ctx.newId(),
        predictionId,
        deploymentName,
        label: p.item.target.value,
        receivedAt,
        actor: ctx.actor,
      })),
    );
    await repos.feedback.insertMany(entries);
    return before;
  });
}

function withLabelFromText(item: FeedbackItem, output: OutputSpec | undefined): FeedbackItem {
  const { value } = item.target;
  if (typeof value !== 'string' || output === undefined) return item;
  return { ...item, target: { ...item.target, value: labelFromText(value, output) } };
}

/** Whether the label fits every model version that made the predictions it joins (a request may span a rollout). */
function labelIssues(
  item: FeedbackItem,
  joined: readonly JoinTarget[],
  outputs: ReadonlyMap<string, OutputSpec>,
  path: IssuePath,
): Issue[] {
  const issues: Issue[] = [];
  // Nearly every item joins one prediction: no set to build for it.
  const versions = joined.length === 1 ? [joined[0]!.versionId] : new Set(joined.map((t) => t.versionId));
  for (const versionId of versions) {
    const output = outputs.get(versionId);
    const issue =
      output === undefined
        ? {
            code: 'invalid_value' as const,
            path: [...path, item.key.field],
            message: `the model version ${versionId} that made this prediction is not in the registry`,
          }
        : labelIssue(item.target, output, path);
    if (issue) issues.push(issue);
  }
  return issues;
}

async function outputsOf(ctx: Pick<AppContext, 'store'>, versionIds: readonly string[]): Promise<Map<string, OutputSpec>> {
  const outputs = new Map<string, OutputSpec>();
  for (const id of versionIds) {
    const version = await ctx.store.versions.findById(id);
    if (version) outputs.set(id, version.signature.output);
  }
  return outputs;
}
