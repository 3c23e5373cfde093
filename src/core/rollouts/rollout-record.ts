import type { ModelVersionName } from '../alerts/alert-rule.ts';
import type { RolloutStrategy } from './deployment-routing.ts';

/**
 * How a rollout ended: `promoted` (the candidate became stable), `aborted` (all traffic back to
 * stable at once, by an operator or a failing gate), `rolled_back` (blue/green returned to blue after
 * a switch), `finished` (blue/green's keep-previous time passed after a switch: green simply stays).
 */
export const ROLLOUT_OUTCOMES = ['promoted', 'aborted', 'rolled_back', 'finished'] as const;
export type RolloutOutcome = (typeof ROLLOUT_OUTCOMES)[number];

/**
 * One rollout ever started, as the `rollouts` table keeps it (migration 0019): the routing holds the
 * live state of the active one; this row is its history, written in the same transaction as the
 * routing change that starts it and the one that ends it. Versions are kept by id and by name, so the
 * history stays readable whatever happens to the deployment later.
 */
export interface RolloutRecord {
  readonly id: string;
  readonly deployment: string;
  readonly strategy: RolloutStrategy;
  readonly candidateVersionId: string;
  readonly candidate: ModelVersionName;
  /** The deployment's version when the rollout started. */
  readonly stableVersionId: string;
  readonly stable: ModelVersionName;
  /** The options it was started with (steps, durations, sticky key, gate rule names), for the record. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly startedAt: string;
  readonly startedBy: string;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  /** Null while the rollout is active. */
  readonly outcome: RolloutOutcome | null;
  readonly reason: string | null;
}
