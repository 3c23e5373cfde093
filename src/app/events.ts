import { BallastError } from '../core/errors.ts';
import type { Issue } from '../core/issues.ts';
import { parseEventItem, type EventItem } from '../core/kpis/event-items.ts';
import type { EventEntry } from '../store/event-repository.ts';
import type { AppContext } from './context.ts';
import { outcomeJoins, unknownPredictionMessage } from './outcome-joins.ts';
import type { LogReadiness } from './predictions.ts';

/**
 * - `accepted`: the event is recorded for its predictions (every prediction of a request id).
 * - `unknown_prediction`: no logged prediction of this deployment has that id.
 * - `invalid`: the item is malformed; `issues` say why.
 */
export type EventOutcome = 'accepted' | 'unknown_prediction' | 'invalid';

export interface EventItemResult {
  readonly index: number;
  readonly outcome: EventOutcome;
  /** The predictions the event was recorded for (accepted only). */
  readonly predictionIds?: readonly string[];
  readonly issues?: readonly Issue[];
  /** Why an item found no prediction (unknown_prediction only). */
  readonly message?: string;
}

export interface EventSummary {
  readonly results: readonly EventItemResult[];
  readonly accepted: number;
  readonly unknown: number;
  readonly invalid: number;
}

/**
 * Items one request may carry. Those past it are refused one by one (the answer names each), so a
 * sender that batched too much knows exactly which to send again, and nothing before them is lost.
 */
export const MAX_EVENTS_PER_REQUEST = 10_000;

/**
 * Records downstream outcomes (conversions, refunds) of a deployment's logged predictions. Each item
 * is judged on its own, so one bad item never fails the rest, and the good ones are written in one
 * transaction: all of them or none. Events are data arriving about predictions, not a change of
 * Ballast's state, so they get no audit entry; each row keeps who sent it and when.
 *
 * Each row copies its prediction's time and model version, so the KPIs of a window of predictions
 * are read from the events table alone (migration 0009).
 *
 * `log`: on a server, predictions answered a moment ago may still be on their way to the table,
 * and an event sent right after its prediction must still find it.
 */
export async function recordEvents(
  ctx: Pick<AppContext, 'store' | 'clock' | 'newId' | 'actor'>,
  deploymentName: string,
  items: readonly unknown[],
  log?: LogReadiness,
): Promise<EventSummary> {
  const deployment = await ctx.store.deployments.findByName(deploymentName);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${deploymentName}"`);
  await log?.logCaughtUp();

  const results: EventItemResult[] = [];
  const parsed: { index: number; item: EventItem }[] = [];
  items.forEach((raw, index) => {
    if (index >= MAX_EVENTS_PER_REQUEST) {
      results.push({
        index,
        outcome: 'invalid',
        issues: [
          {
            code: 'too_big',
            path: ['events', index],
            message: `one request takes at most ${MAX_EVENTS_PER_REQUEST} events; send this one in another request`,
          },
        ],
      });
      return;
    }
    const { item, issues } = parseEventItem(raw, ['events', index]);
    if (item) parsed.push({ index, item });
    else results.push({ index, outcome: 'invalid', issues });
  });

  const targets = await ctx.store.events.joinTargets(deploymentName, {
    predictionIds: parsed.filter((p) => p.item.key.field === 'prediction_id').map((p) => p.item.key.id),
    requestIds: parsed.filter((p) => p.item.key.field === 'request_id').map((p) => p.item.key.id),
  });
  const joinsOf = outcomeJoins(targets);

  const receivedAt = ctx.clock().toISOString();
  const entries: EventEntry[] = [];
  const accepted: EventItemResult[] = [];
  for (const { index, item } of parsed) {
    const joined = joinsOf(item.key);
    if (joined.length === 0) {
      results.push({
        index,
        outcome: 'unknown_prediction',
        message: unknownPredictionMessage(item.key, deploymentName, deployment.config.logSampleRate, 'have events'),
      });
      continue;
    }
    for (const t of joined) {
      entries.push({
        id: ctx.newId(),
        predictionId: t.predictionId,
        deploymentName,
        versionId: t.versionId,
        predictionAt: t.at,
        name: item.name,
        value: item.value,
        at: item.at ?? receivedAt,
        receivedAt,
        actor: ctx.actor,
      });
    }
    accepted.push({ index, outcome: 'accepted', predictionIds: joined.map((t) => t.predictionId) });
  }
  if (entries.length > 0) await ctx.store.transaction((repos) => repos.events.insertMany(entries));
  results.push(...accepted);

  results.sort((a, b) => a.index - b.index);
  const count = (outcome: EventOutcome) => results.filter((r) => r.outcome === outcome).length;
  return { results, accepted: count('accepted'), unknown: count('unknown_prediction'), invalid: count('invalid') };
}
