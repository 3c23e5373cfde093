import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { KllSketch } from '../../core/sketches/kll.ts';
import { Moments } from '../../core/sketches/moments.ts';
import type { ReferenceProfileRecord, WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { priorityStream } from './priority-stream.ts';
import { latencyValue, newLatencySketch } from './window-latency.ts';
import { planFromReference, planFromSignature, type ProfilingPlan } from './window-profiler-plan.ts';

export const DEFAULT_WINDOW_MS = 60_000;
/** A closed window waits this long for requests that started before its end and logged after it. */
const DEFAULT_GRACE_MS = 5_000;

export interface WindowProfilerOptions {
  readonly store: Pick<Store, 'monitoring'>;
  readonly clock: () => Date;
  /** This writer's id in the window rows: unique per server process. */
  readonly source: string;
  readonly windowMs?: number;
  readonly graceMs?: number;
  /** Seeds the samples' priorities. */
  readonly seed?: number;
  /**
   * Profiles a version's training snapshot when it has one and no reference yet (lazily, in the
   * background); resolves to the saved reference, or undefined when there is nothing to profile.
   */
  readonly buildReference?: (version: ModelVersionRecord) => Promise<ReferenceProfileRecord | undefined>;
  /** Told what a user should know: a deployment profiled without a reference, a failed lazy profile. */
  readonly onNote?: (message: string) => void;
  /** The windows a flush has just written (closed ones, or all of them on shutdown); the flush awaits it, so it must not throw. */
  readonly onWritten?: (records: readonly WindowProfileRecord[]) => void | Promise<void>;
}

/** One window of one deployment and version, in memory until flushed. */
export interface OpenWindow {
  readonly deployment: string;
  readonly versionId: string;
  readonly start: number;
  readonly plan: ProfilingPlan;
  readonly profile: DatasetProfile;
  readonly reconstruction: Moments | null;
  /** One latency per request served (window-latency.ts). */
  readonly latency: KllSketch;
  /** Requests of the version that failed on the server's side (observeFailure). */
  errors: number;
  /** Rows that failed to profile: the window is then written as incomplete, never as complete. */
  failed: number;
}

/**
 * The serving path's window profiles: per deployment and version, the current window's profile of
 * inputs and outputs on the reference's schema, and the moments of the rows' PCA reconstruction
 * errors. `observe` runs after each request's log commit with every prediction served, logged or
 * sampled out, so a window holds exactly what this process served (all that the log holds for it
 * when the deployment logs everything); `flush` writes windows closed for longer than the grace period (and all
 * of them on shutdown) as one row each, and keeps them in memory when the write fails.
 */
export class WindowProfiler {
  readonly windowMs: number;
  readonly graceMs: number;
  private readonly plans = new Map<string, ProfilingPlan>();
  private readonly preparing = new Map<string, Promise<void>>();
  /** deployment -> version -> window start -> window. */
  private readonly open = new Map<string, Map<string, Map<number, OpenWindow>>>();
  /** How many parts of a window this process has written, so a window reopened by a late request gets a part of its own. */
  private readonly partsWritten = new Map<string, number>();
  private readonly nextPriority: () => number;
  /** Seeds of the latency sketches, a stream apart so the rows' priorities stay those of recovery's profiles. */
  private readonly nextLatencySeed: () => number;
  /** Windows put back after a failed write that could not merge with rows that came meanwhile. */
  private stranded: OpenWindow[] = [];

  constructor(private readonly options: WindowProfilerOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    if (!(Number.isInteger(this.windowMs) && this.windowMs >= 1000))
      throw new RangeError(`window length must be a whole number of milliseconds >= 1000, got ${this.windowMs}`);
    this.nextPriority = priorityStream(options.seed ?? Date.now());
    this.nextLatencySeed = priorityStream(~(options.seed ?? Date.now()));
  }

  /**
   * Looks up the version's reference before it serves. Without one, windows are profiled on the
   * signature's schema; a snapshot is then profiled in the background and its schema used from the
   * next window on (a window never mixes schemas).
   */
  prepare(version: ModelVersionRecord): Promise<void> {
    if (this.plans.get(version.id)?.fromReference) return Promise.resolve();
    let pending = this.preparing.get(version.id);
    if (pending === undefined) {
      pending = this.lookUp(version).finally(() => this.preparing.delete(version.id));
      this.preparing.set(version.id, pending);
    }
    return pending;
  }

  /**
   * Adds one request's served predictions (all of one version) to their windows. `time` is their
   * log time in milliseconds when the caller has it (the server does), which spares parsing `at`.
   */
  observe(version: ModelVersionRecord, records: readonly PredictionLogRecord[], time?: number): void {
    if (records.length === 0) return;
    // A request's records share one log time: parse `at` only when no time was given or it changes.
    let at = time !== undefined ? records[0]!.at : '';
    let ms = time ?? 0;
    // The request's latency, once per request (its records all carry it): what window recovery
    // reads back from the log, one value per distinct (time, latency) of a version.
    const latency = latencyValue(records[0]!.latencyMs);
    if (latency !== undefined) this.windowFor(records[0]!.deploymentName, version, time ?? Date.parse(records[0]!.at)).latency.add(latency);
    for (const record of records) {
      if (record.at !== at) {
        at = record.at;
        ms = Date.parse(at);
      }
      const window = this.windowFor(record.deploymentName, version, ms);
      try {
        window.plan.writer.addRow(window.profile, record.inputs, record.output, this.nextPriority());
        if (window.reconstruction !== null) {
          const error = window.plan.writer.reconstructionError(record.inputs);
          if (Number.isFinite(error)) window.reconstruction.add(error);
        }
      } catch (error) {
        // A row that cannot be profiled must not fail a prediction already answered, nor pass unseen.
        if (window.failed++ === 0)
          this.options.onNote?.(
            `a prediction of ${record.deploymentName} could not be profiled (${error instanceof Error ? error.message : String(error)}); its window will be written as incomplete`,
          );
      }
    }
  }

  /**
   * Counts a request of `version` that failed on the server's side at `time` (milliseconds) in its
   * window, which it opens if it must: a version whose every request fails still has windows.
   */
  observeFailure(deployment: string, version: ModelVersionRecord, time: number): void {
    this.windowFor(deployment, version, time).errors++;
  }

  /**
   * The deployment's windows still in memory, as the parts they will be written as: the monitoring
   * API shows the current minute before it is flushed. Profiles are copied (JSON), not shared.
   */
  liveWindows(deployment: string): WindowProfileRecord[] {
    const updatedAt = this.options.clock().toISOString();
    const windows: OpenWindow[] = [];
    for (const byStart of this.open.get(deployment)?.values() ?? []) windows.push(...byStart.values());
    windows.push(...this.stranded.filter((w) => w.deployment === deployment));
    return windows.map((window) => this.toRecord(window, this.partsWritten.get(partKey(window)) ?? 0, updatedAt));
  }

  get openWindows(): number {
    let n = 0;
    for (const versions of this.open.values()) for (const windows of versions.values()) n += windows.size;
    return n;
  }

  /**
   * Writes the windows that closed more than the grace period ago (`all`: every window, on
   * shutdown). A failed write puts them back, merged with anything that arrived meanwhile.
   */
  async flush(options: { all?: boolean } = {}): Promise<number> {
    const now = this.options.clock().getTime();
    const isDue = (start: number) => options.all || start + this.windowMs + this.graceMs <= now;
    const due: OpenWindow[] = [];
    for (const versions of this.open.values()) {
      for (const windows of versions.values()) {
        for (const [start, window] of windows) {
          if (isDue(start)) {
            due.push(window);
            windows.delete(start);
          }
        }
      }
    }
    const stranded = this.stranded;
    this.stranded = [];
    for (const window of stranded) (isDue(window.start) ? due : this.stranded).push(window);
    if (due.length === 0) return 0;
    const updatedAt = new Date(now).toISOString();
    // Each part of a window gets a source of its own: the first is this process's id, later ones
    // (a window reopened by a late request) are numbered. A retry numbers them the same way, so a
    // write that did land is replaced rather than added to.
    const parts = new Map<string, number>();
    const records = due.map((window) => {
      const key = partKey(window);
      const part = parts.get(key) ?? this.partsWritten.get(key) ?? 0;
      parts.set(key, part + 1);
      return this.toRecord(window, part, updatedAt);
    });
    try {
      await this.options.store.monitoring.insertWindows(records);
    } catch (error) {
      for (const window of due) this.putBack(window);
      throw error;
    }
    for (const [key, written] of parts) this.partsWritten.set(key, written);
    this.forgetOldParts(now);
    await this.options.onWritten?.(records);
    return records.length;
  }

  private async lookUp(version: ModelVersionRecord): Promise<void> {
    const reference = await this.options.store.monitoring.findReference(version.id);
    if (reference !== undefined) {
      this.plans.set(version.id, planFromReference(version, reference));
      return;
    }
    const note = `${version.modelName}:${version.version} has no reference profile; its windows are profiled on a schema from the model signature (no bin edges, no ranges, no multivariate check)`;
    if (!this.plans.has(version.id)) {
      this.plans.set(version.id, planFromSignature(version, note));
      this.options.onNote?.(note);
    }
    if (this.options.buildReference && version.snapshotId !== null) {
      // Profiling a snapshot can take a while; the deployment serves meanwhile.
      void this.options
        .buildReference(version)
        .then((built) => {
          if (built === undefined) return;
          this.plans.set(version.id, planFromReference(version, built));
          this.options.onNote?.(
            `${version.modelName}:${version.version}: reference profile built from its training snapshot; windows from the next one on use it`,
          );
        })
        .catch((error: unknown) =>
          this.options.onNote?.(
            `${version.modelName}:${version.version}: profiling the training snapshot failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }
  }

  private windowFor(deployment: string, version: ModelVersionRecord, time: number): OpenWindow {
    let versions = this.open.get(deployment);
    if (versions === undefined) this.open.set(deployment, (versions = new Map()));
    let windows = versions.get(version.id);
    if (windows === undefined) versions.set(version.id, (windows = new Map()));
    const start = time - (((time % this.windowMs) + this.windowMs) % this.windowMs);
    let window = windows.get(start);
    if (window === undefined) {
      window = this.newWindow(deployment, version, start);
      windows.set(start, window);
    }
    return window;
  }

  private newWindow(deployment: string, version: ModelVersionRecord, start: number): OpenWindow {
    let plan = this.plans.get(version.id);
    if (plan === undefined) {
      // A version that served before prepare() finished (or without it): profile on its signature.
      plan = planFromSignature(version, `${version.modelName}:${version.version} served before its reference was looked up`);
      this.plans.set(version.id, plan);
      void this.prepare(version);
    }
    return {
      deployment,
      versionId: version.id,
      start,
      plan,
      profile: new DatasetProfile(plan.schema),
      reconstruction: plan.multivariate ? new Moments() : null,
      latency: newLatencySketch(Math.floor(this.nextLatencySeed() * 2 ** 32)),
      errors: 0,
      failed: 0,
    };
  }

  private putBack(window: OpenWindow): void {
    let versions = this.open.get(window.deployment);
    if (versions === undefined) this.open.set(window.deployment, (versions = new Map()));
    let windows = versions.get(window.versionId);
    if (windows === undefined) versions.set(window.versionId, (windows = new Map()));
    const newer = windows.get(window.start);
    if (newer === undefined) windows.set(window.start, window);
    else if (newer.plan === window.plan) {
      newer.failed += window.failed;
      newer.errors += window.errors;
      newer.latency.merge(window.latency);
      newer.profile.merge(window.profile);
      if (newer.reconstruction && window.reconstruction) newer.reconstruction.merge(window.reconstruction);
    } else {
      // The reference arrived meanwhile and the newer rows are on its schema: the two cannot
      // merge, so the older rows go out as a part of their own at the next flush.
      this.stranded.push(window);
    }
  }

  private toRecord(window: OpenWindow, part: number, updatedAt: string): WindowProfileRecord {
    return {
      deployment: window.deployment,
      versionId: window.versionId,
      windowStart: new Date(window.start).toISOString(),
      windowMs: this.windowMs,
      source: part === 0 ? this.options.source : `${this.options.source}#${part}`,
      rows: window.profile.rows,
      profile: window.profile.toJSON(),
      reconstruction: window.reconstruction ? window.reconstruction.toJSON() : null,
      status: window.failed > 0 ? 'incomplete' : 'complete',
      updatedAt,
      latency: window.latency.toJSON(),
      errors: window.errors,
    };
  }

  private forgetOldParts(now: number): void {
    // A request cannot start long before it logs; after an hour a window is never reopened.
    for (const key of this.partsWritten.keys()) {
      const start = Number(key.slice(key.lastIndexOf('\u0000') + 1));
      if (start + this.windowMs + 3_600_000 < now) this.partsWritten.delete(key);
    }
  }
}

function partKey(window: OpenWindow): string {
  return `${window.deployment}\u0000${window.versionId}\u0000${window.start}`;
}
