import type { AlertRule } from '../alerts/alert-rule.ts';
import type { ClassLabel } from '../signature.ts';

/**
 * How a deployment spreads its traffic beyond the one version it names: a rollout (canary,
 * blue/green, A/B), a shadow, a review policy, an ensemble, and versions kept loaded after a switch.
 * Stored as JSON with every revision of the deployment (migration 0018), so each change to it is one
 * audited compare-and-set on the revision (app/routing-change.ts) and every server routes by the
 * same stored state once its refresh has read it.
 *
 * `DeploymentRecord.versionId` is always the *stable* version: the one that answers whatever the
 * routing does not send elsewhere, and the one a rollout falls back to when it aborts.
 */
export interface DeploymentRouting {
  readonly rollout?: RolloutState;
  readonly shadow?: ShadowState;
  readonly review?: ReviewPolicy;
  readonly ensemble?: EnsembleState;
  /** Versions every server keeps loaded though nothing routes to them (blue after a switch), until `until`. */
  readonly keepLoaded?: readonly KeptVersion[];
}

export const NO_ROUTING: DeploymentRouting = {};

/**
 * The role of the version that answered a prediction, logged with it and said in the answer:
 * `stable` (the deployment's version), `canary` (a canary's candidate), `green` (blue/green's new
 * version once switched to), `variant` (an A/B test's candidate). Shadow predictions are logged
 * apart and never answer.
 */
export const ANSWER_ROLES = ['stable', 'canary', 'green', 'variant'] as const;
export type AnswerRole = (typeof ANSWER_ROLES)[number];

export const ROLLOUT_STRATEGIES = ['canary', 'blue-green', 'ab'] as const;
export type RolloutStrategy = (typeof ROLLOUT_STRATEGIES)[number];

/**
 * - `progressing`: traffic moves (canary steps) or holds its split (A/B); the controller gates each step's end.
 * - `paused`: the weight holds and no gate runs until `resume`.
 * - `ready`: blue/green's green is loaded and answered its smoke requests; waiting for `switch`.
 * - `switched`: blue/green after `switch`: green (now `versionId`) answers everything, blue is kept
 *   loaded (keepLoaded) until `rollback` or until keepPreviousMs has passed, when the rollout ends.
 */
export const ROLLOUT_STATUSES = ['progressing', 'paused', 'ready', 'switched'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/** Where the sticky key is read: a field of each instance (need not be a model input) or a request header. */
export type StickyKey = { readonly kind: 'field'; readonly name: string } | { readonly kind: 'header'; readonly name: string };

export interface RolloutState {
  /** ULID; also salts the sticky hash, so a new rollout reshuffles who lands where. */
  readonly id: string;
  readonly strategy: RolloutStrategy;
  /** The version being rolled out (canary candidate, green, A/B variant). */
  readonly candidateVersionId: string;
  readonly status: RolloutStatus;
  /** Canary: the candidate's traffic percentages in order, ending at 100. A/B: `[split]`. Blue/green: `[]`. */
  readonly steps: readonly number[];
  /** Index into `steps` of the current step (0 for A/B and blue/green). */
  readonly stepIndex: number;
  /** When the current step began (ISO): the gate reads the window from here to the step's end. */
  readonly stepStartedAt: string;
  readonly stepDurationMs: number;
  /**
   * Percent of traffic (0–100) the candidate answers now. Canary: steps[stepIndex]; A/B: the split;
   * blue/green: 0 until switched (then the candidate is versionId and the weight no longer matters).
   */
  readonly weight: number;
  /** Absent: each request is routed at random. */
  readonly stickyKey: StickyKey | null;
  /** Rules in the alert-rule format evaluated on the candidate at each step's end; any firing fails the gate. */
  readonly gateRules: readonly AlertRule[];
  /** Blue/green: how long blue stays loaded after `switch` so `rollback` is instant. */
  readonly keepPreviousMs: number;
  readonly switchedAt: string | null;
  /** Blue/green after switch: the version it switched from (blue), which `rollback` returns to. */
  readonly previousVersionId: string | null;
  readonly startedAt: string;
  readonly startedBy: string;
}

export interface ShadowState {
  readonly versionId: string;
  /** Share of answered requests mirrored to the shadow, in (0, 1]. */
  readonly sample: number;
  readonly startedAt: string;
  readonly startedBy: string;
}

/** When a prediction goes to human review instead of being answered by the model. */
export type ReviewCondition =
  | { readonly kind: 'max_probability_below'; readonly threshold: number }
  | { readonly kind: 'probability_between'; readonly low: number; readonly high: number }
  | { readonly kind: 'contract_flagged' }
  | { readonly kind: 'disagreement' };

/** What the caller gets at once for a prediction held for review. */
export type ReviewFallback =
  { readonly kind: 'abstain' } | { readonly kind: 'label'; readonly value: ClassLabel } | { readonly kind: 'stable' };

export interface ReviewPolicy {
  readonly when: ReviewCondition;
  /** The text the user wrote (`max_probability < 0.6`), shown back as they wrote it. */
  readonly whenText: string;
  readonly fallback: ReviewFallback;
  readonly setAt: string;
  readonly setBy: string;
}

export const ENSEMBLE_COMBINERS = ['mean', 'vote'] as const;
export type EnsembleCombiner = (typeof ENSEMBLE_COMBINERS)[number];

/**
 * Two or more versions answering together; `versionId` of the deployment is the first member (its
 * signature and contract are the deployment's). Members must read the same inputs.
 */
export interface EnsembleState {
  readonly memberVersionIds: readonly string[];
  readonly combine: EnsembleCombiner;
  /** Members disagree when their labels differ or, given this, their probability spread exceeds it. */
  readonly maxSpread: number | null;
  /** A disagreeing prediction goes to the review queue (needs a review policy's fallback) or is answered by the fallback. */
  readonly onDisagreement: 'review' | 'fallback';
  readonly setAt: string;
  readonly setBy: string;
}

export interface KeptVersion {
  readonly versionId: string;
  readonly until: string;
}

/**
 * Every version a server must hold loaded for this routing besides the stable one. The shadow's
 * version is not among them: the shadow mirror loads it apart, so a failing shadow cannot touch the
 * executors that answer.
 */
export function routedVersionIds(stableVersionId: string, routing: DeploymentRouting, now: Date): string[] {
  const ids = new Set<string>([stableVersionId]);
  if (routing.rollout) ids.add(routing.rollout.candidateVersionId);
  if (routing.rollout?.previousVersionId) ids.add(routing.rollout.previousVersionId);
  for (const id of routing.ensemble?.memberVersionIds ?? []) ids.add(id);
  for (const kept of routing.keepLoaded ?? []) if (Date.parse(kept.until) > now.getTime()) ids.add(kept.versionId);
  ids.delete(stableVersionId);
  return [...ids];
}
