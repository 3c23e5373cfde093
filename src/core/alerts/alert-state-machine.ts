import type { AlertRule, AlertRuleState, AlertState, SignalReading } from './alert-rule.ts';

export interface AlertStep {
  readonly state: AlertRuleState;
  /** The change this evaluation made, or null when the rule stayed where it was. */
  readonly transition: { readonly from: AlertState; readonly to: AlertState } | null;
}

/**
 * One evaluation of one rule, with Prometheus's semantics:
 *
 * - the condition holds when the value is above `above` (or below `below`); a no_data reading counts
 *   as the rule's `on_no_data` says (`ok`: does not hold, `firing`: holds), and is never read as a value;
 * - inactive → pending when the condition starts to hold, pending → firing once it has held for `for`
 *   (at once when `for` is 0: straight from inactive to firing); pending → inactive as soon as it stops;
 * - a firing rule keeps firing while the condition held within the last `keep_firing_for`, then
 *   resolves to inactive, so a flapping signal does not resolve and re-fire at every evaluation.
 *
 * Everything the timers need is in the state (`activeSince`, `lastActiveAt`), which the evaluator
 * stores: feeding a stored state back after a restart continues exactly where it stopped, neither
 * losing a pending timer nor firing twice. Pure: the caller passes `now`.
 */
export function stepAlertState(rule: AlertRule, previous: AlertRuleState | undefined, reading: SignalReading, now: Date): AlertStep {
  const at = now.toISOString();
  const holds = conditionHolds(rule, reading);
  const from: AlertState = previous?.state ?? 'inactive';
  const activeSince = holds ? (from === 'inactive' ? at : (previous?.activeSince ?? at)) : null;
  const lastActiveAt = holds ? at : (previous?.lastActiveAt ?? null);

  let to: AlertState;
  if (holds) {
    to = from === 'firing' || elapsedMs(activeSince!, now) >= rule.forMs ? 'firing' : 'pending';
  } else if (from === 'firing' && lastActiveAt !== null && elapsedMs(lastActiveAt, now) < rule.keepFiringForMs) {
    to = 'firing';
  } else {
    to = 'inactive';
  }

  const state: AlertRuleState = {
    rule: rule.name,
    state: to,
    since: previous !== undefined && to === from ? previous.since : at,
    activeSince,
    // Only a firing rule's keep_firing_for timer needs the last time the condition held.
    lastActiveAt: to === 'inactive' ? null : lastActiveAt,
    value: reading.kind === 'value' ? reading.value : null,
    noData: reading.kind === 'no_data',
    evaluatedAt: at,
    model: reading.model,
  };
  return { state, transition: to === from ? null : { from, to } };
}

/** Whether the rule's condition holds for this reading; no_data counts as the rule says. */
function conditionHolds(rule: AlertRule, reading: SignalReading): boolean {
  if (reading.kind === 'no_data') return rule.onNoData === 'firing';
  if (rule.above !== null) return reading.value > rule.above;
  return rule.below !== null && reading.value < rule.below;
}

function elapsedMs(since: string, now: Date): number {
  return now.getTime() - Date.parse(since);
}
