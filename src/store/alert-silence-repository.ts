import type { Kysely } from 'kysely';
import type { AlertSilencesTable, Database } from './schema.ts';

export interface SilenceRecord {
  readonly id: string;
  readonly rule: string;
  readonly reason: string;
  readonly createdBy: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

const toRecord = (r: AlertSilencesTable): SilenceRecord => ({
  id: r.id,
  rule: r.rule,
  reason: r.reason,
  createdBy: r.created_by,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
});

/** Silences of alert rules: a rule's notifications are muted while now is in [starts_at, ends_at). */
export class AlertSilenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: SilenceRecord): Promise<void> {
    await this.db
      .insertInto('alert_silences')
      .values({ id: s.id, rule: s.rule, reason: s.reason, created_by: s.createdBy, starts_at: s.startsAt, ends_at: s.endsAt })
      .execute();
  }

  /** Every silence, newest first. */
  async list(): Promise<SilenceRecord[]> {
    const rows = await this.db.selectFrom('alert_silences').selectAll().orderBy('starts_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<SilenceRecord | undefined> {
    const row = await this.db.selectFrom('alert_silences').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Ends a silence that is still running at `at`; false when none with that id is. */
  async end(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('alert_silences')
      .set({ ends_at: at })
      .where('id', '=', id)
      .where('ends_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Of these rules, the ones silenced at `at`. */
  async silencedRules(rules: readonly string[], at: string): Promise<Set<string>> {
    if (rules.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('alert_silences')
      .select('rule')
      .where('rule', 'in', [...new Set(rules)])
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .execute();
    return new Set(rows.map((r) => r.rule));
  }
}
