import { BallastError } from '../../core/errors.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { Moments } from '../../core/sketches/moments.ts';
import type { ReferenceProfileRecord, WindowProfileRecord, WindowStatus } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import {
  deploymentPerformance,
  type EstimatorSource,
  type PerformanceStore,
  type PerformanceWindow,
} from '../performance/deployment-performance.ts';
import { importanceRanks, withImportanceRanks, type RankedDriftReport } from './importance-ranks.ts';
import { windowDrift } from './window-drift.ts';
import { windowLatency, type LatencyPart, type WindowLatency } from './window-latency.ts';
import { windowQuality, type WindowQuality } from './window-quality.ts';
import { windowRange, type WindowRangeQuery } from './window-range.ts';

export interface MonitoringQuery extends WindowRangeQuery {
  /**
   * Also each window's realised (and estimated) performance, as the performance route answers it. Off by
   * default: it reads the prediction log of the whole range (deployment-performance.ts says how long),
   * where drift reads only the small window profiles.
   */
  readonly performance?: boolean;
}

/** A window's performance without the fields the monitoring window already has. */
export type MonitoringPerformance = Omit<PerformanceWindow, 'start' | 'end' | 'model' | 'latency'>;

export interface MonitoringWindow {
  readonly start: string;
  readonly end: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly rows: number;
  readonly status: WindowStatus | 'live';
  /** Each column carries `importance_rank` from the version's global importance (null when unknown). */
  readonly drift: RankedDriftReport | null;
  readonly quality: WindowQuality;
  /** Request latency percentiles and server-side failures of the version in the window (null when unknown). */
  readonly latency: WindowLatency | null;
  /** Only when asked for; null where the window has no logged predictions of its version. */
  readonly performance?: MonitoringPerformance | null;
}

export interface DeploymentMonitoring {
  readonly deployment: string;
  readonly window: string;
  readonly window_ms: number;
  readonly from: string;
  readonly to: string;
  /** The reference of the version the deployment serves now (null when it has none). */
  readonly reference: { readonly model: string; readonly version: number; readonly rows: number } | null;
  readonly windows: readonly MonitoringWindow[];
}

export interface MonitoringSources {
  readonly store: PerformanceStore & Pick<Store, 'contracts' | 'importance'>;
  readonly clock: () => Date;
  /** The base window the server profiles in. */
  readonly baseWindowMs: number;
  /** The windows still in memory (not yet flushed), from the serving process. */
  readonly liveWindows?: (deployment: string) => readonly WindowProfileRecord[];
  /** A version's performance estimator, for `performance`. */
  readonly estimate?: EstimatorSource;
}

/**
 * Drift and data quality of a deployment per window: stored window parts (and the live ones still in
 * memory) are merged into windows of the asked length per model version, then each is compared with
 * that version's reference profile.
 */
export async function deploymentMonitoring(
  sources: MonitoringSources,
  name: string,
  query: MonitoringQuery,
): Promise<DeploymentMonitoring> {
  const { store } = sources;
  const deployment = await store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  const { windowText, windowMs, fromIso, toIso } = windowRange(query, sources.baseWindowMs, sources.clock);
  const stored = await store.monitoring.windows(name, fromIso, toIso);
  const live = (sources.liveWindows?.(name) ?? []).filter((w) => w.windowStart >= fromIso && w.windowStart < toIso);
  const groups = groupWindows([...stored, ...live.map((w) => ({ ...w, live: true }))], windowMs);
  const violations = await store.contracts.violationCounts(name, fromIso, toIso);
  const references = new Map<string, Promise<ReferenceProfileRecord | undefined>>();
  const referenceOf = (versionId: string) => {
    let found = references.get(versionId);
    if (found === undefined) references.set(versionId, (found = store.monitoring.findReference(versionId)));
    return found;
  };
  const ranks = new Map<string, Promise<ReadonlyMap<string, number>>>();
  const ranksOf = (versionId: string) => {
    let found = ranks.get(versionId);
    if (found === undefined) ranks.set(versionId, (found = importanceRanks(store, versionId)));
    return found;
  };
  const versions = new Map<string, Promise<{ name: string; version: number }>>();
  const modelOf = (versionId: string) => {
    let found = versions.get(versionId);
    if (found === undefined) {
      found = store.versions.findById(versionId).then((v) => ({ name: v?.modelName ?? '(deleted)', version: v?.version ?? 0 }));
      versions.set(versionId, found);
    }
    return found;
  };
  const performance = query.performance
    ? await windowPerformances(sources, name, { from: fromIso, to: toIso, window: windowText })
    : undefined;
  const windows: MonitoringWindow[] = [];
  for (const group of groups) {
    const reference = await referenceOf(group.versionId);
    const referenceProfile = reference ? DatasetProfile.fromJSON(reference.profile) : undefined;
    const start = new Date(group.start).toISOString();
    const end = new Date(group.start + windowMs).toISOString();
    const windowViolations = violations.filter((v) => v.windowStart >= start && v.windowStart < end);
    const model = await modelOf(group.versionId);
    windows.push({
      start,
      end,
      model,
      rows: group.profile.rows,
      status: group.status,
      drift: referenceProfile
        ? withImportanceRanks(windowDrift(referenceProfile, reference!, group), await ranksOf(group.versionId))
        : null,
      quality: windowQuality(group.profile, referenceProfile, windowViolations),
      latency: windowLatency(group.latency),
      ...(performance && { performance: performance.get(`${start}|${model.name}:${model.version}`) ?? null }),
    });
  }
  const current = await referenceOf(deployment.versionId);
  const currentModel = await modelOf(deployment.versionId);
  return {
    deployment: name,
    window: windowText,
    window_ms: windowMs,
    from: fromIso,
    to: toIso,
    reference: current ? { model: currentModel.name, version: currentModel.version, rows: current.rows } : null,
    windows,
  };
}

/** The performance windows of the same range, by start and model version. */
async function windowPerformances(
  sources: MonitoringSources,
  name: string,
  range: { from: string; to: string; window: string },
): Promise<Map<string, MonitoringPerformance>> {
  const answer = await deploymentPerformance(
    { store: sources.store, clock: sources.clock, baseWindowMs: sources.baseWindowMs, estimate: sources.estimate },
    name,
    range,
  );
  return new Map(
    answer.windows.map(({ start, end: _end, model, latency: _latency, ...rest }) => [`${start}|${model.name}:${model.version}`, rest]),
  );
}

interface WindowGroup {
  readonly versionId: string;
  readonly start: number;
  readonly profile: DatasetProfile;
  readonly reconstruction: Moments | null;
  /** Every part's latency sketch and error count, merged by windowLatency. */
  readonly latency: LatencyPart[];
  status: WindowStatus | 'live';
}

/** The worst status of a window's parts wins: one incomplete part makes the window incomplete. */
const STATUS_RANK: Record<WindowStatus | 'live', number> = { complete: 0, live: 1, rebuilt: 2, incomplete: 3 };

function groupWindows(parts: readonly (WindowProfileRecord & { live?: boolean })[], windowMs: number): WindowGroup[] {
  const groups = new Map<string, WindowGroup>();
  for (const part of parts) {
    const start = Math.floor(Date.parse(part.windowStart) / windowMs) * windowMs;
    const key = `${start}|${part.versionId}`;
    const profile = DatasetProfile.fromJSON(part.profile);
    const reconstruction = part.reconstruction ? Moments.fromJSON(part.reconstruction) : null;
    const status = part.live ? 'live' : part.status;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { versionId: part.versionId, start, profile, reconstruction, latency: [part], status });
      continue;
    }
    // Latency does not depend on the profile's schema: every part counts, even one whose profile cannot merge.
    group.latency.push(part);
    try {
      group.profile.merge(profile);
    } catch {
      // Parts profiled on different schemas (a reference that arrived mid-window) cannot be merged
      // into one histogram; the window keeps what it has and says it is incomplete.
      group.status = 'incomplete';
      continue;
    }
    if (group.reconstruction && reconstruction) group.reconstruction.merge(reconstruction);
    if (STATUS_RANK[status] > STATUS_RANK[group.status]) group.status = status;
  }
  return [...groups.values()].sort((a, b) => a.start - b.start || (a.versionId < b.versionId ? -1 : 1));
}
