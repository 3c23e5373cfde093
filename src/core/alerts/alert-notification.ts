import type { AlertTransition, ModelVersionName, Severity } from './alert-rule.ts';

/**
 * What a receiver is told: one deployment's alert events gathered over `group_wait`, each a rule that
 * began firing or resolved. Every receiver kind (webhook, Alertmanager, Slack) is written from this
 * one shape, so they never disagree about what happened.
 */
export interface NotifiedAlert {
  readonly rule: string;
  readonly deployment: string;
  readonly signal: string;
  readonly severity: Severity;
  readonly state: 'firing' | 'resolved';
  /** The reading that caused the event (null when the signal had no data). */
  readonly value: number | null;
  readonly threshold: number;
  readonly comparison: 'above' | 'below';
  readonly version: ModelVersionName | null;
  /** The monitoring window read, [start, end); null for no_data. */
  readonly window: { readonly start: string; readonly end: string } | null;
  /** When the rule began firing. */
  readonly startsAt: string;
  /** When it resolved; null while firing. */
  readonly endsAt: string | null;
  readonly description: string | null;
}

export interface NotificationLinks {
  readonly deployment?: string;
  readonly monitoring?: string;
}

export interface AlertNotification {
  /** The same for every attempt and every re-send of the same events, so receivers can drop repeats. */
  readonly idempotencyKey: string;
  readonly deployment: string;
  readonly alerts: readonly NotifiedAlert[];
  readonly links: NotificationLinks;
}

/**
 * The event a transition is for receivers: turning firing, or leaving firing (resolved). Entering or
 * leaving `pending` is not news to anyone; undefined then. `firedAt` is when a resolving rule began
 * firing, when known (Alertmanager refuses an end before a start).
 */
export function notifiedAlertOf(transition: AlertTransition, firedAt?: string): NotifiedAlert | undefined {
  const { rule, reading } = transition;
  let state: NotifiedAlert['state'];
  if (transition.to === 'firing' && transition.from !== 'firing') state = 'firing';
  else if (transition.from === 'firing' && transition.to !== 'firing') state = 'resolved';
  else return undefined;
  return {
    rule: rule.name,
    deployment: rule.deployment,
    signal: rule.signal,
    severity: rule.severity,
    state,
    value: reading.kind === 'value' ? reading.value : null,
    threshold: transition.threshold,
    comparison: rule.above !== null ? 'above' : 'below',
    version: reading.model,
    window: reading.kind === 'value' ? { start: reading.start, end: reading.end } : null,
    startsAt: state === 'firing' ? transition.at : (firedAt ?? transition.at),
    endsAt: state === 'resolved' ? transition.at : null,
    description: rule.description,
  };
}

/** Links into the dashboard (hash routes), when the server's public URL is known. */
export function notificationLinks(dashboardUrl: string | undefined, deployment: string): NotificationLinks {
  if (dashboardUrl === undefined) return {};
  const base = dashboardUrl.replace(/\/+$/, '');
  const name = encodeURIComponent(deployment);
  return { deployment: `${base}/#/deployments/${name}`, monitoring: `${base}/#/deployments/${name}/monitoring` };
}
