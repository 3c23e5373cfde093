import type { RollbackAttempt } from '../api/alert-types.ts';
import type { DeploymentDetail, DeploymentRevision, ModelVersionRef } from '../api/types.ts';

/** The actor an automated rollback records on the revision it makes: `alert:<rule>`. */
const ALERT_ACTOR = /^alert:(.+)$/;

export interface AlertRollback {
  readonly rule: string;
  readonly revision: number;
  readonly at: string;
  /** The version served before the rollback (null when the history does not hold the revision before). */
  readonly from: ModelVersionRef | null;
  readonly to: ModelVersionRef;
}

/**
 * The rollback an alert rule made, when it made the deployment's latest revision; undefined when a
 * person (or anything else) changed the deployment since, so the banner goes once someone redeploys.
 */
export function latestAlertRollback(deployment: Pick<DeploymentDetail, 'history' | 'revision'>): AlertRollback | undefined {
  const byRevision = [...deployment.history].sort((a, b) => b.revision - a.revision);
  const latest: DeploymentRevision | undefined = byRevision.find((r) => r.revision === deployment.revision) ?? byRevision[0];
  const match = latest === undefined ? null : ALERT_ACTOR.exec(latest.actor);
  if (latest === undefined || match === null) return undefined;
  const before = byRevision.find((r) => r.revision < latest.revision);
  return { rule: match[1]!, revision: latest.revision, at: latest.at, from: before?.model ?? null, to: latest.model };
}

/**
 * The recorded attempt behind an alert-made revision: the newest `rolled_back` attempt of the same rule
 * that rolled to the version now served, made at or before the revision (the attempt is recorded with it).
 */
export function attemptBehind(rollback: AlertRollback, attempts: readonly RollbackAttempt[]): RollbackAttempt | undefined {
  const revisionAt = Date.parse(rollback.at);
  return attempts
    .filter(
      (a) =>
        a.outcome === 'rolled_back' &&
        a.rule === rollback.rule &&
        a.to !== null &&
        a.to.name === rollback.to.name &&
        a.to.version === rollback.to.version &&
        Date.parse(a.at) <= revisionAt,
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}
