import { formatDuration } from '../../../src/core/contracts/parse-duration.ts';
import type { AlertRuleStateWire, AlertRuleWire, AlertSeverity } from '../api/alert-types.ts';
import type { ChipTone } from '../components/bits.tsx';
import { formatNumber } from '../lib/format.ts';

/** How a rule reads in the alerts table: its condition, durations, state and rollback, in words a person on call scans. */

/** `> 0.3` or `< 0.8`: the direction matters as much as the number. */
export function thresholdText(rule: Pick<AlertRuleWire, 'above' | 'below'>): string {
  if (rule.above !== null) return `> ${formatNumber(rule.above)}`;
  if (rule.below !== null) return `< ${formatNumber(rule.below)}`;
  return '—';
}

/** A rule's hold times: `for 5m`, `at once`, and `keeps firing 10m` when it has one. */
export function holdText(rule: Pick<AlertRuleWire, 'for_ms' | 'keep_firing_for_ms'>): string {
  const hold = rule.for_ms > 0 ? `for ${durationText(rule.for_ms)}` : 'at once';
  return rule.keep_firing_for_ms > 0 ? `${hold}, keeps firing ${durationText(rule.keep_firing_for_ms)}` : hold;
}

export function durationText(ms: number): string {
  return ms <= 0 ? '0s' : formatDuration(ms);
}

export function stateTone(state: AlertRuleStateWire): ChipTone {
  switch (state.state) {
    case 'firing':
      return 'bad';
    case 'pending':
      return 'warn';
    case 'inactive':
      return 'good';
  }
}

/** The last value read, or why there is none: no_data is a state of its own, never a zero. */
export function valueText(state: AlertRuleStateWire): string {
  if (state.no_data) return 'no data';
  if (state.value === null) return state.evaluated_at === null ? 'not evaluated yet' : '—';
  return formatNumber(state.value);
}

export function severityTone(severity: AlertSeverity): ChipTone {
  return severity === 'page' ? 'bad' : severity === 'ticket' ? 'warn' : 'muted';
}

/** `previous`, `alias:champion (dry run)`, with its cooldown; `none` for a rule that only alerts. */
export function rollbackText(rollback: AlertRuleWire['rollback']): string {
  if (rollback === null) return 'none';
  return `to ${rollback.to}${rollback.dry_run ? ' (dry run)' : ''}, cooldown ${durationText(rollback.cooldown_ms)}`;
}

/** What a rule does when its signal has too few rows to read. */
export function noDataText(onNoData: AlertRuleWire['on_no_data']): string {
  return onNoData === 'firing' ? 'no data counts as firing' : 'no data counts as ok';
}

const STATE_RANK = { firing: 0, pending: 1, inactive: 2 } as const;

/** Firing rules first, then pending, then the quiet ones; by deployment and name within each. */
export function rulesInOrder(rules: readonly AlertRuleWire[]): AlertRuleWire[] {
  return [...rules].sort(
    (a, b) =>
      STATE_RANK[a.state.state] - STATE_RANK[b.state.state] || a.deployment.localeCompare(b.deployment) || a.name.localeCompare(b.name),
  );
}
