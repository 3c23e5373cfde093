import { pagesDue, type PageDue } from '../../core/oncall/escalation.ts';
import type { PageRecord, PageStatus } from '../../store/oncall-repository.ts';
import type { AppContext } from '../context.ts';
import { currentOncallSchedules } from './oncall-schedules.ts';

/** What paging needs of an incident (incidents are opened by the incident sink). */
export interface PagedIncident {
  readonly id: string;
  readonly deployment: string;
  readonly title: string;
  readonly severity: string;
}

/** What a page carries to its receiver; `idempotency_key` is the same for every attempt at one page. */
export interface PageNotification {
  readonly kind: 'page';
  readonly incident_id: string;
  readonly deployment: string;
  readonly title: string;
  readonly severity: string;
  readonly schedule: string;
  readonly level: number;
  readonly person: string;
  readonly summary: string;
  readonly at: string;
  readonly idempotency_key: string;
}

/** An entry for the incident's timeline: `page` for level 1, `escalation` for the levels after it. */
export interface PageTimelineEvent {
  readonly kind: 'page' | 'escalation';
  readonly at: string;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What paging is given: how to deliver to a receiver by name, how to note a page on the incident, and which incidents await an acknowledgement. */
export interface PagingDeps {
  /** Delivers to the alert receiver of that name; throws when it could not (after its own retries). */
  readonly send: (receiverName: string, notification: PageNotification) => Promise<void>;
  readonly recordIncidentEvent: (incident: PagedIncident, event: PageTimelineEvent) => Promise<void>;
  /** Open incidents nobody has acknowledged yet (for the escalation tick). */
  readonly listUnacknowledged: () => Promise<readonly PagedIncident[]>;
}

/** What came of one page, for the caller to log. */
export interface PageOutcome {
  readonly incidentId: string;
  readonly schedule: string;
  readonly level: number;
  readonly person: string | null;
  readonly receiver: string | null;
  readonly status: Exclude<PageStatus, 'sending'>;
  readonly reason: string | null;
  /** Why the page could not be put on the incident's timeline (the page itself stands). */
  readonly timelineError?: string;
}

/**
 * Pages the on-call of every schedule covering the incident's deployment (level 1 of each), when an
 * incident opens. Paging an incident again sends nothing already sent.
 */
export async function pageOnCall(
  ctx: AppContext,
  deps: Pick<PagingDeps, 'send' | 'recordIncidentEvent'>,
  incident: PagedIncident,
): Promise<PageOutcome[]> {
  return pageIncidents(ctx, deps, [incident]);
}

/**
 * One escalation tick, run every alert evaluation: for each unacknowledged incident, the next level
 * of a schedule whose last page has waited its `ack_timeout` is paged (and level 1 of a schedule not
 * paged yet, so a page lost to a restart between opening the incident and paging still goes out).
 */
export async function escalateUnacknowledged(ctx: AppContext, deps: PagingDeps): Promise<PageOutcome[]> {
  return pageIncidents(ctx, deps, await deps.listUnacknowledged());
}

async function pageIncidents(
  ctx: AppContext,
  deps: Pick<PagingDeps, 'send' | 'recordIncidentEvent'>,
  incidents: readonly PagedIncident[],
): Promise<PageOutcome[]> {
  if (incidents.length === 0) return [];
  const { version, schedules } = await currentOncallSchedules(ctx);
  if (schedules.length === 0) return [];
  const made = await ctx.store.oncall.pagesOf(incidents.map((i) => i.id));
  const now = ctx.clock();
  const outcomes: PageOutcome[] = [];
  for (const incident of incidents) {
    const before = made
      .filter((p) => p.incidentId === incident.id)
      .map((p) => ({ schedule: p.schedule, level: p.level, at: Date.parse(p.at) }));
    for (const due of pagesDue(schedules, incident.deployment, before, now.getTime())) {
      const outcome = await sendPage(ctx, deps, incident, due, version, now);
      if (outcome !== undefined) outcomes.push(outcome);
    }
  }
  return outcomes;
}

/**
 * Claims the page's row first and sends only when this call made it: at most one page per incident,
 * schedule and level, whoever else (another server, a restart) tries the same. A send that fails is
 * recorded as failed and not tried again; the next level follows after the ack timeout as usual.
 */
async function sendPage(
  ctx: AppContext,
  deps: Pick<PagingDeps, 'send' | 'recordIncidentEvent'>,
  incident: PagedIncident,
  due: PageDue,
  schedulesVersion: number,
  now: Date,
): Promise<PageOutcome | undefined> {
  const at = now.toISOString();
  const record: PageRecord = {
    id: ctx.newId(),
    incidentId: incident.id,
    deployment: incident.deployment,
    schedule: due.schedule,
    level: due.level,
    person: due.target?.name ?? null,
    receiver: due.target?.receiver ?? null,
    status: due.target === null ? 'no_one_on_call' : 'sending',
    reason: due.target === null ? `nobody is on call in ${due.describe}` : null,
    at,
    schedulesVersion,
  };
  if (!(await ctx.store.oncall.claimPage(record))) return undefined;
  let status: PageOutcome['status'] = 'no_one_on_call';
  let reason = record.reason;
  if (due.target !== null) {
    const summary = `${incident.title} (${incident.severity}) on ${incident.deployment}: paging ${due.target.name}, level ${due.level} of ${due.schedule}`;
    try {
      await deps.send(due.target.receiver, {
        kind: 'page',
        incident_id: incident.id,
        deployment: incident.deployment,
        title: incident.title,
        severity: incident.severity,
        schedule: due.schedule,
        level: due.level,
        person: due.target.name,
        summary,
        at,
        idempotency_key: `page:${incident.id}:${due.schedule}:${due.level}`,
      });
      status = 'sent';
    } catch (error) {
      status = 'failed';
      reason = error instanceof Error ? error.message : String(error);
    }
    await ctx.store.oncall.finishPage(record.id, status, reason);
  }
  const outcome: PageOutcome = {
    incidentId: incident.id,
    schedule: due.schedule,
    level: due.level,
    person: record.person,
    receiver: record.receiver,
    status,
    reason,
  };
  try {
    await deps.recordIncidentEvent(incident, timelineEvent(outcome, due, at));
    return outcome;
  } catch (error) {
    return { ...outcome, timelineError: error instanceof Error ? error.message : String(error) };
  }
}

function timelineEvent(outcome: PageOutcome, due: PageDue, at: string): PageTimelineEvent {
  const level = `level ${due.level} of ${due.schedule}`;
  const who = `${outcome.person} via ${outcome.receiver}`;
  const summary = {
    sent: `paged ${who}, ${level}`,
    failed: `page to ${who} failed, ${level}: ${outcome.reason}`,
    no_one_on_call: `no one to page, ${level}: ${outcome.reason}`,
  }[outcome.status];
  return {
    kind: due.level === 1 ? 'page' : 'escalation',
    at,
    summary,
    details: {
      schedule: due.schedule,
      level: due.level,
      person: outcome.person,
      receiver: outcome.receiver,
      status: outcome.status,
      reason: outcome.reason,
    },
  };
}
