import type { AlertNotification, NotifiedAlert } from './alert-notification.ts';

/**
 * The bodies each receiver kind is sent (docs/notifications.md shows one of each). Pure: the sender
 * adds the transport (headers, retries, the address guard).
 */

// Firing: the value across its threshold; resolved: the value now, which no longer crosses it.
function describeValue(a: NotifiedAlert): string {
  const value = a.value === null ? 'no data' : formatNumber(a.value);
  if (a.state === 'resolved') return `now ${value} (fires ${a.comparison} ${formatNumber(a.threshold)})`;
  return a.value === null ? 'no data' : `${value} ${a.comparison === 'above' ? '>' : '<'} ${formatNumber(a.threshold)}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function summary(a: NotifiedAlert): string {
  return `${a.rule}: ${a.signal} ${describeValue(a)} on ${a.deployment}${a.version ? ` (${a.version.name}:${a.version.version})` : ''}`;
}

/** Generic webhook: the notification as snake_case JSON. */
export function webhookPayload(n: AlertNotification): Record<string, unknown> {
  return {
    format: 'ballast.notification/v1',
    idempotency_key: n.idempotencyKey,
    deployment: n.deployment,
    status: n.alerts.some((a) => a.state === 'firing') ? 'firing' : 'resolved',
    alerts: n.alerts.map((a) => ({
      rule: a.rule,
      state: a.state,
      severity: a.severity,
      signal: a.signal,
      value: a.value,
      threshold: a.threshold,
      comparison: a.comparison,
      deployment: a.deployment,
      version: a.version && { name: a.version.name, version: a.version.version },
      window: a.window && { start: a.window.start, end: a.window.end },
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      description: a.description,
    })),
    links: { ...n.links },
  };
}

/**
 * How long a firing alert stays firing in Alertmanager without news. Ballast sends on transitions
 * only (Prometheus re-sends every evaluation instead), so a firing alert carries an end far enough
 * ahead that Alertmanager's resolve_timeout does not end it; the resolve notification ends it.
 */
const ALERTMANAGER_FIRING_HOLD_MS = 24 * 3_600_000;

/** Alertmanager v2 `POST /api/v2/alerts`: a list of postable alerts. */
export function alertmanagerPayload(n: AlertNotification): Record<string, unknown>[] {
  return n.alerts.map((a) => ({
    labels: {
      alertname: a.rule,
      deployment: a.deployment,
      severity: a.severity,
      ballast_rule: a.rule,
      signal: a.signal,
    },
    annotations: {
      summary: summary(a),
      ...(a.description !== null ? { description: a.description } : {}),
      ...(a.value !== null ? { value: String(a.value) } : {}),
      threshold: String(a.threshold),
      ...(a.version ? { version: `${a.version.name}:${a.version.version}` } : {}),
      idempotency_key: n.idempotencyKey,
    },
    startsAt: a.startsAt,
    endsAt: a.endsAt ?? new Date(Date.parse(a.startsAt) + ALERTMANAGER_FIRING_HOLD_MS).toISOString(),
    ...(n.links.monitoring !== undefined ? { generatorURL: n.links.monitoring } : {}),
  }));
}

/** Slack-compatible incoming webhook: `text` for clients without blocks, and one section per alert. */
export function slackPayload(n: AlertNotification): Record<string, unknown> {
  const firing = n.alerts.filter((a) => a.state === 'firing').length;
  const resolved = n.alerts.length - firing;
  const head = [firing > 0 ? `${firing} firing` : '', resolved > 0 ? `${resolved} resolved` : ''].filter(Boolean).join(', ');
  const line = (a: NotifiedAlert) =>
    `${a.state === 'firing' ? ':red_circle: FIRING' : ':white_check_mark: RESOLVED'} [${a.severity}] ${summary(a)}`;
  const text = [`Ballast alerts for ${n.deployment}: ${head}`, ...n.alerts.map(line)].join('\n');
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: `Ballast: ${n.deployment} (${head})` } },
    ...n.alerts.map((a) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `${line(a)}${a.description ? `\n${a.description}` : ''}` },
    })),
  ];
  if (n.links.monitoring !== undefined) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${n.links.monitoring}|Monitoring of ${n.deployment}>` }] });
  }
  return { text, blocks };
}
