import { versionName } from '../../core/alerts/rollback-guards.ts';
import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';

/** A rollback attempt as an entry of its deployment's incident timeline (kinds `rollback` and `rollback_failed`). */
export interface RollbackTimelineEntry {
  readonly kind: 'rollback' | 'rollback_failed';
  readonly at: string;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * What the rollback sink's `onOutcome` hands the incident timeline: a rollback that happened (or that a
 * dry run would have made) is a `rollback`; one that could not happen is a `rollback_failed`, with why.
 */
export function rollbackTimelineEntry(outcome: RollbackRecord): RollbackTimelineEntry {
  const from = versionName(outcome.from);
  const to = outcome.to ? versionName(outcome.to) : null;
  const summaries: Record<RollbackRecord['outcome'], string> = {
    rolled_back: `Rule ${outcome.rule} rolled ${outcome.deployment} back from ${from} to ${to}`,
    dry_run: `Rule ${outcome.rule} would roll ${outcome.deployment} back from ${from} to ${to} (dry run)`,
    refused: `Rule ${outcome.rule} did not roll ${outcome.deployment} back: ${outcome.reason}`,
    failed: `Rule ${outcome.rule} could not roll ${outcome.deployment} back: ${outcome.reason}`,
  };
  return {
    kind: outcome.outcome === 'rolled_back' || outcome.outcome === 'dry_run' ? 'rollback' : 'rollback_failed',
    at: outcome.at,
    summary: summaries[outcome.outcome],
    details: {
      rollback_id: outcome.id,
      rule: outcome.rule,
      outcome: outcome.outcome,
      from,
      to,
      signal: outcome.signal,
      value: outcome.value,
      threshold: outcome.threshold,
      reason: outcome.reason,
    },
  };
}
