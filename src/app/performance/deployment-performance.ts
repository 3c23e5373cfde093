/**
 * Realised (and, given an estimator, estimated) performance of a deployment per window and model version,
 * computed on read: the logged predictions of the range are scanned page by page and joined with their
 * current labels (a prediction's newest label). A label counts in the window of its PREDICTION's time, so
 * a late or corrected label changes a closed window the next time it is read, and window profiles (drift)
 * are never rebuilt for it. Labels that no longer fit the version that made the prediction (a class it does
 * not know, a string for a regressor) are skipped and counted per window, never fatal.
 *
 * Cost: one pass over the log of the range plus one label lookup per page. Measured once (a quick
 * script, not a test) on embedded SQLite on a shared 2-core machine: 100,000 logged classifier
 * predictions, 30% labelled, two inputs sliced, in 2.7–3.7 s — about 30,000–40,000 predictions/s, about
 * half of it reading and parsing the log, an eighth the label join. Seconds for an hour or a day of a
 * moderately busy deployment; too slow to run on every monitoring request by default (see
 * deployment-monitoring.ts), and a month of a busy deployment needs a shorter range.
 */
import { BallastError } from '../../core/errors.ts';
import { slicePlan, type SlicePlan } from '../../core/performance/slice-plan.ts';
import type { WorstSlice } from '../../core/performance/worst-slices.ts';
import type { MetricEstimate } from '../../core/performance-estimation/cbpe.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { KpiValue } from '../../core/kpis/kpi-accumulator.ts';
import type { OutputSpec } from '../../core/signature.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { deploymentKpis, type KpiComparison } from '../deployment-kpis.ts';
import { windowLatency, type WindowLatency } from '../monitoring/window-latency.ts';
import { versionEstimator } from '../performance-estimation/version-estimator.ts';
import { windowRange, type WindowRangeQuery } from '../monitoring/window-range.ts';
import { WindowAccumulator } from './window-accumulator.ts';
import type { WindowEstimator } from '../performance-estimation/version-estimator.ts';
import { windowPerformance, type CalibrationReport, type WindowPerformance } from './window-report.ts';

const PAGE_SIZE = 5000;

type ModelRef = { readonly name: string; readonly version: number };

export type PerformanceQuery = WindowRangeQuery;

/**
 * The estimator of a version's metrics on a window, or undefined when the version has none (no labelled
 * reference). `referenceRows`, when the estimator carries it, is reported under `estimation`.
 */
export type EstimatorSource = (versionId: string) => Promise<(WindowEstimator & { readonly referenceRows?: number }) | undefined>;

/** What the performance answer reads: the log and its labels, references, events, window profiles. */
export type PerformanceStore = Pick<Store, 'deployments' | 'versions' | 'monitoring' | 'feedback' | 'labelledReferences' | 'events'>;

export interface PerformanceSources {
  readonly store: PerformanceStore;
  readonly clock: () => Date;
  /** The base window the server profiles in: windows are multiples of it, as on the monitoring route. */
  readonly baseWindowMs: number;
  /** Overrides the estimator of each version (default: CBPE fitted on its labelled reference, versionEstimator). */
  readonly estimate?: EstimatorSource;
  /** The windows still in memory (not yet flushed), from the serving process: their latency is shown too. */
  readonly liveWindows?: (deployment: string) => readonly WindowProfileRecord[];
}

export interface PerformanceWindow {
  readonly start: string;
  readonly end: string;
  readonly model: ModelRef;
  readonly rows: number;
  readonly labelled_rows: number;
  /** Labels that did not fit the version's outputs, left out of the metrics. */
  readonly skipped_labels: number;
  readonly metrics: Record<string, MetricEstimate>;
  readonly error_bounds: Record<string, number>;
  readonly confusion_matrix: WindowPerformance['confusion_matrix'];
  readonly calibration: CalibrationReport | null;
  readonly slices: { readonly worst: readonly WorstSlice[]; readonly reason: string | null };
  /** Request latency and server-side failures of the version in the window, from the window profiles (null when unknown). */
  readonly latency: WindowLatency | null;
  /** The deployment's business KPIs (its config's `kpis`) in the window for this version, with 95% intervals. */
  readonly kpis: readonly KpiValue[];
}

export interface DeploymentPerformance {
  readonly deployment: string;
  readonly task: 'classification' | 'regression' | null;
  readonly window: string;
  readonly window_ms: number;
  readonly from: string;
  readonly to: string;
  readonly estimation: { readonly model: ModelRef; readonly reference_rows: number | null } | null;
  readonly windows: readonly PerformanceWindow[];
  /** Each KPI compared between every two versions that served in the range (deployment-kpis.ts). */
  readonly kpi_comparisons: readonly KpiComparison[];
}

interface VersionFacts {
  readonly model: ModelRef;
  readonly output: OutputSpec | undefined;
  readonly plan: SlicePlan | null;
  readonly slicesReason: string | null;
  readonly estimator: WindowEstimator | undefined;
  readonly referenceRows: number | null;
}

export async function deploymentPerformance(
  sources: PerformanceSources,
  name: string,
  query: PerformanceQuery,
): Promise<DeploymentPerformance> {
  const { store } = sources;
  const deployment = await store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  const range = windowRange(query, sources.baseWindowMs, sources.clock);
  const facts = new Map<string, Promise<VersionFacts>>();
  const factsOf = (versionId: string): Promise<VersionFacts> => {
    let found = facts.get(versionId);
    if (found === undefined) facts.set(versionId, (found = versionFacts(sources, versionId)));
    return found;
  };
  const groups = new Map<string, { start: number; versionId: string; window: WindowAccumulator }>();
  let afterId: string | undefined;
  for (;;) {
    const page = await store.monitoring.loggedPredictions(name, range.fromIso, range.toIso, PAGE_SIZE, afterId);
    if (page.length === 0) break;
    const labels = await store.feedback.current(page.map((p) => p.id));
    for (const record of page) {
      const start = Math.floor(Date.parse(record.at) / range.windowMs) * range.windowMs;
      const key = `${start}|${record.versionId}`;
      let group = groups.get(key);
      if (group === undefined) {
        const version = await factsOf(record.versionId);
        group = {
          start,
          versionId: record.versionId,
          window: new WindowAccumulator(version.output, version.plan, version.estimator !== undefined),
        };
        groups.set(key, group);
      }
      group.window.add(record, labels.get(record.id)?.label);
    }
    if (page.length < PAGE_SIZE) break;
    afterId = page[page.length - 1]!.id;
  }
  const kpis = await deploymentKpis(store, name, { from: range.fromIso, to: range.toIso, windowMs: range.windowMs });
  const kpisOf = new Map(kpis.windows.map((w) => [`${Date.parse(w.start)}|${w.versionId}`, w.kpis]));
  const latencyParts = await windowParts(sources, name, range.fromIso, range.toIso, range.windowMs);
  const windows: PerformanceWindow[] = [];
  for (const group of [...groups.values()].sort((a, b) => a.start - b.start || (a.versionId < b.versionId ? -1 : 1))) {
    const version = await factsOf(group.versionId);
    const performance = windowPerformance(group.window, version.estimator, version.slicesReason);
    windows.push({
      start: new Date(group.start).toISOString(),
      end: new Date(group.start + range.windowMs).toISOString(),
      model: version.model,
      rows: group.window.rows,
      labelled_rows: group.window.overall.labelledRows,
      skipped_labels: group.window.skippedLabels,
      ...performance,
      latency: windowLatency(latencyParts.get(`${group.start}|${group.versionId}`) ?? []),
      kpis: kpisOf.get(`${group.start}|${group.versionId}`) ?? [],
    });
  }
  const serving = await factsOf(deployment.versionId);
  return {
    deployment: name,
    task: taskOf(serving.output),
    window: range.windowText,
    window_ms: range.windowMs,
    from: range.fromIso,
    to: range.toIso,
    estimation: serving.estimator ? { model: serving.model, reference_rows: serving.referenceRows } : null,
    windows,
    kpi_comparisons: kpis.kpi_comparisons,
  };
}

function taskOf(output: OutputSpec | undefined): DeploymentPerformance['task'] {
  if (output === undefined) return null;
  return output.kind === 'regression' ? 'regression' : 'classification';
}

async function versionFacts(sources: PerformanceSources, versionId: string): Promise<VersionFacts> {
  const [version, reference, estimator] = await Promise.all([
    sources.store.versions.findById(versionId),
    sources.store.monitoring.findReference(versionId),
    sources.estimate ? sources.estimate(versionId) : versionEstimator(sources.store, versionId),
  ]);
  const inputs = version?.signature.inputs.map((i) => i.name) ?? [];
  const plan = reference && version ? slicePlan(DatasetProfile.fromJSON(reference.profile), inputs) : null;
  return {
    model: { name: version?.modelName ?? '(deleted)', version: version?.version ?? 0 },
    output: version?.signature.output,
    plan,
    slicesReason: plan === null ? 'slices need a reference profile of this model version; it has none' : null,
    estimator: estimator ?? undefined,
    referenceRows: estimator?.referenceRows ?? null,
  };
}

/** The stored (and live) window parts of the range by window start and version: what latency is read from. */
async function windowParts(
  sources: PerformanceSources,
  name: string,
  fromIso: string,
  toIso: string,
  windowMs: number,
): Promise<Map<string, WindowProfileRecord[]>> {
  const stored = await sources.store.monitoring.windows(name, fromIso, toIso);
  const live = (sources.liveWindows?.(name) ?? []).filter((w) => w.windowStart >= fromIso && w.windowStart < toIso);
  const parts = new Map<string, WindowProfileRecord[]>();
  for (const part of [...stored, ...live]) {
    const key = `${Math.floor(Date.parse(part.windowStart) / windowMs) * windowMs}|${part.versionId}`;
    const same = parts.get(key);
    if (same) same.push(part);
    else parts.set(key, [part]);
  }
  return parts;
}
