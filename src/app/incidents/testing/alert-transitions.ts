import type { AlertRule, AlertState, AlertTransition } from '../../../core/alerts/alert-rule.ts';
import { alertRule, alertTransition, valueReadingAt } from '../../../core/alerts/testing/alert-builders.ts';

/** A `page` rule on deployment `credit` that fires when drift.share has been above 0.3 on 10 s windows for 30 s. */
export function pageRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return alertRule({ forMs: 30_000, keepFiringForMs: 60_000, ...overrides });
}

/** A transition of `rule` at `at` with a reading of `value` on 120 rows on the window that ended at `at`, served by credit:2. */
export function transition(rule: AlertRule, from: AlertState, to: AlertState, at: string, value: number): AlertTransition {
  return alertTransition(rule, { from, to, at, reading: valueReadingAt(value, at, { windowMs: rule.windowMs, rows: 120 }) });
}
