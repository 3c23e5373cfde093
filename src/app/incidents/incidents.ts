import { BallastError } from '../../core/errors.ts';
import {
  assertStatusMove,
  type Incident,
  type IncidentStatus,
  type TimelineEntry,
  type TimelineKind,
} from '../../core/incidents/incident.ts';
import type { StoredPostmortem } from '../../store/incident-repository.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { incidentTimeline } from './incident-timeline.ts';

type Reader = Pick<AppContext, 'store'>;

const notFound = (id: string) => new BallastError('incident_not_found', `no incident with id "${id}" (ballast incidents list shows them)`);

export async function getIncident(ctx: Reader, id: string): Promise<Incident> {
  const incident = await ctx.store.incidents.find(id);
  if (incident === undefined) throw notFound(id);
  return incident;
}

/** Newest first; `status` narrows to one status. */
export async function listIncidents(ctx: Reader, filter: { status?: IncidentStatus; deployment?: string } = {}): Promise<Incident[]> {
  return ctx.store.incidents.list({
    ...(filter.status !== undefined ? { statuses: [filter.status] } : {}),
    ...(filter.deployment !== undefined ? { deployment: filter.deployment } : {}),
  });
}

/** The deployment's incident that is not resolved, if any: what on-call pages and rollback outcomes attach to. */
export async function openIncidentFor(ctx: Reader, deployment: string): Promise<Incident | undefined> {
  return ctx.store.incidents.openFor(deployment);
}

/** Incidents nobody has acknowledged yet, oldest first: the ones on-call escalation watches. */
export async function listUnacknowledged(ctx: Reader): Promise<Incident[]> {
  return (await ctx.store.incidents.list({ statuses: ['open'] })).reverse();
}

export interface IncidentDetail {
  readonly incident: Incident;
  readonly timeline: readonly TimelineEntry[];
  readonly postmortem: StoredPostmortem | undefined;
}

export async function showIncident(ctx: Pick<AppContext, 'store' | 'clock'>, id: string): Promise<IncidentDetail> {
  const incident = await getIncident(ctx, id);
  return {
    incident,
    timeline: await incidentTimeline(ctx, incident),
    postmortem: await ctx.store.incidents.postmortem(id),
  };
}

/** Something that happened to a deployment, as a caller reports it for its open incident's timeline. */
export interface IncidentEvent {
  readonly kind: TimelineKind;
  readonly at: string;
  readonly summary: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly actor?: string | null;
}

/**
 * Adds an entry to the timeline of the deployment's open incident: rollback outcomes (automated
 * rollback), pages and escalations (on-call). Returns the incident's id, or null when the deployment
 * has no open incident (nothing is recorded then: an incident is opened by a firing page rule only).
 */
export async function recordIncidentEvent(ctx: AppContext, deployment: string, event: IncidentEvent): Promise<string | null> {
  const incident = await ctx.store.incidents.openFor(deployment);
  if (incident === undefined) return null;
  await ctx.store.incidents.addEvent(incident.id, ctx.newId(), {
    at: event.at,
    kind: event.kind,
    actor: event.actor ?? null,
    summary: event.summary,
    details: event.details ?? {},
  });
  return incident.id;
}

const AUDIT_ACTION = {
  open: 'incident.open',
  acknowledged: 'incident.acknowledge',
  mitigated: 'incident.mitigate',
  resolved: 'incident.resolve',
} as const;

async function moveTo(ctx: AppContext, id: string, status: IncidentStatus, commander?: string): Promise<Incident> {
  return auditedTransaction(ctx, async (tx, audit) => {
    const incident = await tx.incidents.find(id);
    if (incident === undefined) throw notFound(id);
    assertStatusMove(id, incident.status, status);
    const at = ctx.clock().toISOString();
    const moved = await tx.incidents.changeStatus(id, incident.status, { status, at, ...(commander !== undefined ? { commander } : {}) });
    if (!moved) throw new BallastError('conflict', `incident ${id} changed while this ran; retry`);
    const details = { from: incident.status, to: status, ...(commander !== undefined ? { commander } : {}) };
    const summary = `${incident.status} → ${status}${commander !== undefined ? ` (commander ${commander})` : ''}`;
    await tx.incidents.addEvent(id, ctx.newId(), { at, kind: 'status', actor: ctx.actor, summary, details });
    await audit({
      action: AUDIT_ACTION[status],
      objectType: 'incident',
      objectId: id,
      details: { deployment: incident.deployment, ...details },
    });
    return (await tx.incidents.find(id))!;
  });
}

/** Acknowledges an open incident; its commander becomes the one given, else the person acknowledging. */
export async function acknowledgeIncident(ctx: AppContext, id: string, options: { commander?: string } = {}): Promise<Incident> {
  const commander = options.commander?.trim() || ctx.actor;
  return moveTo(ctx, id, 'acknowledged', commander);
}

export async function mitigateIncident(ctx: AppContext, id: string): Promise<Incident> {
  return moveTo(ctx, id, 'mitigated');
}

export async function resolveIncident(ctx: AppContext, id: string): Promise<Incident> {
  return moveTo(ctx, id, 'resolved');
}

const MAX_NOTE = 10_000;

/** Adds a person's note to the timeline (any status: notes after resolution explain it). */
export async function addIncidentNote(ctx: AppContext, id: string, text: string): Promise<Incident> {
  const note = text.trim();
  if (note === '' || note.length > MAX_NOTE)
    throw new BallastError('invalid_argument', `a note needs text of 1 to ${MAX_NOTE} characters`, [
      { code: note === '' ? 'missing' : 'too_big', path: ['text'], message: `1 to ${MAX_NOTE} characters` },
    ]);
  return auditedTransaction(ctx, async (tx, audit) => {
    const incident = await tx.incidents.find(id);
    if (incident === undefined) throw notFound(id);
    await tx.incidents.addEvent(id, ctx.newId(), {
      at: ctx.clock().toISOString(),
      kind: 'note',
      actor: ctx.actor,
      summary: note,
      details: {},
    });
    await audit({ action: 'incident.note', objectType: 'incident', objectId: id, details: { deployment: incident.deployment } });
    return incident;
  });
}
