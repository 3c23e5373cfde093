import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { KllSketch } from '../../core/sketches/kll.ts';
import { Moments } from '../../core/sketches/moments.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { priorityStream } from './priority-stream.ts';
import { overlapsSampled, sampledLogPeriods } from './sampled-log-periods.ts';
import { latencyValue, newLatencySketch } from './window-latency.ts';
import { planFromReference, planFromSignature, type ProfilingPlan } from './window-profiler-plan.ts';

const RECOVERY_SOURCE = 'recovery';
const DEFAULT_LOOKBACK_MS = 24 * 3_600_000;
const PAGE = 5000;
/** How long after a log sample rate change a server may still use the old rate (refresh is every 2 s by default). */
const DEFAULT_RATE_CHANGE_LAG_MS = 60_000;

export interface RecoveryOptions {
  readonly windowMs: number;
  /** The process start: predictions logged at or after it belong to the live profiler. */
  readonly until: Date;
  /** The live profiler's source: its parts are neither counted nor replaced. */
  readonly liveSource?: string;
  /** How far back to look when the deployment has no flushed window (24 h). */
  readonly lookbackMs?: number;
  readonly seed?: number;
  /** A version's profiling plan; default: its reference from the store, else its signature. */
  readonly plan?: (versionId: string) => Promise<ProfilingPlan | undefined>;
  /** When each rebuilt window is written. */
  readonly now?: () => Date;
  /** How long after a change of the log sample rate servers may still log at the old one (60 s). */
  readonly rateChangeLagMs?: number;
}

export interface RecoveredWindow {
  readonly deployment: string;
  readonly windowStart: string;
  readonly logged: number;
  /** Rows the window's stored parts held before recovery. */
  readonly profiled: number;
  readonly status: 'rebuilt' | 'incomplete';
  readonly reason?: string;
}

/**
 * Rebuilds window profiles from the prediction log after a crash. The log is the source of truth:
 * for each deployment, every window from the latest flushed window (or the last 24 h)
 * up to the process start whose logged predictions outnumber its profiled rows is profiled again
 * from the log, and its old parts are replaced by one part per version with source 'recovery' and
 * status 'rebuilt' (the whole window is rebuilt: a sketch cannot subtract the rows it already has).
 * A window that cannot be rebuilt is written as 'incomplete', with its logged row count.
 *
 * A window during which the deployment logged a sample (a log sample rate below 1 in effect at
 * any moment of it) is never rebuilt: its log holds a sample, and a profile of the sample would
 * look complete while covering only part of the traffic. It is written as 'incomplete' when its
 * stored parts hold fewer rows than its log, or when a prediction was logged in it after its last
 * part was written (a server that crashed after another flushed the window), since with sampling
 * a row count alone cannot show what is missing.
 *
 * A rebuilt window's latency is rebuilt too: every logged prediction carries its request's latency,
 * and the predictions of one request share their log time and latency, so each distinct pair of
 * a version is one request (two requests of one millisecond with latencies equal to the last bit
 * would count once). Its failed requests are not: the log holds answered predictions only, so a
 * rebuilt window's `errors` is unknown (null), never 0.
 *
 * Only predictions logged before the process start are read, so nothing the live profiler counts
 * is counted twice. Recovery assumes one server writes a deployment's windows; with several
 * replicas, a replica that restarts may rebuild a window another replica has not flushed yet.
 */
export async function recoverWindows(store: Store, options: RecoveryOptions): Promise<RecoveredWindow[]> {
  const plans = options.plan ?? plansFromStore(store);
  const recovered: RecoveredWindow[] = [];
  for (const deployment of await store.deployments.list())
    recovered.push(...(await recoverDeploymentWindows(store, deployment.name, { ...options, plan: plans })));
  return recovered;
}

export async function recoverDeploymentWindows(store: Store, deployment: string, options: RecoveryOptions): Promise<RecoveredWindow[]> {
  const windowMs = options.windowMs;
  const until = options.until.getTime();
  const align = (t: number) => t - (((t % windowMs) + windowMs) % windowMs);
  const latest = await store.monitoring.latestWindowEnd(deployment, options.liveSource);
  // The latest flushed window itself is checked too: a server flushes its open window when it
  // stops, and a server started within that window may have crashed after logging more into it.
  const from = align(
    latest !== undefined ? Math.min(Date.parse(latest) - windowMs, until) : until - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS),
  );
  if (from >= until) return [];
  const fromIso = new Date(from).toISOString();
  const untilIso = options.until.toISOString();

  // Pass 1: logged predictions per window and version (times only).
  const logged = new Map<number, Map<string, number>>();
  const lastLogged = new Map<number, number>();
  for (let afterId: string | undefined; ;) {
    const page = await store.monitoring.loggedTimes(deployment, fromIso, untilIso, PAGE, afterId);
    for (const row of page) {
      const time = Date.parse(row.at);
      const start = align(time);
      lastLogged.set(start, Math.max(lastLogged.get(start) ?? time, time));
      let versions = logged.get(start);
      if (versions === undefined) logged.set(start, (versions = new Map()));
      versions.set(row.versionId, (versions.get(row.versionId) ?? 0) + 1);
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  if (logged.size === 0) return [];
  const record = await store.deployments.findByName(deployment);
  const sampled = sampledLogPeriods(
    record ? await store.deployments.revisions(record.id) : [],
    options.rateChangeLagMs ?? DEFAULT_RATE_CHANGE_LAG_MS,
  );

  // What the stored parts of those windows hold, the live profiler's own parts aside.
  const profiled = new Map<number, { rows: number; sources: string[]; lastWritten: number }>();
  const isLive = (source: string) =>
    options.liveSource !== undefined && (source === options.liveSource || source.startsWith(`${options.liveSource}#`));
  for (const part of await store.monitoring.windows(deployment, fromIso, new Date(align(until) + windowMs).toISOString())) {
    if (part.windowMs !== windowMs || isLive(part.source)) continue;
    const start = Date.parse(part.windowStart);
    const entry = profiled.get(start) ?? { rows: 0, sources: [], lastWritten: Number.NEGATIVE_INFINITY };
    entry.rows += part.rows;
    entry.sources.push(part.source);
    entry.lastWritten = Math.max(entry.lastWritten, Date.parse(part.updatedAt));
    profiled.set(start, entry);
  }

  const plan = options.plan ?? plansFromStore(store);
  const next = priorityStream(options.seed ?? 1);
  const results: RecoveredWindow[] = [];
  for (const [start, versions] of [...logged].sort((a, b) => a[0] - b[0])) {
    const count = [...versions.values()].reduce((a, b) => a + b, 0);
    const stored = profiled.get(start) ?? { rows: 0, sources: [], lastWritten: Number.NEGATIVE_INFINITY };
    const isSampled = overlapsSampled(sampled, start, start + windowMs);
    if (stored.rows >= count && !(isSampled && lastLogged.get(start)! > stored.lastWritten)) continue;
    const windowStart = new Date(start).toISOString();
    const end = new Date(Math.min(start + windowMs, until)).toISOString();
    const updatedAt = (options.now?.() ?? new Date()).toISOString();
    let records: WindowProfileRecord[];
    let reason: string | undefined;
    if (isSampled) {
      reason = 'the deployment logged a sample of its predictions (log sample rate below 1), so the log cannot rebuild the window';
      records = [...versions].map(([versionId, rows]) =>
        incompleteRecord(deployment, versionId, windowStart, windowMs, rows, undefined, updatedAt),
      );
    } else {
      try {
        records = await rebuild(store, deployment, windowStart, end, windowMs, versions, plan, next, updatedAt);
        const lacking = records.filter((r) => r.status === 'incomplete');
        if (lacking.length > 0)
          reason = `${lacking.length === records.length ? 'no' : 'some'} version of the window could be profiled (unknown version)`;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        records = [...versions].map(([versionId, rows]) =>
          incompleteRecord(deployment, versionId, windowStart, windowMs, rows, undefined, updatedAt),
        );
      }
    }
    await store.transaction(async (tx) => {
      await tx.monitoring.deleteWindowParts(deployment, windowStart, windowMs, stored.sources);
      await tx.monitoring.insertWindows(records);
    });
    const status = records.every((r) => r.status === 'rebuilt') ? 'rebuilt' : 'incomplete';
    results.push({ deployment, windowStart, logged: count, profiled: stored.rows, status, ...(reason !== undefined ? { reason } : {}) });
  }
  return results;
}

/** Profiles one window's logged predictions, per version, with the live profiler's row writer. */
async function rebuild(
  store: Store,
  deployment: string,
  windowStart: string,
  end: string,
  windowMs: number,
  versions: ReadonlyMap<string, number>,
  planOf: (versionId: string) => Promise<ProfilingPlan | undefined>,
  next: () => number,
  updatedAt: string,
): Promise<WindowProfileRecord[]> {
  interface Part {
    readonly plan: ProfilingPlan;
    readonly profile: DatasetProfile;
    readonly reconstruction: Moments | null;
    readonly latency: KllSketch;
    /** The (log time, latency) pairs seen: one per request. */
    readonly requests: Set<string>;
  }
  const parts = new Map<string, Part>();
  const unknown = new Set<string>();
  for (const versionId of versions.keys()) {
    const plan = await planOf(versionId);
    if (plan === undefined) unknown.add(versionId);
    else
      parts.set(versionId, {
        plan,
        profile: new DatasetProfile(plan.schema),
        reconstruction: plan.multivariate ? new Moments() : null,
        // A seed per window and version, so sketches merged into coarser windows compact independently.
        latency: newLatencySketch(Date.parse(windowStart) / windowMs + parts.size * 7919),
        requests: new Set(),
      });
  }
  for (let afterId: string | undefined; ;) {
    const page = await store.monitoring.loggedPredictions(deployment, windowStart, end, PAGE, afterId);
    for (const record of page) {
      const part = parts.get(record.versionId);
      if (part === undefined) continue;
      const request = `${record.at}|${record.latencyMs}`;
      if (!part.requests.has(request)) {
        part.requests.add(request);
        const latency = latencyValue(record.latencyMs);
        if (latency !== undefined) part.latency.add(latency);
      }
      part.plan.writer.addRow(part.profile, record.inputs, record.output, next());
      if (part.reconstruction !== null) {
        const error = part.plan.writer.reconstructionError(record.inputs);
        if (Number.isFinite(error)) part.reconstruction.add(error);
      }
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const records: WindowProfileRecord[] = [];
  for (const [versionId, part] of parts) {
    records.push({
      deployment,
      versionId,
      windowStart,
      windowMs,
      source: RECOVERY_SOURCE,
      rows: part.profile.rows,
      profile: part.profile.toJSON(),
      reconstruction: part.reconstruction?.toJSON() ?? null,
      status: 'rebuilt',
      updatedAt,
      latency: part.latency.toJSON(),
      errors: null,
    });
  }
  for (const versionId of unknown)
    records.push(incompleteRecord(deployment, versionId, windowStart, windowMs, versions.get(versionId)!, undefined, updatedAt));
  return records;
}

/** What is known of a window that could not be profiled: its logged row count, an empty profile. */
function incompleteRecord(
  deployment: string,
  versionId: string,
  windowStart: string,
  windowMs: number,
  rows: number,
  plan: ProfilingPlan | undefined,
  updatedAt: string,
): WindowProfileRecord {
  return {
    deployment,
    versionId,
    windowStart,
    windowMs,
    source: RECOVERY_SOURCE,
    rows,
    profile: new DatasetProfile(plan?.schema ?? { columns: [] }).toJSON(),
    reconstruction: null,
    status: 'incomplete',
    updatedAt,
  };
}

/** Plans as the live profiler makes them: the version's reference when stored, else its signature. */
function plansFromStore(store: Pick<Store, 'versions' | 'monitoring'>): (versionId: string) => Promise<ProfilingPlan | undefined> {
  const cache = new Map<string, Promise<ProfilingPlan | undefined>>();
  return (versionId) => {
    let plan = cache.get(versionId);
    if (plan === undefined) {
      plan = (async () => {
        const version = await store.versions.findById(versionId);
        if (version === undefined) return undefined;
        const reference = await store.monitoring.findReference(versionId);
        return reference ? planFromReference(version, reference) : planFromSignature(version, 'no reference profile');
      })();
      cache.set(versionId, plan);
    }
    return plan;
  };
}
