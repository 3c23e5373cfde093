import { describe, expect, it } from 'vitest';
import { alertRule } from './testing/alert-builders.ts';
import { alertRuleWire, receiverWire } from './alert-rule-wire.ts';

const rule = alertRule({
  name: 'drifted',
  keepFiringForMs: 60_000,
  notify: ['team'],
  rollback: { to: { kind: 'alias', alias: 'stable' }, dryRun: true, cooldownMs: 3_600_000 },
});

describe('alert rule wire form', () => {
  it('sends a rule in snake_case with its state, inactive since never before the first evaluation', () => {
    expect(alertRuleWire(rule, null)).toEqual({
      name: 'drifted',
      deployment: 'credit',
      signal: 'drift.share',
      window_ms: 10_000,
      above: 0.3,
      below: null,
      for_ms: 0,
      keep_firing_for_ms: 60_000,
      severity: 'page',
      notify: ['team'],
      on_no_data: 'ok',
      description: null,
      rollback: { to: 'alias:stable', dry_run: true, cooldown_ms: 3_600_000 },
      state: { state: 'inactive', since: null, value: null, no_data: false, evaluated_at: null, model: null },
    });
    const state = {
      rule: 'drifted',
      state: 'firing' as const,
      since: '2026-03-01T00:00:00.000Z',
      activeSince: null,
      lastActiveAt: null,
      value: 0.5,
      noData: false,
      evaluatedAt: '2026-03-01T00:00:10.000Z',
      model: { name: 'credit', version: 2 },
    };
    expect(
      alertRuleWire({ ...rule, rollback: { to: { kind: 'model', ref: 'credit:1' }, dryRun: false, cooldownMs: 1 } }, state),
    ).toMatchObject({
      rollback: { to: 'credit:1' },
      state: {
        state: 'firing',
        since: '2026-03-01T00:00:00.000Z',
        value: 0.5,
        no_data: false,
        evaluated_at: '2026-03-01T00:00:10.000Z',
        model: { name: 'credit', version: 2 },
      },
    });
  });

  it("hides a receiver URL's path, query and user from all but admins", () => {
    const slack = { name: 's', kind: 'slack' as const, url: 'https://hooks.slack.com/services/T0/B0/secret', allowPrivate: false };
    expect(receiverWire(slack, false)).toEqual({ name: 's', kind: 'slack', url: 'https://hooks.slack.com/…', allow_private: false });
    expect(receiverWire(slack, true).url).toBe(slack.url);
    expect(receiverWire({ ...slack, url: 'http://127.0.0.1:9093' }, false).url).toBe('http://127.0.0.1:9093');
    expect(receiverWire({ ...slack, url: 'http://u:p@am.example:9093/' }, false).url).toBe('http://am.example:9093/…');
  });
});
