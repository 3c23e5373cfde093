import type { ShadowOutcome } from '../../core/shadow/shadow-record.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { AppContext } from '../context.ts';
import type { LoadExecutor } from '../serving/serving-types.ts';
import type { AnsweredRows, ShadowMirror } from '../serving/serving-extensions.ts';
import { ShadowLane, type LaneLimits } from './shadow-lane.ts';
import { ShadowWriter } from './shadow-writer.ts';

/**
 * The bounds of the mirror, per deployment with a shadow: at most 1,024 rows wait to be scored (past
 * that, whole requests are dropped and counted), at most 256 rows go to the shadow per call, and a
 * call without an answer after 2 s is abandoned.
 */
const SHADOW_LIMITS: LaneLimits = { maxQueuedRows: 1024, maxBatchRows: 256, timeoutMs: 2000, retryLoadMs: 30_000 };

export interface ShadowMirrorOptions {
  readonly ctx: Pick<AppContext, 'store' | 'artifacts' | 'clock' | 'newId'>;
  /** Loads each shadow version into an executor of its own (its own worker threads in a server). */
  readonly loadExecutor: LoadExecutor;
  /** Decides per request whether it is mirrored under a sample share below 1 (uniform in [0, 1)). */
  readonly random?: () => number;
  readonly limits?: Partial<LaneLimits>;
  /** How often the shadow rows are written (ms). */
  readonly flushMs?: number;
  /** Every outcome, in rows (ballast_shadow_requests_total). */
  readonly onOutcome?: (deployment: string, outcome: ShadowOutcome, rows: number) => void;
  /** Each shadow model call's time in ms (ballast_shadow_busy_seconds_total: the shadow's own cost, apart from the primary's). */
  readonly onCall?: (deployment: string, ms: number) => void;
  /** A shadow that failed, timed out or did not load, or rows that could not be written: for the server's log. */
  readonly onProblem?: (message: string, error?: unknown) => void;
  /** Milliseconds for latencies (performance.now unless given). */
  readonly now?: () => number;
}

/**
 * The serving host's shadow mirror: after a deployment with a shadow has answered, `offer` hands a
 * copy of the rows to that deployment's lane (shadow-lane.ts), sampled per request by the shadow's
 * share. A lane holds the shadow version's own executor; a revision that names another shadow
 * version replaces it, and `reconcile` (the stored deployments, read on the server's refresh) closes
 * lanes whose shadow stopped and warms those that started. Shadow rows are written in batches by
 * one ShadowWriter, never on the answer path.
 */
export class ShadowMirrorService implements ShadowMirror {
  private readonly lanes = new Map<string, ShadowLane>();
  /** The newest revision of each deployment `reconcile` read: an answer of an older one cannot start a shadow stopped since. */
  private readonly storedRevisions = new Map<string, number>();
  private readonly writer: ShadowWriter;
  private readonly limits: LaneLimits;
  private readonly random: () => number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: ShadowMirrorOptions) {
    this.limits = { ...SHADOW_LIMITS, ...options.limits };
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
    this.writer = new ShadowWriter(options.ctx.store.shadows, {
      clock: options.ctx.clock,
      newId: options.ctx.newId,
      flushMs: options.flushMs,
      onError: (message, error) => options.onProblem?.(message, error),
    });
  }

  offer(rows: AnsweredRows): void {
    try {
      const shadow = rows.deployment.routing?.shadow;
      if (shadow === undefined || this.closed) return;
      if (shadow.sample < 1 && this.random() >= shadow.sample) return;
      this.laneFor(rows.deployment)?.offer(rows);
    } catch (error) {
      // Never the primary's problem.
      this.options.onProblem?.('mirroring a request to the shadow failed', error);
    }
  }

  /**
   * Brings the lanes in line with the stored deployments: closes the lane of a deployment that has
   * no shadow any more (or no longer exists), replaces one whose shadow version changed, and starts
   * (loads) one for a shadow that has none yet.
   */
  async reconcile(deployments: readonly DeploymentRecord[]): Promise<void> {
    const byName = new Map(deployments.map((d) => [d.name, d]));
    for (const d of deployments) this.storedRevisions.set(d.name, Math.max(d.revision, this.storedRevisions.get(d.name) ?? 0));
    const closing: Promise<void>[] = [];
    for (const [name, lane] of this.lanes) {
      const shadow = byName.get(name)?.routing?.shadow;
      if (shadow === undefined || shadow.versionId !== lane.versionId) {
        this.lanes.delete(name);
        closing.push(lane.close());
      }
    }
    for (const deployment of deployments) if (deployment.routing?.shadow) this.laneFor(deployment)?.warm();
    await Promise.all(closing);
  }

  /** Waits until every lane is idle and what they produced is written (tests, benchmarks). */
  async settle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
    await this.writer.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    await Promise.all(lanes.map((lane) => lane.close()));
    await this.writer.close();
  }

  /** The lane serving this revision's shadow: the current one, or a new one when the shadow version changed. */
  private laneFor(deployment: DeploymentRecord): ShadowLane | undefined {
    const shadow = deployment.routing?.shadow;
    if (shadow === undefined || this.closed) return undefined;
    const current = this.lanes.get(deployment.name);
    if (current !== undefined) {
      // An answer of an older revision (still in flight across a change) goes to the current shadow.
      if (current.versionId === shadow.versionId || deployment.revision <= current.revision) {
        current.revision = Math.max(current.revision, deployment.revision);
        return current;
      }
      void current.close();
    } else if (deployment.revision < (this.storedRevisions.get(deployment.name) ?? 0)) {
      // Answered on a revision older than the stored one, which has no lane: its shadow has stopped.
      return undefined;
    }
    const lane = this.newLane(deployment, shadow.versionId);
    this.lanes.set(deployment.name, lane);
    return lane;
  }

  private newLane(deployment: DeploymentRecord, versionId: string): ShadowLane {
    const { ctx, loadExecutor, onOutcome, onCall, onProblem } = this.options;
    const name = deployment.name;
    return new ShadowLane(
      name,
      versionId,
      deployment.revision,
      {
        load: async () => {
          const version = await ctx.store.versions.findById(versionId);
          if (version === undefined) throw new Error(`the shadow version ${versionId} is not registered`);
          const artifact = await ctx.artifacts.read(version.artifactSha256);
          // Labelled apart from the deployment's own executors in batch metrics and worker logs.
          return { version, executor: await loadExecutor(version, artifact, deployment.config, `${name}/shadow`) };
        },
        write: (records) => this.writer.add(records),
        writeDropped: (rows) => this.writer.addDropped(name, versionId, rows),
        count: (outcome, rows) => onOutcome?.(name, outcome, rows),
        busy: (ms) => onCall?.(name, ms),
        problem: (message, error) => onProblem?.(message, error),
        clock: ctx.clock,
        newId: ctx.newId,
        now: this.now,
      },
      this.limits,
    );
  }
}
