import type { ModelVersionName } from './alert-rule.ts';

/**
 * What came of one automated rollback attempt: `rolled_back` (the deployment moved), `dry_run` (the rule
 * only records what it would do), `refused` (a guard said no: cooldown, nothing to go back to, no
 * snapshot to smoke-test with) or `failed` (the target is missing or did not answer, the deployment moved
 * meanwhile, the store failed).
 */
export const ROLLBACK_OUTCOMES = ['rolled_back', 'dry_run', 'refused', 'failed'] as const;
export type RollbackOutcomeKind = (typeof ROLLBACK_OUTCOMES)[number];

/** One attempt, as the `rollbacks` table keeps it and `GET /v1/deployments/{name}/rollbacks` shows it. */
export interface RollbackRecord {
  readonly id: string;
  readonly deployment: string;
  readonly at: string;
  /** The alert rule whose firing asked for it. */
  readonly rule: string;
  /** The version the deployment served when the rule fired. */
  readonly from: ModelVersionName;
  /** The version it was (or would be) moved to; null when no target could be resolved. */
  readonly to: ModelVersionName | null;
  readonly outcome: RollbackOutcomeKind;
  /** Why, in words for the person reading the incident. */
  readonly reason: string;
  readonly signal: string;
  /** The signal's value when the rule fired; null when it fired on no_data. */
  readonly value: number | null;
  readonly threshold: number;
}
