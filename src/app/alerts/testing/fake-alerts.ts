import type { AlertRule, AlertRuleState, SignalReading } from '../../../core/alerts/alert-rule.ts';
import type { AlertRuleSource, StepAlertState } from '../alert-evaluator.ts';

/**
 * Stands in for the state machine in the evaluator's tests (the real one is tested on its own): the
 * rule fires the moment its condition holds and is inactive otherwise; no_data counts as `onNoData`.
 */
export const thresholdStep: StepAlertState = (rule, previous, reading, now) => {
  const holds =
    reading.kind === 'no_data'
      ? rule.onNoData === 'firing'
      : (rule.above !== null && reading.value > rule.above) || (rule.below !== null && reading.value < rule.below);
  const to = holds ? 'firing' : 'inactive';
  const from = previous?.state ?? 'inactive';
  const at = now.toISOString();
  const state: AlertRuleState = {
    rule: rule.name,
    state: to,
    since: from === to && previous ? previous.since : at,
    activeSince: holds ? (previous?.activeSince ?? at) : null,
    lastActiveAt: holds ? at : (previous?.lastActiveAt ?? null),
    value: reading.kind === 'value' ? reading.value : null,
    noData: reading.kind === 'no_data',
    evaluatedAt: at,
    model: reading.model,
  };
  return { state, transition: from === to ? null : { from, to } };
};

/** Rules and states kept in memory, as the store's alerts repository keeps them. */
export class MemoryAlertRules implements AlertRuleSource {
  readonly states = new Map<string, AlertRuleState>();
  constructor(public rules: AlertRule[]) {}
  async listRules() {
    return this.rules;
  }
  async listStates() {
    return [...this.states.values()];
  }
  async saveStates(states: readonly AlertRuleState[]) {
    for (const s of states) this.states.set(s.rule, s);
  }
}

/** A reading of `value` on the window [start, end). */
export function valueReading(value: number, end = '2026-12-07T10:00:10.000Z'): SignalReading {
  return {
    kind: 'value',
    value,
    rows: 100,
    start: new Date(Date.parse(end) - 10_000).toISOString(),
    end,
    model: { name: 'credit', version: 1 },
  };
}
