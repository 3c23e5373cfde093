import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { BallastError } from '../../core/errors.ts';
import { formatFeatureRef } from '../../core/features/feature-definitions.ts';
import type { SkewExample } from '../../core/features/skew.ts';
import { parseTimestamp } from '../../core/features/timestamps.ts';
import { MASK } from '../../core/privacy/mask.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { sensitiveColumnLookup } from '../privacy/sensitive-columns.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { enrichmentOrThrow, measureSkew, type SkewStore } from './skew.ts';

export const SKEW_DEFAULTS = { since: '24h', limit: 10_000, tolerance: 1e-6 } as const;
/** The most predictions one report reads: each is compared on every enriched feature, in memory. */
export const MAX_SKEW_LIMIT = 100_000;

export interface SkewReportOptions {
  /** ISO 8601 time, or a duration before now (`24h`, `7d`, `PT30M`); default 24h. */
  readonly since?: string;
  /** The newest this many predictions since `since` (default 10 000, at most 100 000). */
  readonly limit?: number;
  /** Numbers match when |served − offline| ≤ tolerance × max(1, |offline|); default 1e-6. */
  readonly tolerance?: number;
}

/** The report on the wire (`--json`, GET /v1/deployments/{name}/feature-skew). */
export interface SkewReportView {
  readonly deployment: string;
  readonly feature_set_version: number;
  readonly entity_key: string;
  readonly since: string;
  readonly until: string;
  readonly tolerance: number;
  readonly limit: number;
  /** Predictions read: the newest `limit` logged since `since`. */
  readonly predictions: number;
  /** Whether older predictions since `since` were left out by the limit. */
  readonly truncated: boolean;
  readonly unkeyed: number;
  readonly features: readonly {
    readonly feature: string;
    readonly view: string;
    readonly name: string;
    readonly type: string;
    readonly checked: number;
    readonly compared: number;
    readonly matches: number;
    readonly mismatches: number;
    readonly mismatch_rate: number | null;
    readonly missing_offline: number;
    readonly missing_online: number;
    readonly both_missing: number;
    readonly largest_differences: readonly {
      readonly prediction_id: string;
      readonly at: string;
      /** `***` when the key is a sensitive column of the version. */
      readonly entity_key: string;
      /** `***` (and difference null) when the feature is a sensitive column of the version. */
      readonly served: string | number | boolean | null;
      readonly offline: string | number | boolean | null;
      readonly difference: number | null;
    }[];
  }[];
}

/** The instant `since` means at `now`: an ISO 8601 time, or a duration before now. */
export function sinceOf(text: string, now: Date): Date {
  const at = parseTimestamp(text);
  if (at !== undefined) return new Date(at);
  const ms = parseDuration(text);
  if (ms !== undefined && ms > 0) return new Date(now.getTime() - ms);
  throw new BallastError('invalid_argument', `since ${JSON.stringify(text)} is neither an ISO 8601 time nor a duration such as 24h or 7d`);
}

function checkedOptions(options: SkewReportOptions, now: Date) {
  const limit = options.limit ?? SKEW_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SKEW_LIMIT)
    throw new BallastError('invalid_argument', `limit must be a whole number from 1 to ${MAX_SKEW_LIMIT}`);
  const tolerance = options.tolerance ?? SKEW_DEFAULTS.tolerance;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new BallastError('invalid_argument', 'tolerance must be a number of at least 0');
  const since = sinceOf(options.since ?? SKEW_DEFAULTS.since, now);
  if (since.getTime() >= now.getTime()) throw new BallastError('invalid_argument', `since ${since.toISOString()} is not before now`);
  return { limit, tolerance, since };
}

/**
 * `ballast features skew DEPLOYMENT` and GET /v1/deployments/{name}/feature-skew: the newest logged
 * predictions of a deployment that enriches its requests, each enriched feature recomputed offline
 * at the prediction's time and compared with what the prediction was served.
 */
export async function featureSkewReport(sources: AppContext, name: string, options: SkewReportOptions = {}): Promise<SkewReportView> {
  const now = sources.clock();
  const { limit, tolerance, since } = checkedOptions(options, now);
  const deployment = await sources.store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment is named ${JSON.stringify(name)}`);
  const enrichment = enrichmentOrThrow(deployment);
  // The version the deployment serves with, when its deploy stamped one: a later apply changes no deployment.
  const definitions = await currentFeatureSet(sources, enrichment.featureSetVersion);
  const { predictions, truncated } = await newestSince(sources.store, name, since.toISOString(), limit);
  const measured = await measureSkew(sources.store, definitions, enrichment, predictions, tolerance);
  const sensitiveOf = sensitiveColumnLookup(sources.store);
  // Values leave masked where the version marks their column sensitive; counts and rates never name a value.
  const exampleView = async (feature: string, e: SkewExample) => {
    const sensitive = await sensitiveOf(e.versionId);
    const hidden = sensitive.has(feature);
    return {
      prediction_id: e.predictionId,
      at: e.at,
      entity_key: sensitive.has(measured.entityKey) ? MASK : e.entityKey,
      served: hidden && e.served !== null ? MASK : e.served,
      offline: hidden && e.offline !== null ? MASK : e.offline,
      difference: hidden ? null : e.difference,
    };
  };
  return {
    deployment: name,
    feature_set_version: measured.featureSetVersion,
    entity_key: measured.entityKey,
    since: since.toISOString(),
    until: now.toISOString(),
    tolerance,
    limit,
    predictions: predictions.length,
    truncated,
    unkeyed: measured.unkeyed,
    features: await Promise.all(
      measured.features.map(async ({ ref, type, summary: s }) => ({
        feature: formatFeatureRef(ref),
        view: ref.view,
        name: ref.feature,
        type,
        checked: s.checked,
        compared: s.compared,
        matches: s.matches,
        mismatches: s.mismatches,
        mismatch_rate: s.mismatchRate,
        missing_offline: s.missingOffline,
        missing_online: s.missingOnline,
        both_missing: s.bothMissing,
        largest_differences: await Promise.all(s.largestDifferences.map((e) => exampleView(ref.feature, e))),
      })),
    ),
  };
}

const PAGE = 1000;

/** The newest `limit` predictions logged at or after `since`, newest first (ids are time-ordered ULIDs). */
async function newestSince(
  store: Pick<SkewStore, 'predictions'>,
  deployment: string,
  since: string,
  limit: number,
): Promise<{ predictions: PredictionLogRecord[]; truncated: boolean }> {
  const predictions: PredictionLogRecord[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await store.predictions.list({ deployment, before, limit: Math.min(PAGE, limit - predictions.length + 1) });
    for (const p of page) {
      if (p.at < since) return { predictions, truncated: false };
      if (predictions.length === limit) return { predictions, truncated: true };
      predictions.push(p);
    }
    if (page.length === 0) return { predictions, truncated: false };
    before = page[page.length - 1]!.id;
  }
}
