import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { AppContext } from './context.ts';

/**
 * Reading the prediction log from a server: predictions answered a moment ago are listed and
 * found, though their records may still be on their way to the table (ServingHost.logCaughtUp).
 * The CLI, which serves nothing, passes no log.
 */
export interface LogReadiness {
  logCaughtUp(): Promise<void>;
}

export interface PredictionQuery {
  readonly deployment?: string;
  readonly requestId?: string;
  readonly before?: string;
  readonly flagged?: boolean;
  readonly limit: number;
}

/** A page of the log, newest first, and the id to pass as `before` for the next (null on the last page). */
export async function listPredictions(
  ctx: Pick<AppContext, 'store'>,
  query: PredictionQuery,
  log?: LogReadiness,
): Promise<{ predictions: PredictionLogRecord[]; next: string | null }> {
  await log?.logCaughtUp();
  // One row more than asked says whether there is a next page.
  const rows = await ctx.store.predictions.list({ ...query, limit: query.limit + 1 });
  return { predictions: rows.slice(0, query.limit), next: rows.length > query.limit ? rows[query.limit - 1]!.id : null };
}
