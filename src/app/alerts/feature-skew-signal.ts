import { BallastError } from '../../core/errors.ts';
import { skewEnrichmentOf } from '../../core/features/skew-enrichment.ts';
import type { DeploymentRecord, PredictionLogRecord } from '../../core/serving-records.ts';
import { measureSkew, type SkewStore } from '../features/skew.ts';

/** Predictions with an entity key a skew reading needs. */
export const MIN_SKEW_ROWS = 30;
/** The most predictions of one window a reading compares (the window's first ones). */
const MAX_SKEW_ROWS = 10_000;
/** As `ballast features skew`'s default: a float written as text and read back never counts. */
const TOLERANCE = 1e-6;

const PAGE = 1000;

/**
 * `features.skew.<feature>` of one deployment and window: the share of the window's predictions (of
 * the version read) whose served value of the feature differs from its offline point-in-time value,
 * every asked feature measured in one pass (each view's source read once). Anything that keeps the
 * measurement from being made — no enrichment, no definitions, an unreadable source, too few
 * predictions — is the reason there is no value.
 */
export async function featureSkewReadings(
  store: SkewStore,
  deployment: DeploymentRecord,
  versionId: string,
  window: { readonly start: string; readonly end: string },
  features: readonly string[],
): Promise<Map<string, { readonly value: number; readonly rows: number } | { readonly noData: string }>> {
  const answer = new Map<string, { value: number; rows: number } | { noData: string }>();
  const all = (noData: string) => {
    for (const feature of features) answer.set(feature, { noData });
    return answer;
  };
  const enrichment = skewEnrichmentOf(deployment.config);
  if (enrichment === undefined) return all(`deployment ${deployment.name} does not enrich its requests with features`);
  const wanted = enrichment.features.filter((ref) => features.includes(ref.feature));
  for (const feature of features)
    if (!wanted.some((ref) => ref.feature === feature))
      answer.set(feature, {
        noData: `deployment ${deployment.name} does not enrich its requests with a feature named ${JSON.stringify(feature)}`,
      });
  if (wanted.length === 0) return answer;

  const definitions =
    enrichment.featureSetVersion === undefined
      ? await store.featureSets.latest()
      : await store.featureSets.findByVersion(enrichment.featureSetVersion);
  if (definitions === undefined)
    return all(
      enrichment.featureSetVersion === undefined
        ? 'no feature definitions have been applied'
        : `the feature definitions the deployment serves with (version ${enrichment.featureSetVersion}) are not stored`,
    );
  let measured;
  try {
    const predictions = await windowPredictions(store, deployment.name, versionId, window);
    measured = await measureSkew(store, definitions, { ...enrichment, features: wanted }, predictions, TOLERANCE);
  } catch (error) {
    if (error instanceof BallastError) return all(`the skew could not be measured: ${error.message}`);
    throw error;
  }
  for (const { ref, summary } of measured.features) {
    if (summary.checked < MIN_SKEW_ROWS)
      answer.set(ref.feature, {
        noData: `${summary.checked} predictions with an entity key in the window; the signal needs at least ${MIN_SKEW_ROWS}`,
      });
    else answer.set(ref.feature, { value: summary.mismatchRate!, rows: summary.checked });
  }
  return answer;
}

/** The window's logged predictions of the version, in id order, the first MAX_SKEW_ROWS of them. */
async function windowPredictions(
  store: Pick<SkewStore, 'monitoring'>,
  deployment: string,
  versionId: string,
  window: { readonly start: string; readonly end: string },
): Promise<PredictionLogRecord[]> {
  const out: PredictionLogRecord[] = [];
  let afterId: string | undefined;
  while (out.length < MAX_SKEW_ROWS) {
    const page = await store.monitoring.loggedPredictions(deployment, window.start, window.end, PAGE, afterId);
    for (const p of page) if (p.versionId === versionId && out.length < MAX_SKEW_ROWS) out.push(p);
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  return out;
}
