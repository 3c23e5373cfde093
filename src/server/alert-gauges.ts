import type { AlertState } from '../core/alerts/alert-rule.ts';
import type { AlertTick } from '../app/alerts/alert-evaluator.ts';
import type { ServerMetrics } from './metrics.ts';

const STATE_VALUE: Record<AlertState, number> = { inactive: 0, pending: 1, firing: 2 };

/**
 * Sets `ballast_alert_state{rule,deployment,severity}` from each alert tick, on every server (the
 * evaluating one and those that read the stored states), so a Prometheus scrape of any replica agrees.
 * A rule not evaluated yet counts as inactive; a rule that was removed (or whose deployment or severity
 * changed) loses its old series, so series stay bounded by the rules that exist.
 */
export function alertGauges(metrics: ServerMetrics): (tick: AlertTick) => void {
  let shown = new Map<string, Record<'rule' | 'deployment' | 'severity', string>>();
  return (tick) => {
    const states = new Map(tick.states.map((s) => [s.rule, s.state]));
    const next = new Map<string, Record<'rule' | 'deployment' | 'severity', string>>();
    for (const rule of tick.rules) {
      const labels = { rule: rule.name, deployment: rule.deployment, severity: rule.severity };
      metrics.alertState.set(labels, STATE_VALUE[states.get(rule.name) ?? 'inactive']);
      next.set(JSON.stringify(labels), labels);
    }
    for (const [key, labels] of shown) if (!next.has(key)) metrics.alertState.remove(labels);
    shown = next;
  };
}
