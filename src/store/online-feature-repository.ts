import type { Kysely } from 'kysely';
import type { FeatureValue } from '../core/features/expression/values.ts';
import type { Database } from './schema.ts';

export interface OnlineFeatureRow {
  readonly entityKey: string;
  /** Feature name -> value; null is missing. */
  readonly values: Readonly<Record<string, FeatureValue>>;
  /** ISO 8601 UTC (`Date.toISOString()`), so text order is time order. */
  readonly eventTime: string;
}

/** Rows per insert statement: well under SQLite's 32,766 bound parameters at 6 columns. */
const UPSERT_BATCH = 500;

/** The online store kept in the store's own database (migration 0027). */
export class OnlineFeatureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes rows for a view, each replacing the stored one unless that one has a later event time:
   * materialising an older window after a newer one never takes values back in time.
   */
  async upsert(view: string, rows: readonly OnlineFeatureRow[], featureSetVersion: number, at: string): Promise<void> {
    for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
      const values = rows.slice(i, i + UPSERT_BATCH).map((row) => ({
        view,
        entity_key: row.entityKey,
        feature_values: JSON.stringify(row.values),
        event_time: row.eventTime,
        feature_set_version: featureSetVersion,
        materialized_at: at,
      }));
      await this.db
        .insertInto('online_features')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(['view', 'entity_key'])
            .doUpdateSet((eb) => ({
              feature_values: eb.ref('excluded.feature_values'),
              event_time: eb.ref('excluded.event_time'),
              feature_set_version: eb.ref('excluded.feature_set_version'),
              materialized_at: eb.ref('excluded.materialized_at'),
            }))
            .where((eb) => eb('excluded.event_time', '>=', eb.ref('online_features.event_time'))),
        )
        .execute();
    }
  }

  /** The stored rows of a view for the keys asked; keys not stored are absent from the map. */
  async get(view: string, keys: readonly string[]): Promise<Map<string, OnlineFeatureRow>> {
    const out = new Map<string, OnlineFeatureRow>();
    if (keys.length === 0) return out;
    for (let i = 0; i < keys.length; i += UPSERT_BATCH) {
      const rows = await this.db
        .selectFrom('online_features')
        .select(['entity_key', 'feature_values', 'event_time'])
        .where('view', '=', view)
        .where('entity_key', 'in', keys.slice(i, i + UPSERT_BATCH))
        .execute();
      for (const row of rows)
        out.set(row.entity_key, {
          entityKey: row.entity_key,
          values: JSON.parse(row.feature_values) as Record<string, FeatureValue>,
          eventTime: row.event_time,
        });
    }
    return out;
  }

  async count(view: string): Promise<number> {
    const row = await this.db
      .selectFrom('online_features')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('view', '=', view)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
