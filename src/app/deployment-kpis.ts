import { BallastError } from '../core/errors.ts';
import { KpiAccumulator, type KpiValue } from '../core/kpis/kpi-accumulator.ts';
import type { KpiAggregate, KpiDefinition } from '../core/kpis/kpi-definitions.ts';
import type { KpiEvent } from '../store/event-repository.ts';
import type { Store } from '../store/store.ts';

export interface KpiRange {
  /** ISO; windows are aligned to `windowMs` from the epoch, so this rounds down to a window start. */
  readonly from: string;
  /** ISO; a window that starts before it is read whole. */
  readonly to: string;
  readonly windowMs: number;
}

interface ModelRef {
  readonly name: string;
  readonly version: number;
}

/** One window and model version: its logged predictions and every KPI of the deployment. */
export interface KpiWindow {
  readonly start: string;
  readonly end: string;
  readonly versionId: string;
  readonly model: ModelRef;
  /** Logged predictions of this version in the window: a rate's denominator. */
  readonly rows: number;
  readonly kpis: readonly KpiValue[];
}

/** A KPI compared between two versions over the whole range, as the performance API shows it. */
export interface KpiComparison {
  readonly name: string;
  readonly aggregate: KpiAggregate;
  readonly a: { readonly model: ModelRef; readonly value: number | null; readonly count: number };
  readonly b: { readonly model: ModelRef; readonly value: number | null; readonly count: number };
  /** b − a. */
  readonly difference: number | null;
  readonly p_value: number | null;
  readonly test: 'two_proportion_z' | 'welch_t';
}

export interface DeploymentKpis {
  readonly windows: readonly KpiWindow[];
  readonly kpi_comparisons: readonly KpiComparison[];
}

/** Events read per query: a page of them is all that is held at once, besides the per-window sums. */
const PAGE = 5000;
/** Windows one answer may hold (as the monitoring route); a longer range asks for a coarser window. */
const MAX_WINDOWS = 1440;

/**
 * A deployment's business KPIs (its config's `kpis`) per window and model version, each with its
 * count and 95% interval, and every pair of versions that served in the range compared (older
 * version as `a`). A rate divides by the version's logged predictions in the window: with a log
 * sample rate below 1 those are a sample of what was served, and so is the KPI (events can only
 * join logged predictions). Windows are those of the predictions' times: an event counts where its
 * prediction was made, however late it arrives.
 */
export async function deploymentKpis(
  store: Pick<Store, 'deployments' | 'versions' | 'events'>,
  deploymentName: string,
  range: KpiRange,
  pageSize = PAGE,
): Promise<DeploymentKpis> {
  const deployment = await store.deployments.findByName(deploymentName);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${deploymentName}"`);
  const { windowMs } = range;
  const fromMs = Math.floor(Date.parse(range.from) / windowMs) * windowMs;
  const toMs = fromMs + Math.ceil((Date.parse(range.to) - fromMs) / windowMs) * windowMs;
  if (!(Date.parse(range.from) < Date.parse(range.to)))
    throw new BallastError('invalid_argument', '"from" must be before "to"', [
      { code: 'invalid_value', path: ['from'], message: 'must be before "to"' },
    ]);
  if ((toMs - fromMs) / windowMs > MAX_WINDOWS)
    throw new BallastError(
      'invalid_argument',
      `the range holds more than ${MAX_WINDOWS} windows; ask for a coarser window or a shorter range`,
      [{ code: 'too_big', path: ['window'], message: `more than ${MAX_WINDOWS} windows` }],
    );
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const kpis = deployment.config.kpis ?? [];

  const accumulator = await accumulateKpis(store, deploymentName, kpis, { from, to, windowMs }, pageSize);

  const windows = accumulator.windows();
  const versions = await versionsOf(store, [...new Set(windows.map((w) => w.versionId))]);
  const modelOf = (id: string): ModelRef => versions.get(id)?.model ?? { name: '(deleted)', version: 0 };
  // Older versions first, so `b − a` reads as what the newer model changed.
  const order = [...versions.entries()]
    .sort(([, x], [, y]) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0))
    .map(([id]) => id);
  return {
    windows: windows.map((w) => ({
      start: new Date(w.windowStart).toISOString(),
      end: new Date(w.windowStart + windowMs).toISOString(),
      versionId: w.versionId,
      model: modelOf(w.versionId),
      rows: w.rows,
      kpis: w.kpis,
    })),
    kpi_comparisons: accumulator.comparisons(order).map((c) => ({
      name: c.name,
      aggregate: c.aggregate,
      a: { model: modelOf(c.a.versionId), value: c.a.value, count: c.a.count },
      b: { model: modelOf(c.b.versionId), value: c.b.value, count: c.b.count },
      difference: c.difference,
      p_value: c.pValue,
      test: c.test,
    })),
  };
}

/**
 * The KPIs of a deployment over [from, to) read into an accumulator: its logged predictions per window
 * and version, then every event of those predictions. The A/B analysis reads its comparisons from it.
 */
export async function accumulateKpis(
  store: Pick<Store, 'events'>,
  deploymentName: string,
  kpis: readonly KpiDefinition[],
  range: KpiRange,
  pageSize = PAGE,
): Promise<KpiAccumulator> {
  const { from, to, windowMs } = range;
  const accumulator = new KpiAccumulator(kpis, windowMs);
  for (const count of await store.events.loggedCounts(deploymentName, from, to, windowMs))
    accumulator.addLogged(count.windowStart, count.versionId, count.count);
  await readEvents(store, deploymentName, [...new Set(kpis.map((k) => k.event))], from, to, pageSize, (prediction, events) =>
    accumulator.addPrediction(Date.parse(prediction.predictionAt), prediction.versionId, events),
  );
  return accumulator;
}

/** Pages through the events, handing over each prediction's events together (the pages keep them in prediction order). */
async function readEvents(
  store: Pick<Store, 'events'>,
  deployment: string,
  names: readonly string[],
  from: string,
  to: string,
  pageSize: number,
  onPrediction: (prediction: KpiEvent, events: readonly KpiEvent[]) => void,
): Promise<void> {
  let current: KpiEvent[] = [];
  let after: KpiEvent | undefined;
  for (;;) {
    const page = await store.events.page(deployment, names, from, to, pageSize, after);
    for (const event of page) {
      if (current.length > 0 && current[0]!.predictionId !== event.predictionId) {
        onPrediction(current[0]!, current);
        current = [];
      }
      current.push(event);
    }
    if (page.length < pageSize) break;
    after = page.at(-1);
  }
  if (current.length > 0) onPrediction(current[0]!, current);
}

async function versionsOf(
  store: Pick<Store, 'versions'>,
  ids: readonly string[],
): Promise<Map<string, { model: ModelRef; createdAt: string }>> {
  const found = new Map<string, { model: ModelRef; createdAt: string }>();
  for (const id of ids) {
    const version = await store.versions.findById(id);
    if (version) found.set(id, { model: { name: version.modelName, version: version.version }, createdAt: version.createdAt });
  }
  return found;
}
