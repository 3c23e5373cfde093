import { describe, expect, it } from 'vitest';
import { alertReceiver, alertRule } from './testing/alert-builders.ts';
import { BallastError } from '../errors.ts';
import { checkAlertRules, DEFAULT_NOTIFICATION_SETTINGS, parseAlertRules } from './parse-alert-rules.ts';

const EXAMPLE = `
format: ballast.alerts/v1
receivers:
  - name: team
    webhook: http://127.0.0.1:9000/hook
    allow_private: true
  - name: am
    alertmanager: http://127.0.0.1:9093
rules:
  - name: inputs-drifted
    deployment: credit-risk
    signal: drift.share
    window: 10s
    above: 0.3
    for: 0s
    keep_firing_for: 1m
    severity: page
    notify: [team]
    rollback: previous
`;

function problems(text: string, format: 'json' | 'yaml' = 'yaml') {
  try {
    parseAlertRules(text, format, 'alerts.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_alert_rules');
    return (error as BallastError).issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
  }
  throw new Error('expected the rules to be refused');
}

function withRule(rule: string): string {
  return `format: ballast.alerts/v1\nrules:\n  - name: r\n    deployment: d\n${rule
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}

describe('parseAlertRules', () => {
  it("reads the issue's example", () => {
    const doc = parseAlertRules(EXAMPLE, 'yaml', 'alerts.yaml');
    expect(doc.receivers).toEqual([
      alertReceiver({ name: 'team', kind: 'webhook', url: 'http://127.0.0.1:9000/hook', allowPrivate: true }),
      { name: 'am', kind: 'alertmanager', url: 'http://127.0.0.1:9093', allowPrivate: false },
    ]);
    expect(doc.rules).toEqual([
      alertRule({
        name: 'inputs-drifted',
        deployment: 'credit-risk',
        signal: 'drift.share',
        windowMs: 10_000,
        above: 0.3,
        forMs: 0,
        keepFiringForMs: 60_000,
        notify: ['team'],
        onNoData: 'ok',
        rollback: { to: { kind: 'previous' }, dryRun: false, cooldownMs: 3_600_000 },
        description: null,
      }),
    ]);
    expect(doc.notifications).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
  });

  it('reads the same document as JSON, and through checkAlertRules', () => {
    const json = JSON.stringify({
      format: 'ballast.alerts/v1',
      rules: [{ name: 'slow', deployment: 'd', signal: 'latency.p99', window: '1m', above: 50, for: '2m', severity: 'ticket' }],
      notifications: { group_wait: '30s' },
    });
    const doc = parseAlertRules(json, 'json', 'a.json');
    expect(doc.receivers).toBeNull();
    expect(doc.rules[0]).toMatchObject({ windowMs: 60_000, forMs: 120_000, keepFiringForMs: 0, above: 50, below: null });
    expect(doc.notifications).toEqual({ groupWaitMs: 30_000 });
    expect(checkAlertRules(JSON.parse(json), 'body')).toEqual(doc);
  });

  it('reads every rollback spelling', () => {
    const rollbackOf = (spelling: string) =>
      parseAlertRules(withRule(`signal: drift.share\nwindow: 1m\nabove: 0.3\nrollback: ${spelling}`), 'yaml', 'f').rules[0]!.rollback;
    expect(rollbackOf('alias:stable')).toEqual({ to: { kind: 'alias', alias: 'stable' }, dryRun: false, cooldownMs: 3_600_000 });
    expect(rollbackOf('credit:3')).toEqual({ to: { kind: 'model', ref: 'credit:3' }, dryRun: false, cooldownMs: 3_600_000 });
    expect(rollbackOf('{to: previous, dry_run: true, cooldown: 30m}')).toEqual({
      to: { kind: 'previous' },
      dryRun: true,
      cooldownMs: 1_800_000,
    });
    expect(rollbackOf('null')).toBeNull();
  });

  it('lets unwindowed signals leave window out, stored as 0', () => {
    const doc = parseAlertRules(withRule('signal: log.backlog\nabove: 1000'), 'yaml', 'f');
    expect(doc.rules[0]!.windowMs).toBe(0);
    expect(parseAlertRules(withRule('signal: slo.availability.page\nabove: 0.5'), 'yaml', 'f').rules[0]!.windowMs).toBe(0);
    expect(parseAlertRules(withRule('signal: reviews.pending\nabove: 100'), 'yaml', 'f').rules[0]!.windowMs).toBe(0);
    expect(parseAlertRules(withRule('signal: governance.review_overdue\nabove: 0'), 'yaml', 'f').rules[0]!.windowMs).toBe(0);
  });

  it('reports every problem with its path at once', () => {
    const text = `
format: ballast.alerts/v2
receivers:
  - name: team
    webhook: ftp://example.com/x
  - name: team
    slack: https://hooks.example.com/x
  - name: both
    webhook: http://a.example
    slack: http://b.example
rules:
  - name: bad one
    deployment: d
    signal: drift.sharee
    window: 10s
    above: 0.3
    below: 0.1
    for: -5s
    keep_firing_for: soon
    severity: urgent
    notify: [nobody]
    on_no_data: maybe
    rollback: "alias:"
    colour: red
  - name: r2
    deployment: d
    signal: latency.p99
    window: 1500ms
  - name: r2
    deployment: d
    signal: errors.rate
    window: 1m
    above: "high"
    rollback: {to: previous, cooldown: -1m}
notifications:
  group_wait: -1s
`;
    const found = problems(text);
    const at = (path: string) => found.filter((p) => p.path === path);
    expect(at('format')[0]!.message).toMatch(/ballast.alerts\/v1/);
    expect(at('receivers.0.webhook')[0]!.message).toMatch(/http or https/);
    expect(at('receivers.1.name')[0]!.code).toBe('duplicate');
    expect(at('receivers.2')[0]!.message).toMatch(/exactly one of webhook, alertmanager, slack/);
    expect(at('rules.0.name')[0]!.code).toBe('invalid_value');
    expect(at('rules.0.signal')[0]!.message).toMatch(/unknown signal/);
    expect(at('rules.0')[0]!.message).toMatch(/exactly one of above or below/);
    expect(at('rules.0.for')[0]!.message).toMatch(/must not be negative/);
    expect(at('rules.0.keep_firing_for')[0]!.code).toBe('invalid_format');
    expect(at('rules.0.severity')[0]!.message).toMatch(/page or ticket or info/);
    expect(at('rules.0.on_no_data')).toHaveLength(1);
    expect(at('rules.0.rollback')[0]!.message).toMatch(/alias:NAME/);
    expect(at('rules.0.colour')[0]!.code).toBe('unrecognized_key');
    expect(at('rules.0.notify.0')[0]!.message).toMatch(/no receiver is named "nobody"/);
    expect(at('rules.1.window')[0]!.message).toMatch(/whole seconds/);
    expect(at('rules.1')[0]!.code).toBe('missing');
    expect(at('rules.2.name')[0]!.code).toBe('duplicate');
    expect(at('rules.2.above')[0]!.code).toBe('invalid_type');
    expect(at('rules.2.rollback.cooldown')[0]!.message).toMatch(/negative/);
    expect(at('notifications.group_wait')[0]!.message).toMatch(/negative/);
  });

  it('requires the fields a rule cannot do without', () => {
    const found = problems('format: ballast.alerts/v1\nrules:\n  - above: 1\n');
    expect(found.map((p) => p.path)).toEqual(
      expect.arrayContaining(['rules.0.name', 'rules.0.deployment', 'rules.0.signal', 'rules.0.window']),
    );
  });

  it('refuses a negative number of seconds and a bare number', () => {
    expect(problems(withRule('signal: errors.rate\nwindow: 1m\nabove: 0.1\nfor: -3'))[0]!.message).toMatch(/negative/);
    expect(problems(withRule('signal: errors.rate\nwindow: 1m\nabove: 0.1\nfor: 30'))[0]!.message).toMatch(/with its unit, e.g. 30s/);
  });

  it('refuses a __proto__ key as an unknown key, in YAML and JSON alike', () => {
    expect(problems('format: ballast.alerts/v1\n__proto__: {a: 1}\n')).toEqual([
      { path: '__proto__', code: 'unrecognized_key', message: expect.stringMatching(/unknown key/) },
    ]);
    expect(problems('{"format": "ballast.alerts/v1", "__proto__": {"a": 1}}', 'json')[0]!.path).toBe('__proto__');
  });

  it('refuses a signal name longer than the store keeps', () => {
    const long = `drift.column.${'c'.repeat(300)}`;
    expect(problems(withRule(`signal: ${long}\nwindow: 1m\nabove: 0.1`))[0]).toMatchObject({
      path: 'rules.0.signal',
      message: expect.stringMatching(/at most 256/),
    });
  });

  it('names unreadable text', () => {
    expect(problems('{', 'json')[0]!.message).toMatch(/not valid JSON/);
    expect(problems('a: [', 'yaml')[0]!.code).toBe('invalid_format');
    expect(problems('- 1', 'yaml')[0]!.message).toMatch(/mapping/);
  });
});
