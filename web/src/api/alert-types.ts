import type { ModelVersionRef } from './types.ts';

/**
 * The wire shapes of alerting and incidents (issue #14's contract): rules with their state,
 * silences, receivers, incidents with their timeline and postmortem. snake_case, as the API sends them.
 */

export type AlertStateName = 'inactive' | 'pending' | 'firing';
export type AlertSeverity = 'page' | 'ticket' | 'info';

export interface AlertRuleStateWire {
  readonly state: AlertStateName;
  /** When the rule entered this state (null before its first evaluation). */
  readonly since: string | null;
  /** The signal's last value; null when it had none (no_data, or never read). */
  readonly value: number | null;
  readonly no_data: boolean;
  readonly evaluated_at: string | null;
  readonly model: ModelVersionRef | null;
}

export interface AlertRuleWire {
  readonly name: string;
  readonly deployment: string;
  readonly signal: string;
  readonly window_ms: number;
  /** Exactly one of above / below is a number: the condition holds when value > above, or value < below. */
  readonly above: number | null;
  readonly below: number | null;
  readonly for_ms: number;
  readonly keep_firing_for_ms: number;
  readonly severity: AlertSeverity;
  readonly notify: readonly string[];
  readonly on_no_data: 'ok' | 'firing';
  readonly description: string | null;
  readonly rollback: { readonly to: string; readonly dry_run: boolean; readonly cooldown_ms: number } | null;
  readonly state: AlertRuleStateWire;
}

/** A receiver as the API lists it. The dashboard never shows `url`: its path or query may carry a secret token. */
export interface AlertReceiverWire {
  readonly name: string;
  readonly kind: string;
  readonly url: string;
  readonly allow_private: boolean;
}

export interface AlertRules {
  readonly rules: readonly AlertRuleWire[];
  readonly receivers: readonly AlertReceiverWire[];
}

export interface AlertSilence {
  readonly id: string;
  readonly rule: string;
  readonly reason: string;
  readonly created_by: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly active: boolean;
}

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface Incident {
  readonly id: string;
  readonly deployment: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly status: IncidentStatus;
  readonly commander: string | null;
  readonly opened_at: string;
  readonly acknowledged_at: string | null;
  readonly mitigated_at: string | null;
  readonly resolved_at: string | null;
  readonly rules: readonly string[];
}

/** alert_firing, alert_resolved, deploy, rollback, rollback_failed, note, status, page, escalation (others are shown plainly). */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: string;
  readonly actor: string | null;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Postmortem {
  readonly format: string;
  readonly text: string;
  readonly reviewed: boolean;
  readonly updated_at: string;
}

export interface IncidentDetail extends Incident {
  readonly timeline: readonly TimelineEntry[];
  readonly postmortem: Postmortem | null;
}

/** What an operator can do to an incident, each a POST to /v1/incidents/{id}/<action>. */
export type IncidentAction =
  | { readonly action: 'ack'; readonly commander?: string }
  | { readonly action: 'mitigate' }
  | { readonly action: 'resolve' }
  | { readonly action: 'notes'; readonly text: string };

/** One automated rollback attempt of a deployment, as GET /v1/deployments/{name}/rollbacks lists it. */
export interface RollbackAttempt {
  readonly id: string;
  readonly at: string;
  readonly rule: string;
  readonly from: ModelVersionRef;
  readonly to: ModelVersionRef | null;
  readonly outcome: 'rolled_back' | 'dry_run' | 'refused' | 'failed';
  readonly reason: string;
  readonly signal: string;
  readonly value: number | null;
  readonly threshold: number | null;
}
