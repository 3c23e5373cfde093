import { describe, expect, it } from 'vitest';
import { alertRule, alertTransition } from './testing/alert-builders.ts';
import { notificationLinks, notifiedAlertOf, type AlertNotification } from './alert-notification.ts';
import type { AlertTransition } from './alert-rule.ts';
import { alertmanagerPayload, slackPayload, webhookPayload } from './receiver-payloads.ts';

const rule = alertRule({ keepFiringForMs: 60_000, notify: ['team'], description: 'More than 30% of the inputs drifted' });
const reading = {
  kind: 'value',
  value: 0.42,
  rows: 800,
  start: '2026-11-25T12:00:00.000Z',
  end: '2026-11-25T12:00:10.000Z',
  model: { name: 'credit', version: 2 },
} as const;
const transition = (from: AlertTransition['from'], to: AlertTransition['to'], at: string): AlertTransition =>
  alertTransition(rule, { from, to, at, reading });

describe('notifiedAlertOf', () => {
  it('is news only when a rule starts or stops firing', () => {
    expect(notifiedAlertOf(transition('inactive', 'pending', '2026-11-25T12:00:11.000Z'))).toBeUndefined();
    expect(notifiedAlertOf(transition('pending', 'inactive', '2026-11-25T12:00:11.000Z'))).toBeUndefined();
    expect(notifiedAlertOf(transition('pending', 'firing', '2026-11-25T12:00:11.000Z'))).toMatchObject({
      state: 'firing',
      startsAt: '2026-11-25T12:00:11.000Z',
      endsAt: null,
    });
    expect(notifiedAlertOf(transition('firing', 'inactive', '2026-11-25T12:05:00.000Z'), '2026-11-25T12:00:11.000Z')).toMatchObject({
      state: 'resolved',
      startsAt: '2026-11-25T12:00:11.000Z',
      endsAt: '2026-11-25T12:05:00.000Z',
    });
  });
});

describe('receiver payloads', () => {
  const firing = notifiedAlertOf(transition('inactive', 'firing', '2026-11-25T12:00:11.000Z'))!;
  const resolved = notifiedAlertOf(
    { ...transition('firing', 'inactive', '2026-11-25T12:05:00.000Z'), rule: { ...rule, name: 'slow', severity: 'ticket' } },
    '2026-11-25T12:01:00.000Z',
  )!;
  const n: AlertNotification = {
    idempotencyKey: 'abc',
    deployment: 'credit',
    alerts: [firing, resolved],
    links: notificationLinks('https://ballast.example.com/', 'credit'),
  };

  it('webhook: the rule, state, value, threshold, deployment, version, window, links and idempotency key', () => {
    const body = webhookPayload(n);
    expect(body).toMatchObject({ format: 'ballast.notification/v1', idempotency_key: 'abc', deployment: 'credit', status: 'firing' });
    expect((body.alerts as unknown[])[0]).toEqual({
      rule: 'inputs-drifted',
      state: 'firing',
      severity: 'page',
      signal: 'drift.share',
      value: 0.42,
      threshold: 0.3,
      comparison: 'above',
      deployment: 'credit',
      version: { name: 'credit', version: 2 },
      window: { start: '2026-11-25T12:00:00.000Z', end: '2026-11-25T12:00:10.000Z' },
      starts_at: '2026-11-25T12:00:11.000Z',
      ends_at: null,
      description: 'More than 30% of the inputs drifted',
    });
    expect(body.links).toEqual({
      deployment: 'https://ballast.example.com/#/deployments/credit',
      monitoring: 'https://ballast.example.com/#/deployments/credit/monitoring',
    });
    expect(webhookPayload({ ...n, alerts: [resolved] }).status).toBe('resolved');
  });

  it('Alertmanager: labels, annotations, a firing end a day ahead and a resolved end at the resolve', () => {
    const [a, b] = alertmanagerPayload(n);
    expect(a).toEqual({
      labels: {
        alertname: 'inputs-drifted',
        deployment: 'credit',
        severity: 'page',
        ballast_rule: 'inputs-drifted',
        signal: 'drift.share',
      },
      annotations: {
        summary: 'inputs-drifted: drift.share 0.42 > 0.3 on credit (credit:2)',
        description: 'More than 30% of the inputs drifted',
        value: '0.42',
        threshold: '0.3',
        version: 'credit:2',
        idempotency_key: 'abc',
      },
      startsAt: '2026-11-25T12:00:11.000Z',
      endsAt: '2026-11-26T12:00:11.000Z',
      generatorURL: 'https://ballast.example.com/#/deployments/credit/monitoring',
    });
    expect(b).toMatchObject({
      labels: { alertname: 'slow', severity: 'ticket' },
      startsAt: '2026-11-25T12:01:00.000Z',
      endsAt: '2026-11-25T12:05:00.000Z',
    });
  });

  it('Slack: a text line per alert and blocks', () => {
    const body = slackPayload(n);
    expect(body.text).toBe(
      [
        'Ballast alerts for credit: 1 firing, 1 resolved',
        ':red_circle: FIRING [page] inputs-drifted: drift.share 0.42 > 0.3 on credit (credit:2)',
        ':white_check_mark: RESOLVED [ticket] slow: drift.share now 0.42 (fires above 0.3) on credit (credit:2)',
      ].join('\n'),
    );
    const blocks = body.blocks as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
  });
});
