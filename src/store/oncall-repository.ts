import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** One applied version of the on-call document. */
export interface OncallVersionRecord {
  readonly version: number;
  /** Canonical JSON of the `ballast.oncall/v1` document. */
  readonly document: string;
  readonly sha256: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** sending: claimed and being delivered (left so when a restart interrupted it: never sent twice). */
export type PageStatus = 'sending' | 'sent' | 'failed' | 'no_one_on_call';

export interface PageRecord {
  readonly id: string;
  readonly incidentId: string;
  readonly deployment: string;
  readonly schedule: string;
  readonly level: number;
  readonly person: string | null;
  readonly receiver: string | null;
  readonly status: PageStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly schedulesVersion: number;
}

export class OncallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The version in force: the highest applied. */
  async current(): Promise<OncallVersionRecord | undefined> {
    const row = await this.db.selectFrom('oncall_schedule_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return (
      row && { version: row.version, document: row.document, sha256: row.sha256, createdBy: row.created_by, createdAt: row.created_at }
    );
  }

  /** Adds a version; a second writer adding the same number loses on the primary key (the caller turns that into a conflict). */
  async insertVersion(record: OncallVersionRecord): Promise<void> {
    await this.db
      .insertInto('oncall_schedule_versions')
      .values({
        version: record.version,
        document: record.document,
        sha256: record.sha256,
        created_by: record.createdBy,
        created_at: record.createdAt,
      })
      .execute();
  }

  /**
   * Records a page about to be sent, unless that incident's level of that schedule has one already:
   * true when this call made the row (and so must send), false when another got there first.
   */
  async claimPage(page: PageRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('pages')
      .values({
        id: page.id,
        incident_id: page.incidentId,
        deployment_name: page.deployment,
        schedule: page.schedule,
        level: page.level,
        person: page.person,
        receiver: page.receiver,
        status: page.status,
        reason: page.reason,
        at: page.at,
        schedules_version: page.schedulesVersion,
      })
      .onConflict((oc) => oc.columns(['incident_id', 'schedule', 'level']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** What came of sending a claimed page. */
  async finishPage(id: string, status: PageStatus, reason: string | null): Promise<void> {
    await this.db.updateTable('pages').set({ status, reason }).where('id', '=', id).execute();
  }

  /** The pages of these incidents, oldest first. */
  async pagesOf(incidentIds: readonly string[]): Promise<PageRecord[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('pages')
      .selectAll()
      .where('incident_id', 'in', [...incidentIds])
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      incidentId: row.incident_id,
      deployment: row.deployment_name,
      schedule: row.schedule,
      level: row.level,
      person: row.person,
      receiver: row.receiver,
      status: row.status as PageStatus,
      reason: row.reason,
      at: row.at,
      schedulesVersion: row.schedules_version,
    }));
  }
}
