import { describe, expect, it } from 'vitest';
import type { AlertRuleState } from '../core/alerts/alert-rule.ts';
import { alertRule } from '../core/alerts/testing/alert-builders.ts';
import { alertGauges } from './alert-gauges.ts';
import { ServerMetrics } from './metrics.ts';

const state = (rule: string, s: AlertRuleState['state']): AlertRuleState => ({
  rule,
  state: s,
  since: '2026-12-07T10:00:00.000Z',
  activeSince: null,
  lastActiveAt: null,
  value: null,
  noData: false,
  evaluatedAt: '2026-12-07T10:00:00.000Z',
  model: null,
});

describe('alertGauges', () => {
  it('shows each rule as 0 inactive, 1 pending, 2 firing, and drops the series of rules that are gone', async () => {
    const metrics = new ServerMetrics();
    const show = alertGauges(metrics);
    const tick = { evaluated: true, at: '2026-12-07T10:00:00.000Z', transitions: [] };
    show({
      ...tick,
      rules: [
        alertRule({ name: 'drifted' }),
        alertRule({ name: 'slow', severity: 'ticket', deployment: 'fraud' }),
        alertRule({ name: 'new' }),
      ],
      states: [state('drifted', 'firing'), state('slow', 'pending')],
    });
    let text = await metrics.registry.metrics();
    expect(text).toContain('ballast_alert_state{rule="drifted",deployment="credit",severity="page"} 2');
    expect(text).toContain('ballast_alert_state{rule="slow",deployment="fraud",severity="ticket"} 1');
    expect(text).toContain('ballast_alert_state{rule="new",deployment="credit",severity="page"} 0');
    show({ ...tick, rules: [alertRule({ name: 'drifted', severity: 'info' })], states: [state('drifted', 'inactive')] });
    text = await metrics.registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('ballast_alert_state{'))).toEqual([
      'ballast_alert_state{rule="drifted",deployment="credit",severity="info"} 0',
    ]);
  });
});
