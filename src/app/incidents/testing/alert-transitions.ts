import type { AlertRule, AlertState, AlertTransition } from '../../../core/alerts/alert-rule.ts';

/** A `page` rule on deployment `credit` that fires when drift.share is above 0.3 on 10 s windows. */
export function pageRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    name: 'inputs-drifted',
    deployment: 'credit',
    signal: 'drift.share',
    windowMs: 10_000,
    above: 0.3,
    below: null,
    forMs: 30_000,
    keepFiringForMs: 60_000,
    severity: 'page',
    notify: [],
    onNoData: 'ok',
    rollback: null,
    description: null,
    ...overrides,
  };
}

/** A transition of `rule` at `at` with a reading of `value` on the window that ended at `at`, served by credit:2. */
export function transition(rule: AlertRule, from: AlertState, to: AlertState, at: string, value: number): AlertTransition {
  return {
    rule,
    from,
    to,
    at,
    reading: {
      kind: 'value',
      value,
      rows: 120,
      start: new Date(Date.parse(at) - rule.windowMs).toISOString(),
      end: at,
      model: { name: 'credit', version: 2 },
    },
    threshold: rule.above ?? rule.below!,
  };
}
