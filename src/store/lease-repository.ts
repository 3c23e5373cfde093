import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Named leases (migration 0012): a job that one process of many runs at a time. Taking and renewing
 * are the same compare-and-set — the row's holder becomes `holder` only when it already is, or when
 * the lease has expired — so two processes asking at once never both get it, on SQLite (one writer
 * at a time) or PostgreSQL (the UPDATE locks the row; the loser re-reads it after the winner commits
 * and no longer matches). A holder that dies stops renewing and the lease moves after `ttlMs`.
 * Times are the asking process's clock: hosts must keep their clocks within a fraction of the TTL.
 */
export class LeaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Takes or renews `name` for `holder` until now + ttlMs; false when another holder's lease is still running. */
  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const nowIso = now.toISOString();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const updated = await this.db
      .updateTable('leases')
      .set({ holder, expires_at: expiresAt })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return true;
    // No row yet (or another's unexpired one, which the conflict leaves alone).
    const inserted = await this.db
      .insertInto('leases')
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Gives the lease up at once (a server that stops), so another process need not wait for it to expire. */
  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  /** Who holds `name` and until when, expired or not; undefined when nobody ever took it. */
  async find(name: string): Promise<{ holder: string; expiresAt: string } | undefined> {
    const row = await this.db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
    return row && { holder: row.holder, expiresAt: row.expires_at };
  }
}
