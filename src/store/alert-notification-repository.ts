import type { Kysely } from 'kysely';
import type { NotifiedAlert } from '../core/alerts/alert-notification.ts';
import type { AlertNotificationsTable, Database } from './schema.ts';

export type NotificationOutcome = AlertNotificationsTable['outcome'];

/** One alert event for one receiver, and what became of it. */
export interface NotificationEntry {
  readonly key: string;
  readonly receiver: string;
  readonly deployment: string;
  readonly rule: string;
  readonly state: 'firing' | 'resolved';
  readonly at: string;
  readonly alert: NotifiedAlert;
  readonly outcome: NotificationOutcome;
  readonly idempotencyKey: string | null;
  readonly attempts: number;
  readonly error: string | null;
  readonly updatedAt: string;
}

const toEntry = (row: AlertNotificationsTable): NotificationEntry => ({
  key: row.key,
  receiver: row.receiver,
  deployment: row.deployment_name,
  rule: row.rule,
  state: row.state,
  at: row.at,
  alert: JSON.parse(row.alert_json) as NotifiedAlert,
  outcome: row.outcome,
  idempotencyKey: row.idempotency_key,
  attempts: row.attempts,
  error: row.error,
  updatedAt: row.updated_at,
});

/** The notifier's log: what each receiver was (or is about to be) told, so nothing is sent twice. */
export class AlertNotificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes the entries whose key is new; returns those keys. An entry already logged is left as it is. */
  async insertNew(entries: readonly NotificationEntry[]): Promise<string[]> {
    const inserted: string[] = [];
    for (const e of entries) {
      const row = await this.db
        .insertInto('alert_notifications')
        .values({
          key: e.key,
          receiver: e.receiver,
          deployment_name: e.deployment,
          rule: e.rule,
          state: e.state,
          at: e.at,
          alert_json: JSON.stringify(e.alert),
          outcome: e.outcome,
          idempotency_key: e.idempotencyKey,
          attempts: e.attempts,
          error: e.error,
          updated_at: e.updatedAt,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (row !== undefined) inserted.push(row.key);
    }
    return inserted;
  }

  /** Entries not yet sent nor given up on, oldest first. */
  async pending(): Promise<NotificationEntry[]> {
    const rows = await this.db
      .selectFrom('alert_notifications')
      .selectAll()
      .where('outcome', '=', 'pending')
      .orderBy('at')
      .orderBy('key')
      .execute();
    return rows.map(toEntry);
  }

  async byKeys(keys: readonly string[]): Promise<NotificationEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('alert_notifications')
      .selectAll()
      .where('key', 'in', [...keys])
      .orderBy('at')
      .orderBy('key')
      .execute();
    return rows.map(toEntry);
  }

  async setOutcome(
    keys: readonly string[],
    change: { outcome: NotificationOutcome; idempotencyKey?: string; attempts?: number; error?: string | null; updatedAt: string },
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .updateTable('alert_notifications')
      .set({
        outcome: change.outcome,
        updated_at: change.updatedAt,
        ...(change.idempotencyKey !== undefined ? { idempotency_key: change.idempotencyKey } : {}),
        ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
        ...(change.error !== undefined ? { error: change.error } : {}),
      })
      .where('key', 'in', [...keys])
      .execute();
  }

  /** The newest firing event of a rule for a receiver before `before`: was the receiver told it fired? */
  async lastFiring(receiver: string, rule: string, before: string): Promise<NotificationEntry | undefined> {
    const row = await this.db
      .selectFrom('alert_notifications')
      .selectAll()
      .where('receiver', '=', receiver)
      .where('rule', '=', rule)
      .where('state', '=', 'firing')
      .where('at', '<=', before)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toEntry(row);
  }
}
