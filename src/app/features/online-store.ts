import type { OnlineFeatureRow } from '../../store/online-feature-repository.ts';
import type { Repositories } from '../../store/store.ts';
import type { AppContext } from '../context.ts';

/**
 * Where materialised features are read at serving time. The default keeps them in a table of the
 * store's own database (nothing more to run); teams that run Redis can point Ballast at it instead.
 * Both implementations pass one shared test suite.
 */
export interface OnlineStore {
  readonly kind: 'database' | 'redis';
  /** Writes rows, each kept only if its event time is not older than the stored one's. */
  write(view: string, rows: readonly OnlineFeatureRow[], featureSetVersion: number, at: string): Promise<void>;
  /** The stored rows for the keys; keys without values are absent. */
  read(view: string, keys: readonly string[]): Promise<Map<string, OnlineFeatureRow>>;
  close(): Promise<void>;
}

export function databaseOnlineStore(store: Pick<Repositories, 'onlineFeatures'>): OnlineStore {
  return {
    kind: 'database',
    write: (view, rows, version, at) => store.onlineFeatures.upsert(view, newestPerKey(rows), version, at),
    read: (view, keys) => store.onlineFeatures.get(view, keys),
    close: async () => {},
  };
}

/**
 * One row per key, the newest (the last of equal times), as Redis keeps them when a write names a key
 * twice: one SQL statement may not update a row twice (PostgreSQL refuses it).
 */
function newestPerKey(rows: readonly OnlineFeatureRow[]): readonly OnlineFeatureRow[] {
  const byKey = new Map<string, OnlineFeatureRow>();
  for (const row of rows) {
    const kept = byKey.get(row.entityKey);
    if (kept === undefined || row.eventTime >= kept.eventTime) byKey.set(row.entityKey, row);
  }
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/** The context's online store: the one configured, else the database's. */
export function onlineStoreOf(ctx: AppContext): OnlineStore {
  return ctx.onlineStore ?? databaseOnlineStore(ctx.store);
}
