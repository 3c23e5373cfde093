import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { LiveViolation } from '../../core/contracts/row-checker.ts';
import type { AnswerRole, EnsembleState, ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentConfig, DeploymentRecord, FlaggedViolation, PredictionLogRecord } from '../../core/serving-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import type { PredictionRecord } from '../../runtime/prediction-records.ts';
import type { AnswerRecord } from './review-fallback.ts';
import type { ReviewQueue, ShadowMirror } from './serving-extensions.ts';

/*
 * The shapes the serving host works with and answers in: what loads a model, where answered
 * predictions go, the hooks monitoring hangs on it, and what one request's answer holds. Kept apart
 * from serving-host.ts so the host's file is the routing and answering, not its vocabulary.
 */

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
  /** Rows of a request routed at random because the rollout's sticky key was missing (a header key: one per request). */
  readonly onStickyKeyMissing?: (deployment: string, rows: number) => void;
  /**
   * A revision whose routing could not be served here (a candidate or ensemble member failed to
   * load): the deployment keeps the routing it had (stable alone if it had none) and stable traffic
   * goes on; the revision is not tried again until a newer one comes.
   */
  readonly onRoutingUnavailable?: (deployment: DeploymentRecord, error: unknown) => void;
}

/**
 * A version loaded for a deployment beside the one serving it, not serving yet: automated rollback
 * scores a smoke request with it first, and serves it only once the move is committed.
 */
export interface PreparedVersion {
  readonly version: ModelVersionRecord;
  /** Scores a batch with the loaded model; nothing is logged, profiled or counted. */
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  /**
   * Serves `record` (a revision of the same deployment that names this version or routes to it)
   * with the model already loaded.
   */
  serve(record: DeploymentRecord): Promise<void>;
  /** Lets the model go: it closes unless a served revision routes to it (then it stays, warm). */
  discard(): Promise<void>;
}

/** The parts that hang off the answer path (parts of their own; each absent part is simply not called). */
export interface ServingExtensions {
  /** Holds rows meeting a deployment's review policy; called only when the routing has one. */
  readonly reviews?: ReviewQueue;
  /** Mirrors answered rows to a deployment's shadow; called only when the routing has one. */
  readonly shadow?: ShadowMirror;
  /** Builds the answering executor of an ensemble from its members' pooled executors. */
  readonly ensemble?: (members: readonly { version: ModelVersionRecord; executor: Executor }[], state: EnsembleState) => Executor;
}

export interface ServingOptions {
  readonly extensions?: ServingExtensions;
  /** Uniform in [0, 1): routes the requests a sticky key does not. Math.random unless given (tests pin it). */
  readonly random?: () => number;
}

/** Who answered a row: the version and its role in the deployment's routing. */
export interface Answerer {
  readonly versionId: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly role: AnswerRole;
}

/** One ensemble member's answer for a row, as the answer shows it. */
export type MemberAnswer = { readonly model: { readonly name: string; readonly version: number } } & PredictionRecord;

export interface ServedPrediction {
  /** The version that answered the first row. */
  readonly model: { readonly name: string; readonly version: number };
  readonly deployment: string;
  readonly ids: readonly string[];
  /** How many of `ids` were kept in the prediction log (fewer than all under a log sample rate). */
  readonly logged: number;
  /** The models' output for the whole request in its order (what V2 encodes). */
  readonly output: PredictionOutput;
  /** Per row, what the caller is told: the model's record or, for a row held for review, its fallback. */
  readonly records: readonly AnswerRecord[];
  /** Per row, the contract violations a `flag` policy let through. */
  readonly flags: readonly (readonly FlaggedViolation[] | undefined)[] | undefined;
  /** Per row, who answered it. */
  readonly answeredBy: readonly Answerer[];
  /** Per row, the review that holds it (with `fallbacks`); absent when no row was held. */
  readonly reviews?: readonly ({ readonly id: string; readonly status: 'pending' } | undefined)[];
  readonly fallbacks?: readonly (ReviewFallback['kind'] | undefined)[];
  /** Per row, each ensemble member's answer; absent unless an ensemble answered. */
  readonly members?: readonly (readonly MemberAnswer[] | undefined)[];
}
