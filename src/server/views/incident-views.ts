import type { Incident, TimelineEntry } from '../../core/incidents/incident.ts';
import { INCIDENT_STATUSES, TIMELINE_KINDS } from '../../core/incidents/incident.ts';
import type { PostmortemView } from '../../app/incidents/postmortem.ts';
import type { StoredActionItem } from '../../store/incident-repository.ts';
import { bool, freeObject, int, list, nullableStr, obj, str, strings } from './wire-schema.ts';

export function incidentView(i: Incident) {
  return {
    id: i.id,
    deployment: i.deployment,
    title: i.title,
    severity: i.severity,
    status: i.status,
    commander: i.commander,
    opened_at: i.openedAt,
    acknowledged_at: i.acknowledgedAt,
    mitigated_at: i.mitigatedAt,
    resolved_at: i.resolvedAt,
    rules: i.rules,
  };
}

export function timelineView(e: TimelineEntry) {
  return { at: e.at, kind: e.kind, actor: e.actor, summary: e.summary, details: e.details };
}

/** `text` is the Markdown, or the HTML page when asked for `html`. */
export function postmortemView(p: PostmortemView) {
  return { format: p.format, text: p.rendered, reviewed: p.reviewed, updated_at: p.updatedAt, updated_by: p.updatedBy };
}

export function actionItemView(a: StoredActionItem) {
  return { incident_id: a.incidentId, deployment: a.deployment, position: a.position, text: a.text, owner: a.owner, done: a.done };
}

const incidentProperties = {
  id: str,
  deployment: str,
  title: str,
  severity: str,
  status: { type: 'string', enum: [...INCIDENT_STATUSES] },
  commander: nullableStr,
  opened_at: str,
  acknowledged_at: nullableStr,
  mitigated_at: nullableStr,
  resolved_at: nullableStr,
  rules: strings,
} as const;

export const incidentSchema = obj(incidentProperties);
export const incidentListSchema = obj({ incidents: list(incidentSchema) });

const postmortemSchema = obj(
  { format: { type: 'string', enum: ['md', 'html'] }, text: str, reviewed: bool, updated_at: str, updated_by: str },
  { nullable: true, description: 'the stored postmortem (Markdown), or null before one is drafted' },
);
export const postmortemResponseSchema = obj({ postmortem: postmortemSchema });

export const incidentDetailSchema = obj({
  ...incidentProperties,
  timeline: list(
    obj({
      at: str,
      kind: { type: 'string', enum: [...TIMELINE_KINDS] },
      actor: nullableStr,
      summary: str,
      details: { ...freeObject, description: 'the reading that fired (the monitoring snapshot), an audit entry, or what a sink reported' },
    }),
  ),
  postmortem: postmortemSchema,
});

export const actionItemListSchema = obj({
  action_items: list(obj({ incident_id: str, deployment: str, position: int, text: str, owner: nullableStr, done: bool })),
});
