import { compileRowChecker, type LiveViolation } from '../../core/contracts/row-checker.ts';
import { maskedRowChecker } from '../../core/privacy/masked-row-checker.ts';
import { sensitiveColumnsOfVersion } from '../privacy/sensitive-columns.ts';
import { BallastError } from '../../core/errors.ts';
import { issuesError, type Issue } from '../../core/issues.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { isSampledForLog } from '../../core/log-sampling.ts';
import type { DeploymentRecord, FlaggedViolation, PredictionLogRecord } from '../../core/serving-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { toPredictionRecords, type PredictionRecord } from '../../runtime/prediction-records.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { routedVersionIds, type EnsembleState, type ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import { routePlan, routeRows, STICKY_BUCKETS, type RouteTarget, type RoutePlan } from '../../core/rollouts/route-request.ts';
import type { AppContext } from '../context.ts';
import type { PredictionEnrichment } from '../../core/features/enrich-rows.ts';
import { loadEnricher, type Enricher } from './enricher.ts';
import { ExecutorPool, type Lease, type LoadedVersion } from './executor-pool.ts';
import { fallbackRecord, type AnswerRecord } from './review-fallback.ts';
import type { AnsweredRows, ExecutorOutput, ReviewHold } from './serving-extensions.ts';
import { mergeOutputs, selectRows } from './split-batch.ts';
import type {
  Executor,
  PredictionLog,
  LoadExecutor,
  ServingHooks,
  PreparedVersion,
  ServingExtensions,
  ServingOptions,
  Answerer,
  MemberAnswer,
  ServedPrediction,
} from './serving-types.ts';

const ABSTAIN: ReviewFallback = { kind: 'abstain' };

/** What answers the rows routed to one version: its loaded model, or for an ensemble's stable the ensemble. */
type Answering = LoadedVersion;

/** One revision of a deployment as this server serves it. */
interface Serving {
  readonly deployment: DeploymentRecord;
  /** The stable version (the deployment's versionId). */
  readonly version: ModelVersionRecord;
  /** What answers the stable share (an ensemble when the routing has one). */
  readonly executor: Executor;
  readonly plan: RoutePlan;
  readonly answering: ReadonlyMap<string, Answering>;
  /** The stable version's own model: a `stable` review fallback scores with it. */
  readonly stable: LoadedVersion;
  /** The versions it holds, as a key: a kept version expiring changes it within the same revision. */
  readonly needed: string;
  readonly generation: number;
  readonly leases: readonly Lease[];
  readonly ensemble?: Executor;
  /** Completes requests from the online store; absent for a deployment without enrichment (no cost at all). */
  readonly enricher?: Enricher;
}

/** Per row of a request, how it was completed from the online store (absent without enrichment). */
type Enrichments = readonly (PredictionEnrichment | undefined)[] | undefined;

/** The rows of one request routed to one version. */
interface Group {
  readonly target: RouteTarget;
  readonly answering: Answering;
  readonly indices: number[];
}

const NO_HEADER = (): undefined => undefined;

/**
 * Serves every deployment by its stored routing: the stable version and whatever the routing sends
 * elsewhere (a canary, an A/B variant, an ensemble's members, a kept blue), loaded once in a pool
 * shared across revisions. Answers predictions, splitting a request between versions when its rows
 * route apart, and logs each one (or, under a log sample rate, the sampled ones) before answering.
 * Changes made through this process apply at once; changes made elsewhere (the CLI, another replica)
 * are picked up by `refresh()`, which the server runs every second.
 */
export class ServingHost {
  private readonly serving = new Map<string, Serving>();
  private readonly loading = new Map<string, Promise<Serving>>();
  /** Per deployment, the revision (and versions) whose routing could not be loaded: not retried. */
  private readonly unavailable = new Map<string, string>();
  private readonly pool: ExecutorPool;
  private readonly extensions: ServingExtensions;
  private readonly random: () => number;
  private generations = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: PredictionLog,
    private readonly loadExecutor: LoadExecutor,
    private readonly hooks: ServingHooks = {},
    options: ServingOptions = {},
  ) {
    this.pool = new ExecutorPool((deployment, versionId) => this.loadVersion(deployment, versionId));
    this.extensions = options.extensions ?? {};
    this.random = options.random ?? Math.random;
  }

  /** Loads every deployment in the store; the server is ready when this resolves. */
  async start(): Promise<void> {
    await this.refresh();
  }

  get deploymentNames(): string[] {
    return [...this.serving.keys()];
  }

  /** How many versions are loaded or loading across deployments (one per deployment, version and batching config). */
  get loadedVersions(): number {
    return this.pool.size;
  }

  async refresh(): Promise<void> {
    const records = await this.ctx.store.deployments.list();
    await Promise.all(records.map((record) => this.apply(record)));
  }

  /**
   * Serves `record` from now on. Only versions not loaded yet are loaded: a revision that changes
   * the routing alone swaps it at once. Versions nothing routes to any more close once their
   * in-flight work is done.
   */
  async apply(record: DeploymentRecord): Promise<Serving> {
    const neededIds = [record.versionId, ...routedVersionIds(record.versionId, record.routing, this.ctx.clock())];
    const needed = [...neededIds].sort().join(',');
    const current = this.serving.get(record.name);
    if (current) {
      const revision = current.deployment.revision;
      if (revision > record.revision || (revision === record.revision && current.needed === needed)) return current;
      if (this.unavailable.get(record.name) === `${record.revision}#${needed}`) return current;
    }
    const key = `${record.name}#${record.revision}#${needed}`;
    let pending = this.loading.get(key);
    if (pending === undefined) {
      // Installed once per load, not once per caller awaiting it, so a losing load is retired once.
      pending = this.load(record, neededIds, needed).then((next) => this.install(next));
      this.loading.set(key, pending);
    }
    try {
      return await pending;
    } finally {
      this.loading.delete(key);
    }
  }

  /**
   * Serves `next` unless a newer revision (or a newer load of the same one) got there first: loads
   * run concurrently, and a slow one may finish last. Whichever is not served any more lets go of
   * its versions.
   */
  private install(next: Serving): Serving {
    const now = this.serving.get(next.deployment.name);
    if (now === next) return now;
    const newer =
      now === undefined ||
      now.deployment.revision < next.deployment.revision ||
      (now.deployment.revision === next.deployment.revision && now.generation < next.generation);
    if (newer) {
      this.serving.set(next.deployment.name, next);
      if (now) retire(now);
      return next;
    }
    retire(next);
    return now;
  }

  /**
   * Loads `version` with `deployment`'s config without serving it (see PreparedVersion). Loading
   * through the pool, not a second loader, keeps the executors (worker threads, batcher) and the
   * onVersionLoad hook exactly what serving it will use, and a revision routing to it finds it warm.
   */
  async prepare(deployment: DeploymentRecord, version: ModelVersionRecord): Promise<PreparedVersion> {
    const lease = await this.pool.acquire(deployment, version.id);
    let settled = false;
    return {
      version: lease.loaded.version,
      predict: (batch) => lease.loaded.executor.predict(batch),
      serve: async (record) => {
        if (settled) throw new Error(`${version.modelName}:${version.version} was already served or discarded`);
        const routes =
          record.versionId === version.id || routedVersionIds(record.versionId, record.routing, this.ctx.clock()).includes(version.id);
        if (record.name !== deployment.name || !routes)
          throw new Error(`revision ${record.revision} of "${record.name}" does not serve the prepared version`);
        settled = true;
        try {
          await this.apply(record);
        } finally {
          lease.release();
        }
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        lease.release();
      },
    };
  }

  /** What a deployment serves now (its stable version's signature for V2 metadata and decoding). */
  async describe(name: string): Promise<Serving> {
    return this.serving.get(name) ?? (await this.lookup(name));
  }

  /**
   * JSON instances in, predictions out, logged (or sampled for the log) before the answer. `header`
   * reads the request's headers, for a rollout whose sticky key is one.
   */
  async predictInstances(
    name: string,
    instances: readonly unknown[],
    requestId: string | null,
    startedAt: number,
    header: (name: string) => string | undefined = NO_HEADER,
  ): Promise<ServedPrediction> {
    const serving = await this.describe(name);
    let rows = instances;
    let enrichment: Enrichments;
    if (serving.enricher !== undefined) {
      // One batched read of the online store for the whole request, before routing and the contract check.
      const enriched = await serving.enricher.enrich(instances);
      rows = enriched.rows;
      enrichment = enriched.records;
    }
    return this.answer(
      serving,
      () => rows as readonly Record<string, unknown>[],
      (target, indices) => target.readInstances(indices.length === rows.length ? rows : indices.map((row) => rows[row])),
      requestId,
      startedAt,
      header,
      enrichment,
    );
  }

  /**
   * A request decoded by another protocol (V2): `prepare` turns it into a batch for a signature,
   * called for the stable version's (whose rows route the request) and for each other version that
   * answers rows of it, so every version reads the request by its own signature.
   */
  async predictDecoded(
    name: string,
    prepare: (signature: ModelSignature) => { batch: FeatureBatch; inputs: readonly Record<string, unknown>[] },
    requestId: string | null,
    startedAt: number,
    header: (name: string) => string | undefined = NO_HEADER,
  ): Promise<ServedPrediction> {
    const serving = await this.describe(name);
    if (serving.enricher !== undefined) {
      // The request carries the key and the inputs enrichment does not fill; once completed, every
      // version reads the rows as JSON instances are read.
      const { inputs } = prepare(serving.enricher.requestSignature);
      const enriched = await serving.enricher.enrich(inputs);
      const rows = enriched.rows;
      return this.answer(
        serving,
        () => rows,
        (target, indices) => target.readInstances(indices.length === rows.length ? rows : indices.map((row) => rows[row])),
        requestId,
        startedAt,
        header,
        enriched.records,
      );
    }
    const decoded = new Map<ModelSignature, ReturnType<typeof prepare>>();
    const decode = (signature: ModelSignature) => {
      let request = decoded.get(signature);
      if (request === undefined) decoded.set(signature, (request = prepare(signature)));
      return request;
    };
    return this.answer(
      serving,
      () => decode(serving.version.signature).inputs,
      (target, indices) => selectRows(decode(target.version.signature).batch, indices),
      requestId,
      startedAt,
      header,
    );
  }

  /** Waits until the predictions answered so far can be read from the store (see PredictionLog.caughtUp). */
  logCaughtUp(): Promise<void> {
    return this.log.caughtUp?.() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    for (const serving of this.serving.values()) void serving.ensemble?.close().catch(() => undefined);
    this.serving.clear();
    await this.pool.close();
  }

  /** Runs a request, telling onFailed of a failure (charged to the version that failed it) before passing it on. */
  private async answer(
    serving: Serving,
    rows: () => readonly Record<string, unknown>[],
    batchFor: (target: Answering, indices: readonly number[]) => FeatureBatch,
    requestId: string | null,
    startedAt: number,
    header: (name: string) => string | undefined,
    enrichment?: Enrichments,
  ): Promise<ServedPrediction> {
    const blame = { version: serving.version };
    try {
      return await this.run(serving, rows(), batchFor, requestId, startedAt, header, blame, enrichment);
    } catch (error) {
      try {
        this.hooks.onFailed?.(blame.version, serving.deployment.name, error, this.ctx.clock().getTime());
      } catch {
        // Monitoring never changes what the client is told.
      }
      throw error;
    }
  }

  /**
   * Checks each row against the contract of the version it was routed to. Violations whose policy
   * is `reject` fail the whole request with every failing field listed; `flag` violations are
   * returned per row to be recorded with the prediction. All of them are counted.
   */
  private checkContract(
    deployment: string,
    groups: readonly Group[],
    rows: readonly Record<string, unknown>[],
  ): (FlaggedViolation[] | undefined)[] | undefined {
    let flags: (FlaggedViolation[] | undefined)[] | undefined;
    let rejected: Issue[] | undefined;
    const seen: LiveViolation[] = [];
    for (const group of groups) {
      const checkRow = group.answering.checkRow;
      if (checkRow === undefined) continue;
      for (const index of group.indices) {
        const row = rows[index];
        const violations = row !== null && typeof row === 'object' ? checkRow(row) : undefined;
        if (violations === undefined) continue;
        seen.push(...violations);
        for (const v of violations) {
          if (v.policy === 'reject') (rejected ??= []).push({ code: v.code, path: ['instances', index, v.column], message: v.message });
          else ((flags ??= new Array(rows.length))[index] ??= []).push({ column: v.column, code: v.code, message: v.message });
        }
      }
    }
    if (seen.length > 0) this.hooks.onViolations?.(deployment, seen);
    if (rejected !== undefined) {
      rejected.sort((a, b) => (a.path[1] as number) - (b.path[1] as number));
      throw issuesError('contract_violation', "the request breaks the deployment's contract", rejected);
    }
    return flags;
  }

  private async run(
    serving: Serving,
    inputs: readonly Record<string, unknown>[],
    batchFor: (target: Answering, indices: readonly number[]) => FeatureBatch,
    requestId: string | null,
    startedAt: number,
    header: (name: string) => string | undefined,
    blame: { version: ModelVersionRecord },
    enrichment: Enrichments,
  ): Promise<ServedPrediction> {
    const { deployment } = serving;
    const rowCount = inputs.length;
    const routes = routeRows(serving.plan, inputs, header, () => Math.min(STICKY_BUCKETS - 1, Math.floor(this.random() * STICKY_BUCKETS)));
    if (routes.keyMissing > 0) this.hooks.onStickyKeyMissing?.(deployment.name, routes.keyMissing);
    const all: Group[] = routes.targets.map((target) => ({ target, answering: serving.answering.get(target.versionId)!, indices: [] }));
    routes.rowTarget.forEach((target, row) => all[target]!.indices.push(row));
    const groups = all.filter((group, k) => group.indices.length > 0 || (k === 0 && rowCount === 0));

    const flags = this.checkContract(deployment.name, groups, inputs);
    const outputs = await Promise.all(
      groups.map(async (group): Promise<ExecutorOutput> => {
        try {
          return await group.answering.executor.predict(rowsOf(batchFor, group.answering, group.indices, rowCount));
        } catch (error) {
          blame.version = group.answering.version;
          throw error;
        }
      }),
    );

    const now = this.ctx.clock();
    const at = now.toISOString();
    const latencyMs = performance.now() - startedAt;
    const ids = inputs.map(() => this.ctx.newId());
    const own: PredictionRecord[] = new Array(rowCount);
    const answeredBy: Answerer[] = new Array(rowCount);
    const log: PredictionLogRecord[] = new Array(rowCount);
    const byGroup: PredictionRecord[][] = [];
    let members: (MemberAnswer[] | undefined)[] | undefined;
    groups.forEach((group, k) => {
      const output = outputs[k]!;
      const { version, features } = group.answering;
      const records = toPredictionRecords(output);
      byGroup.push(records);
      const who: Answerer = {
        versionId: version.id,
        model: { name: version.modelName, version: version.version },
        role: group.target.role,
      };
      const memberRecords = output.members?.map((member) => ({ model: member.model, records: toPredictionRecords(member.output) }));
      group.indices.forEach((row, i) => {
        own[row] = records[i]!;
        answeredBy[row] = who;
        const rowMembers = memberRecords?.map((member): MemberAnswer => ({ model: member.model, ...member.records[i]! }));
        if (rowMembers) (members ??= new Array(rowCount))[row] = rowMembers;
        log[row] = {
          id: ids[row]!,
          at,
          deploymentId: deployment.id,
          deploymentName: deployment.name,
          versionId: version.id,
          modelName: version.modelName,
          modelVersion: version.version,
          requestId,
          features,
          // As the client sent it (completed from the online store under enrichment): the log keeps the features only (logged-inputs.ts).
          inputs: inputs[row] ?? {},
          // The model's own output (an ensemble's with each member's), never a review fallback.
          output: rowMembers ? { ...records[i]!, members: rowMembers } : records[i]!,
          latencyMs,
          role: group.target.role,
          ...(flags?.[row] ? { violations: flags[row] } : {}),
          ...(enrichment?.[row] ? { enrichment: enrichment[row] } : {}),
        };
      });
    });
    const told = (k: number): AnsweredRows => {
      const group = groups[k]!;
      const whole = groups.length === 1;
      return {
        deployment,
        version: group.answering.version,
        role: group.target.role,
        ids: whole ? ids : group.indices.map((row) => ids[row]!),
        inputs: whole ? inputs : group.indices.map((row) => inputs[row]!),
        records: byGroup[k]!,
        flags: flags && (whole ? flags : group.indices.map((row) => flags[row])),
        ...(outputs[k]!.disagreement ? { disagreement: outputs[k]!.disagreement } : {}),
        requestId,
        startedAt,
        answeredAt: now.getTime(),
      };
    };

    // Review: the held rows' items are stored before anyone is answered (kill -9 loses none acknowledged).
    const holds = await this.holdForReview(serving, groups, told, rowCount);
    const records: AnswerRecord[] = holds ? await this.withFallbacks(serving, groups, own, holds, batchFor, rowCount) : own;

    // The sample is a pure function of each id, so it can be replayed from the ids alone; a held row is always logged.
    const rate = deployment.config.logSampleRate;
    const sampled = rate >= 1 ? log : log.filter((record, row) => holds?.[row] !== undefined || isSampledForLog(record.id, rate));
    // Answer only after the log has committed: an acknowledged logged prediction is never lost.
    if (sampled.length > 0) await this.log.append(sampled);
    groups.forEach((group) => {
      try {
        // All of them, sampled out or not: window profiles cover every prediction served, per version.
        this.hooks.onServed?.(group.answering.version, groups.length === 1 ? log : group.indices.map((row) => log[row]!), now.getTime());
      } catch {
        // Monitoring never fails a prediction that is already logged (the profiler marks a window it
        // could not complete as incomplete itself).
      }
    });
    if (deployment.routing.shadow && this.extensions.shadow) {
      for (let k = 0; k < groups.length; k++) {
        try {
          this.extensions.shadow.offer(told(k));
        } catch {
          // The shadow never touches the primary's answer.
        }
      }
    }
    let merged: PredictionOutput | undefined;
    const parts = groups.map((group, k) => ({ indices: group.indices, output: outputs[k]! }));
    return {
      model: answeredBy[0]?.model ?? { name: serving.version.modelName, version: serving.version.version },
      deployment: deployment.name,
      ids,
      logged: sampled.length,
      // Merged only when read (V2): the JSON answer goes by rows.
      get output() {
        return (merged ??= mergeOutputs(parts, rowCount));
      },
      records,
      flags,
      answeredBy,
      ...(holds
        ? {
            reviews: holds.map((hold) => (hold?.id ? { id: hold.id, status: 'pending' as const } : undefined)),
            fallbacks: holds.map((hold) => hold?.fallback.kind),
          }
        : {}),
      ...(members ? { members } : {}),
    };
  }

  /**
   * Per row, the review holding it or, for an ensemble that answers its members' disagreements with
   * the fallback (`on_disagreement: fallback`), a hold without a review: the review policy's fallback,
   * or abstain without one. Undefined when no row is held.
   */
  private async holdForReview(
    serving: Serving,
    groups: readonly Group[],
    told: (k: number) => AnsweredRows,
    rowCount: number,
  ): Promise<(ReviewHold | undefined)[] | undefined> {
    const { review, ensemble } = serving.deployment.routing;
    const reviews = this.extensions.reviews;
    let holds: (ReviewHold | undefined)[] | undefined;
    if (review !== undefined && reviews !== undefined) {
      const held = await Promise.all(groups.map((_, k) => reviews.hold(told(k))));
      groups.forEach((group, k) =>
        group.indices.forEach((row, i) => {
          const hold = held[k]![i];
          if (hold !== undefined) (holds ??= new Array(rowCount))[row] = hold;
        }),
      );
    }
    if (ensemble?.onDisagreement === 'fallback') {
      const fallback = review?.fallback ?? ABSTAIN;
      groups.forEach((group, k) => {
        const disagreement = told(k).disagreement;
        group.indices.forEach((row, i) => {
          if (disagreement?.[i] === true && holds?.[row] === undefined)
            (holds ??= new Array(rowCount))[row] = { id: null, fallback, reason: 'ensemble members disagree' };
        });
      });
    }
    return holds;
  }

  /** The answer per row: a held row's fallback, scoring it with the stable version when that is the fallback and another answered it. */
  private async withFallbacks(
    serving: Serving,
    groups: readonly Group[],
    own: readonly PredictionRecord[],
    holds: readonly (ReviewHold | undefined)[],
    batchFor: (target: Answering, indices: readonly number[]) => FeatureBatch,
    rowCount: number,
  ): Promise<AnswerRecord[]> {
    const rescore: number[] = [];
    for (const group of groups) {
      const plainStable = group.answering.version.id === serving.version.id && serving.ensemble === undefined;
      if (plainStable) continue;
      for (const row of group.indices) if (holds[row]?.fallback.kind === 'stable') rescore.push(row);
    }
    const stable = new Map<number, PredictionRecord>();
    if (rescore.length > 0) {
      const output = await serving.stable.executor.predict(rowsOf(batchFor, serving.stable, rescore, rowCount));
      toPredictionRecords(output).forEach((record, i) => stable.set(rescore[i]!, record));
    }
    return own.map((record, row) => {
      const hold = holds[row];
      return hold === undefined ? record : fallbackRecord(hold.fallback, record, stable.get(row));
    });
  }

  private async lookup(name: string): Promise<Serving> {
    const record = await this.ctx.store.deployments.findByName(name);
    if (record === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
    return this.apply(record);
  }

  /**
   * Takes leases on the revision's versions. The stable version must load (a deployment that cannot
   * serve its own version fails as before); if a routed one cannot, the deployment keeps serving its
   * previous routing (or, on a first load, the stable version alone) and says so.
   */
  private async load(record: DeploymentRecord, neededIds: readonly string[], needed: string): Promise<Serving> {
    const generation = ++this.generations;
    const stable = await this.pool.acquire(record, record.versionId);
    let enricher: Enricher | undefined;
    try {
      enricher = record.config.features && (await loadEnricher(this.ctx, record.config.features, stable.loaded.version));
    } catch (error) {
      stable.release();
      throw error;
    }
    const settled = await Promise.allSettled(neededIds.slice(1).map((id) => this.pool.acquire(record, id)));
    const leases = [stable, ...settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    let plan = routePlan(record.versionId, record.routing);
    let ensemble: Executor | undefined;
    let problem: unknown = failure?.reason;
    if (problem === undefined && record.routing.ensemble) {
      try {
        ensemble = this.buildEnsemble(record.routing.ensemble, leases);
      } catch (error) {
        problem = error;
      }
    }
    if (problem !== undefined) {
      this.unavailable.set(record.name, `${record.revision}#${needed}`);
      try {
        this.hooks.onRoutingUnavailable?.(record, problem);
      } catch {
        // Reporting it never stops stable traffic.
      }
      const current = this.serving.get(record.name);
      if (current) {
        for (const lease of leases) lease.release();
        return current;
      }
      for (const lease of leases.slice(1)) lease.release();
      leases.length = 1;
      plan = { stable: plan.stable, stickyKey: null };
    }
    const answering = new Map<string, Answering>(leases.map((lease) => [lease.loaded.version.id, lease.loaded]));
    if (ensemble) answering.set(record.versionId, { ...stable.loaded, executor: ensemble });
    return {
      deployment: record,
      version: stable.loaded.version,
      executor: ensemble ?? stable.loaded.executor,
      plan,
      answering,
      stable: stable.loaded,
      needed,
      generation,
      leases,
      ...(ensemble ? { ensemble } : {}),
      ...(enricher ? { enricher } : {}),
    };
  }

  /** The ensemble over its members' pooled executors, lent so that closing the ensemble leaves them to the pool. */
  private buildEnsemble(state: EnsembleState, leases: readonly Lease[]): Executor {
    const build = this.extensions.ensemble;
    if (build === undefined) throw new Error('this server was started without ensemble support');
    const byId = new Map(leases.map((lease) => [lease.loaded.version.id, lease.loaded]));
    const members = state.memberVersionIds.map((id) => {
      const loaded = byId.get(id);
      if (loaded === undefined) throw new Error(`ensemble member ${id} is not loaded`);
      const executor: Executor = {
        signature: loaded.executor.signature,
        predict: (batch) => loaded.executor.predict(batch),
        close: async () => {},
      };
      return { version: loaded.version, executor };
    });
    return build(members, state);
  }

  private async loadVersion(record: DeploymentRecord, versionId: string): Promise<LoadedVersion> {
    const version = await this.ctx.store.versions.findById(versionId);
    if (version === undefined)
      throw new BallastError('version_not_found', `deployment "${record.name}" names a version that is not registered`);
    const artifact = await this.ctx.artifacts.read(version.artifactSha256);
    const contract = version.contractId ? await this.ctx.store.contracts.findById(version.contractId) : undefined;
    // Violation messages must not echo a sensitive value (docs/privacy.md); marks made later apply on the next load.
    const sensitive = new Set((await sensitiveColumnsOfVersion(this.ctx.store, version)).map((c) => c.column));
    const executor = await this.loadExecutor(version, artifact, record.config, record.name);
    try {
      await this.hooks.onVersionLoad?.(version);
      return {
        version,
        executor,
        readInstances: compileInstanceReader(version.signature.inputs),
        features: version.signature.inputs.map((input) => input.name),
        checkRow: contract && maskedRowChecker(compileRowChecker(contract.contract), sensitive),
      };
    } catch (error) {
      // Nothing will serve with it: its threads and native sessions would otherwise live on.
      await executor.close().catch(() => undefined);
      throw error;
    }
  }
}

/** A revision no longer served lets go of its versions (each closes when nothing else holds it). */
function retire(serving: Serving): void {
  void serving.ensemble?.close().catch(() => undefined);
  for (const lease of serving.leases) lease.release();
}

/**
 * The batch of a group's rows. A client mistake in a row is reported at the row's place in the
 * request, not in the group.
 */
function rowsOf(
  batchFor: (target: Answering, indices: readonly number[]) => FeatureBatch,
  target: Answering,
  indices: readonly number[],
  rowCount: number,
): FeatureBatch {
  try {
    return batchFor(target, indices);
  } catch (error) {
    if (!(error instanceof BallastError) || indices.length === rowCount || error.issues.length === 0) throw error;
    const issues = error.issues.map((issue) =>
      issue.path[0] === 'instances' && typeof issue.path[1] === 'number'
        ? { ...issue, path: ['instances', indices[issue.path[1]] ?? issue.path[1], ...issue.path.slice(2)] }
        : issue,
    );
    throw new BallastError(error.code, error.message, issues);
  }
}
