import type { AnswerRole, ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRecord, FlaggedViolation } from '../../core/serving-records.ts';
import type { PredictionOutput } from '../../runtime/model-runtime.ts';
import type { PredictionRecord } from '../../runtime/prediction-records.ts';

/**
 * What the serving host tells the parts that hang off the answer path — the review queue and the
 * shadow mirror — about one group of rows answered by one version. A request split between versions
 * (a sticky key sending rows to stable and canary) is told as one group per version.
 */
export interface AnsweredRows {
  /** The revision whose routing chose the version. */
  readonly deployment: DeploymentRecord;
  readonly version: ModelVersionRecord;
  readonly role: AnswerRole;
  /** Prediction ids, one per row, as logged. */
  readonly ids: readonly string[];
  /** The instances as the client sent them. */
  readonly inputs: readonly Record<string, unknown>[];
  /** The model's own answer per row (for an ensemble, the combined one). */
  readonly records: readonly PredictionRecord[];
  /** Per row, the contract violations a `flag` policy let through. */
  readonly flags: readonly (readonly FlaggedViolation[] | undefined)[] | undefined;
  /** Ensemble only: per row, whether the members disagreed (ensemble-executor). */
  readonly disagreement?: readonly boolean[];
  readonly requestId: string | null;
  /** When the request arrived (performance.now() milliseconds) and when it was answered (epoch ms). */
  readonly startedAt: number;
  readonly answeredAt: number;
}

/** A row the review policy holds: the caller is answered with the fallback and told the review's id (when it has one). */
export interface ReviewHold {
  /**
   * The review item's id; null for a row answered by the fallback without a review (an ensemble's
   * disagreement under `on_disagreement: fallback`).
   */
  readonly id: string | null;
  readonly fallback: ReviewFallback;
  /** Why it was held, in words (`max probability 0.54 < 0.6`). */
  readonly reason: string;
}

/**
 * The review queue as the serving host sees it. `hold` decides per row by the deployment's review
 * policy and, for the rows it holds, has stored their review items durably before it resolves (the
 * host answers only afterwards, so an acknowledged review item survives kill -9). Undefined per row
 * that is not held. Called only when the deployment has a review policy.
 */
export interface ReviewQueue {
  hold(rows: AnsweredRows): Promise<readonly (ReviewHold | undefined)[]>;
}

/**
 * The shadow mirror: told of every answered group after the answer is settled; it must return at
 * once and never throw (a bounded queue that drops and counts when full), so the primary's latency,
 * throughput and errors cannot depend on the shadow. Called only when the deployment has a shadow.
 */
export interface ShadowMirror {
  offer(rows: AnsweredRows): void;
  close(): Promise<void>;
}

/** One ensemble member's output for a batch, as the ensemble executor reports it. */
export interface MemberOutput {
  readonly versionId: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly output: PredictionOutput;
}

/** An executor's answer; an ensemble's carries each member's output and a per-row disagreement flag. */
export type ExecutorOutput = PredictionOutput & {
  readonly members?: readonly MemberOutput[];
  readonly disagreement?: readonly boolean[];
};
