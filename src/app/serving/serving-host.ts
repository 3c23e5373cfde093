import { compileRowChecker, type LiveViolation, type RowChecker } from '../../core/contracts/row-checker.ts';
import { BallastError } from '../../core/errors.ts';
import { issuesError, type Issue } from '../../core/issues.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { isSampledForLog } from '../../core/log-sampling.ts';
import type { DeploymentConfig, DeploymentRecord, FlaggedViolation, PredictionLogRecord } from '../../core/serving-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { toPredictionRecords, type PredictionRecord } from '../../runtime/prediction-records.ts';
import { compileInstanceReader, type InstanceReader } from '../../runtime/read-instances.ts';
import type { AppContext } from '../context.ts';

/** A model ready to serve one deployment: loaded (in workers) behind a batcher. */
export interface Executor {
  readonly signature: ModelSignature;
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  close(): Promise<void>;
}

/** Where answered predictions go before the answer is sent (the group-commit writer in production). */
export interface PredictionLog {
  append(records: readonly PredictionLogRecord[]): Promise<void>;
  /**
   * Resolves once every record appended so far can be read from the store. A log that answers only
   * after its commit has nothing to wait for; the SQLite journal's thread moves records into the
   * table just after their answers.
   */
  caughtUp?(): Promise<void>;
}

export type LoadExecutor = (
  version: ModelVersionRecord,
  artifact: Uint8Array,
  config: DeploymentConfig,
  deployment: string,
) => Promise<Executor>;

interface Serving {
  readonly deployment: DeploymentRecord;
  readonly version: ModelVersionRecord;
  readonly executor: Executor;
  readonly readInstances: InstanceReader;
  /** The version's input names in signature order, shared by every record logged for it. */
  readonly features: readonly string[];
  /** The version's contract, compiled once; absent when the version has no contract. */
  readonly checkRow: RowChecker | undefined;
}

export interface ServingHooks {
  /** Every contract violation seen, rejected or flagged (for metrics and monitoring windows). */
  readonly onViolations?: (deployment: string, violations: readonly LiveViolation[]) => void;
  /** A version is about to serve a deployment; awaited before it does (monitoring looks up its reference profile). */
  readonly onVersionLoad?: (version: ModelVersionRecord) => Promise<void>;
  /**
   * Every prediction of a request, logged or sampled out, once the logged ones are committed
   * (monitoring profiles them into the current window, so profiles cover all traffic).
   */
  readonly onServed?: (version: ModelVersionRecord, records: readonly PredictionLogRecord[], time: number) => void;
  /**
   * A request that failed once a version had been chosen to serve it (bad input, a contract
   * rejection, a model or log failure), at `time` in milliseconds; monitoring counts the server's
   * failures per window and version.
   */
  readonly onFailed?: (version: ModelVersionRecord, deployment: string, error: unknown, time: number) => void;
}

/**
 * A version loaded for a deployment beside the one serving it, not serving yet: automated rollback
 * scores a smoke request with it first, and serves it only once the move is committed.
 */
export interface PreparedVersion {
  readonly version: ModelVersionRecord;
  /** Scores a batch with the loaded model; nothing is logged, profiled or counted. */
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  /** Serves `record` (a revision of the same deployment that names this version) with the model already loaded. */
  serve(record: DeploymentRecord): Promise<void>;
  /** Closes the model; does nothing once it serves. */
  discard(): Promise<void>;
}

export interface ServedPrediction {
  readonly model: { readonly name: string; readonly version: number };
  readonly deployment: string;
  readonly ids: readonly string[];
  /** How many of `ids` were kept in the prediction log (fewer than all under a log sample rate). */
  readonly logged: number;
  readonly output: PredictionOutput;
  readonly records: readonly PredictionRecord[];
  /** Per row, the contract violations a `flag` policy let through. */
  readonly flags: readonly (readonly FlaggedViolation[] | undefined)[] | undefined;
}

/**
 * Keeps one executor per deployment, answers predictions and logs each one (or, under a log sample
 * rate, the sampled ones) before answering.
 * Deployment changes made through this process apply at once; changes made elsewhere (the CLI,
 * another replica) are picked up by `refresh()`, which the server runs on an interval.
 */
export class ServingHost {
  private readonly serving = new Map<string, Serving>();
  private loading = new Map<string, Promise<Serving>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly log: PredictionLog,
    private readonly loadExecutor: LoadExecutor,
    private readonly hooks: ServingHooks = {},
  ) {}

  /** Loads every deployment in the store; the server is ready when this resolves. */
  async start(): Promise<void> {
    await this.refresh();
  }

  get deploymentNames(): string[] {
    return [...this.serving.keys()];
  }

  async refresh(): Promise<void> {
    const records = await this.ctx.store.deployments.list();
    await Promise.all(records.map((record) => this.apply(record)));
  }

  /** Serves `record` from now on; the previous executor closes once its in-flight work is done. */
  async apply(record: DeploymentRecord): Promise<Serving> {
    const current = this.serving.get(record.name);
    if (current && current.deployment.revision >= record.revision) return current;
    const key = `${record.name}#${record.revision}`;
    let pending = this.loading.get(key);
    if (pending === undefined) {
      // Installed once per load, not once per caller awaiting it, so a losing executor closes once.
      pending = this.load(record).then((next) => this.install(next));
      this.loading.set(key, pending);
    }
    try {
      return await pending;
    } finally {
      this.loading.delete(key);
    }
  }

  /**
   * Serves `next` unless a newer revision got there first (loads run concurrently, and a slow one
   * may finish last); whichever executor is not served any more is closed.
   */
  private install(next: Serving): Serving {
    const now = this.serving.get(next.deployment.name);
    if (!now || now.deployment.revision < next.deployment.revision) {
      this.serving.set(next.deployment.name, next);
      if (now && now.executor !== next.executor) void now.executor.close();
      return next;
    }
    if (now.executor !== next.executor) void next.executor.close();
    return now;
  }

  /**
   * Loads `version` with `deployment`'s config without serving it (see PreparedVersion). Loading
   * through here, not a second loader, keeps the executors (worker threads, batcher) and the
   * onVersionLoad hook exactly what serving it will use.
   */
  async prepare(deployment: DeploymentRecord, version: ModelVersionRecord): Promise<PreparedVersion> {
    const loaded = await this.load({ ...deployment, versionId: version.id, modelName: version.modelName, modelVersion: version.version });
    let settled = false;
    return {
      version: loaded.version,
      predict: (batch) => loaded.executor.predict(batch),
      serve: async (record) => {
        if (settled) throw new Error(`${version.modelName}:${version.version} was already served or discarded`);
        if (record.name !== deployment.name || record.versionId !== version.id)
          throw new Error(`revision ${record.revision} of "${record.name}" does not serve the prepared version`);
        settled = true;
        this.install({ ...loaded, deployment: record });
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        await loaded.executor.close();
      },
    };
  }

  /** The signature of a deployment's current model (for V2 metadata and request decoding). */
  async describe(name: string): Promise<Serving> {
    return this.serving.get(name) ?? (await this.lookup(name));
  }

  /** JSON instances in, predictions out, logged (or sampled for the log) before the answer. */
  async predictInstances(
    name: string,
    instances: readonly unknown[],
    requestId: string | null,
    startedAt: number,
  ): Promise<ServedPrediction> {
    const serving = await this.describe(name);
    return this.reportingFailure(serving, () => {
      const flags = this.checkContract(serving, instances as readonly Record<string, unknown>[]);
      const batch = serving.readInstances(instances);
      return this.run(serving, batch, instances as readonly Record<string, unknown>[], requestId, startedAt, flags);
    });
  }

  /**
   * A request decoded by another protocol (V2): `prepare` turns it into a batch for the signature
   * of the very version that will score it, so a deployment moving meanwhile cannot mix the two.
   */
  async predictDecoded(
    name: string,
    prepare: (signature: ModelSignature) => { batch: FeatureBatch; inputs: readonly Record<string, unknown>[] },
    requestId: string | null,
    startedAt: number,
  ): Promise<ServedPrediction> {
    const serving = await this.describe(name);
    return this.reportingFailure(serving, () => {
      const { batch, inputs } = prepare(serving.version.signature);
      const flags = this.checkContract(serving, inputs);
      return this.run(serving, batch, inputs, requestId, startedAt, flags);
    });
  }

  /** Runs a request's work for `serving`, telling onFailed of a failure before passing it on. */
  private async reportingFailure<T>(serving: Serving, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      try {
        this.hooks.onFailed?.(serving.version, serving.deployment.name, error, this.ctx.clock().getTime());
      } catch {
        // Monitoring never changes what the client is told.
      }
      throw error;
    }
  }

  /** Waits until the predictions answered so far can be read from the store (see PredictionLog.caughtUp). */
  logCaughtUp(): Promise<void> {
    return this.log.caughtUp?.() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await Promise.all([...this.serving.values()].map((s) => s.executor.close()));
    this.serving.clear();
  }

  /**
   * Checks each row against the version's contract. Violations whose policy is `reject` fail the
   * whole request with every failing field listed; `flag` violations are returned per row to be
   * recorded with the prediction. All of them are counted.
   */
  private checkContract(serving: Serving, rows: readonly Record<string, unknown>[]): (FlaggedViolation[] | undefined)[] | undefined {
    if (serving.checkRow === undefined) return undefined;
    let flags: (FlaggedViolation[] | undefined)[] | undefined;
    let rejected: Issue[] | undefined;
    const seen: LiveViolation[] = [];
    rows.forEach((row, index) => {
      const violations = row !== null && typeof row === 'object' ? serving.checkRow!(row) : undefined;
      if (violations === undefined) return;
      seen.push(...violations);
      for (const v of violations) {
        if (v.policy === 'reject') (rejected ??= []).push({ code: v.code, path: ['instances', index, v.column], message: v.message });
        else ((flags ??= new Array(rows.length))[index] ??= []).push({ column: v.column, code: v.code, message: v.message });
      }
    });
    if (seen.length > 0) this.hooks.onViolations?.(serving.deployment.name, seen);
    if (rejected !== undefined) {
      throw issuesError('contract_violation', "the request breaks the deployment's contract", rejected);
    }
    return flags;
  }

  private async run(
    serving: Serving,
    batch: FeatureBatch,
    inputs: readonly Record<string, unknown>[],
    requestId: string | null,
    startedAt: number,
    flags?: readonly (FlaggedViolation[] | undefined)[],
  ): Promise<ServedPrediction> {
    const { deployment, version } = serving;
    const output = await serving.executor.predict(batch);
    const records = toPredictionRecords(output);
    const now = this.ctx.clock();
    const at = now.toISOString();
    const latencyMs = performance.now() - startedAt;
    const ids = records.map(() => this.ctx.newId());
    const log: PredictionLogRecord[] = records.map((output, i) => ({
      id: ids[i]!,
      at,
      deploymentId: deployment.id,
      deploymentName: deployment.name,
      versionId: version.id,
      modelName: version.modelName,
      modelVersion: version.version,
      requestId,
      features: serving.features,
      // As the client sent it: the log keeps the features only (logged-inputs.ts).
      inputs: inputs[i] ?? {},
      output,
      latencyMs,
      ...(flags?.[i] ? { violations: flags[i] } : {}),
    }));
    // The sample is a pure function of each id, so it can be replayed from the ids alone.
    const rate = deployment.config.logSampleRate;
    const sampled = rate >= 1 ? log : log.filter((record) => isSampledForLog(record.id, rate));
    // Answer only after the log has committed: an acknowledged logged prediction is never lost.
    if (sampled.length > 0) await this.log.append(sampled);
    try {
      // All of them, sampled out or not: window profiles cover every prediction served.
      this.hooks.onServed?.(version, log, now.getTime());
    } catch {
      // Monitoring never fails a prediction that is already logged (the profiler marks a window it
      // could not complete as incomplete itself).
    }
    return {
      model: { name: version.modelName, version: version.version },
      deployment: deployment.name,
      ids,
      logged: sampled.length,
      output,
      records,
      flags,
    };
  }

  private async lookup(name: string): Promise<Serving> {
    const record = await this.ctx.store.deployments.findByName(name);
    if (record === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
    return this.apply(record);
  }

  private async load(record: DeploymentRecord): Promise<Serving> {
    const version = await this.ctx.store.versions.findById(record.versionId);
    if (version === undefined)
      throw new BallastError('version_not_found', `deployment "${record.name}" names a version that is not registered`);
    const artifact = await this.ctx.artifacts.read(version.artifactSha256);
    const contract = version.contractId ? await this.ctx.store.contracts.findById(version.contractId) : undefined;
    const executor = await this.loadExecutor(version, artifact, record.config, record.name);
    try {
      await this.hooks.onVersionLoad?.(version);
      return {
        deployment: record,
        version,
        executor,
        readInstances: compileInstanceReader(version.signature.inputs),
        features: version.signature.inputs.map((input) => input.name),
        checkRow: contract && compileRowChecker(contract.contract),
      };
    } catch (error) {
      // Nothing will serve with it: its threads and native sessions would otherwise live on.
      await executor.close().catch(() => undefined);
      throw error;
    }
  }
}
