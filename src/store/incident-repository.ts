import type { Kysely } from 'kysely';
import type { AuditEntry } from '../core/audit-chain.ts';
import type { ActionItem } from '../core/incidents/action-items.ts';
import type { Incident, IncidentStatus, TimelineEntry, TimelineKind } from '../core/incidents/incident.ts';
import { auditEntryOf } from './audit-repository.ts';
import type { Database, IncidentsTable } from './schema.ts';

export interface StoredPostmortem {
  readonly incidentId: string;
  readonly text: string;
  readonly reviewed: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface StoredActionItem extends ActionItem {
  readonly incidentId: string;
  readonly deployment: string;
  readonly position: number;
}

/** What a status change writes: the new status, the time it was reached, and a commander if given. */
export interface StatusChange {
  readonly status: IncidentStatus;
  readonly at: string;
  readonly commander?: string;
}

const STATUS_TIME = { open: 'opened_at', acknowledged: 'acknowledged_at', mitigated: 'mitigated_at', resolved: 'resolved_at' } as const;

function toIncident(row: IncidentsTable): Incident {
  return {
    id: row.id,
    deployment: row.deployment_name,
    title: row.title,
    severity: row.severity,
    status: row.status as IncidentStatus,
    commander: row.commander,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
    rules: JSON.parse(row.rules) as string[],
  };
}

/** Incidents, their stored timeline entries, postmortems and action items. */
export class IncidentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(incident: Incident): Promise<void> {
    await this.db
      .insertInto('incidents')
      .values({
        id: incident.id,
        deployment_name: incident.deployment,
        open_key: incident.status === 'resolved' ? null : incident.deployment,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        commander: incident.commander,
        rules: JSON.stringify(incident.rules),
        opened_at: incident.openedAt,
        acknowledged_at: incident.acknowledgedAt,
        mitigated_at: incident.mitigatedAt,
        resolved_at: incident.resolvedAt,
      })
      .execute();
  }

  async find(id: string): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toIncident(row);
  }

  /** The deployment's incident that is not resolved yet, if any (there is at most one). */
  async openFor(deployment: string): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('open_key', '=', deployment).executeTakeFirst();
    return row && toIncident(row);
  }

  /** Newest first; `statuses` narrows to those. */
  async list(filter: { statuses?: readonly IncidentStatus[]; deployment?: string; limit?: number } = {}): Promise<Incident[]> {
    let query = this.db.selectFrom('incidents').selectAll();
    if (filter.statuses !== undefined) {
      if (filter.statuses.length === 0) return [];
      query = query.where('status', 'in', [...filter.statuses]);
    }
    if (filter.deployment !== undefined) query = query.where('deployment_name', '=', filter.deployment);
    const rows = await query
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 500)
      .execute();
    return rows.map(toIncident);
  }

  async setRules(id: string, rules: readonly string[]): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({ rules: JSON.stringify(rules) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Moves the incident to a status, only if it still has `from`: a compare-and-set, so two people
   * acknowledging at once cannot both succeed. False when it had moved meanwhile.
   */
  async changeStatus(id: string, from: IncidentStatus, change: StatusChange): Promise<boolean> {
    const result = await this.db
      .updateTable('incidents')
      .set({
        status: change.status,
        [STATUS_TIME[change.status]]: change.at,
        ...(change.commander !== undefined ? { commander: change.commander } : {}),
        ...(change.status === 'resolved' ? { open_key: null } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async addEvent(incidentId: string, id: string, entry: TimelineEntry): Promise<void> {
    await this.db
      .insertInto('incident_events')
      .values({
        id,
        incident_id: incidentId,
        at: entry.at,
        kind: entry.kind,
        actor: entry.actor,
        summary: entry.summary,
        details: JSON.stringify(entry.details),
      })
      .execute();
  }

  /** The stored entries in time order (ties in the order they were written). */
  async events(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.db
      .selectFrom('incident_events')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      at: row.at,
      kind: row.kind as TimelineKind,
      actor: row.actor,
      summary: row.summary,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }

  /**
   * Audit entries about one deployment with `at` in [from, to], in sequence order: its deploys and
   * rollbacks during an incident. The audit log has no index on its object; it grows by changes of
   * state (not by predictions), so this scan stays small.
   */
  async deploymentAudit(deployment: string, from: string, to: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_type', '=', 'deployment')
      .where('object_id', '=', deployment)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('seq')
      .execute();
    return rows.map(auditEntryOf);
  }

  async postmortem(incidentId: string): Promise<StoredPostmortem | undefined> {
    const row = await this.db.selectFrom('postmortems').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
    return (
      row && {
        incidentId: row.incident_id,
        text: row.text,
        reviewed: Number(row.reviewed) === 1,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    );
  }

  /** Stores the postmortem's text and replaces its action items with those given. */
  async savePostmortem(postmortem: StoredPostmortem, items: readonly ActionItem[]): Promise<void> {
    await this.db
      .insertInto('postmortems')
      .values({
        incident_id: postmortem.incidentId,
        text: postmortem.text,
        reviewed: postmortem.reviewed ? 1 : 0,
        created_at: postmortem.createdAt,
        updated_at: postmortem.updatedAt,
        updated_by: postmortem.updatedBy,
      })
      .onConflict((oc) =>
        oc.column('incident_id').doUpdateSet({
          text: postmortem.text,
          reviewed: postmortem.reviewed ? 1 : 0,
          updated_at: postmortem.updatedAt,
          updated_by: postmortem.updatedBy,
        }),
      )
      .execute();
    await this.db.deleteFrom('incident_action_items').where('incident_id', '=', postmortem.incidentId).execute();
    if (items.length > 0)
      await this.db
        .insertInto('incident_action_items')
        .values(
          items.map((item, position) => ({
            incident_id: postmortem.incidentId,
            position,
            text: item.text,
            owner: item.owner,
            done: item.done ? 1 : 0,
          })),
        )
        .execute();
  }

  /** Action items of every stored postmortem, newest incident first, in checklist order. */
  async actionItems(filter: { open?: boolean } = {}): Promise<StoredActionItem[]> {
    let query = this.db
      .selectFrom('incident_action_items as a')
      .innerJoin('incidents as i', 'i.id', 'a.incident_id')
      .select(['a.incident_id', 'i.deployment_name', 'a.position', 'a.text', 'a.owner', 'a.done']);
    if (filter.open) query = query.where('a.done', '=', 0);
    const rows = await query.orderBy('i.opened_at', 'desc').orderBy('a.incident_id', 'desc').orderBy('a.position').execute();
    return rows.map((row) => ({
      incidentId: row.incident_id,
      deployment: row.deployment_name,
      position: Number(row.position),
      text: row.text,
      owner: row.owner,
      done: Number(row.done) === 1,
    }));
  }
}
