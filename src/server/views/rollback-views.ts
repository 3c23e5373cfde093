import { ROLLBACK_OUTCOMES, type RollbackRecord } from '../../core/alerts/rollback-record.ts';
import { list, modelVersionRef, num, obj, str } from './wire-schema.ts';

/** An automated rollback attempt on the wire. */
export function rollbackView(r: RollbackRecord) {
  return {
    id: r.id,
    at: r.at,
    rule: r.rule,
    from: r.from,
    to: r.to,
    outcome: r.outcome,
    reason: r.reason,
    signal: r.signal,
    value: r.value,
    threshold: r.threshold,
  };
}

export const rollbacksSchema = obj({
  rollbacks: list(
    obj({
      id: str,
      at: { ...str, description: 'when the attempt ended (for rolled_back: when the deployment moved)' },
      rule: { ...str, description: 'the alert rule whose firing asked for it' },
      from: { ...modelVersionRef, description: 'the version served when the rule fired' },
      to: { ...obj(modelVersionRef.properties, { nullable: true }), description: 'the target; null when none could be resolved' },
      outcome: { type: 'string', enum: [...ROLLBACK_OUTCOMES] },
      reason: { ...str, description: 'why, in words: what moved, or which guard refused and why' },
      signal: str,
      value: { type: ['number', 'null'], description: "the signal's value when the rule fired; null when it fired on no_data" },
      threshold: num,
    }),
  ),
});
