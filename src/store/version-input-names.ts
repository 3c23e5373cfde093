import type { Kysely } from 'kysely';
import type { ModelSignature } from '../core/signature.ts';
import type { Database } from './schema.ts';

/**
 * The input feature names of model versions, read from their signatures once and kept for the
 * store's life (versions never change): a logged prediction stores its inputs as values in this
 * order (core/logged-inputs.ts), and reading it back needs the names. One map is shared by the
 * store and its transactions; each lookup runs on the connection it was given, so a read inside a
 * transaction does not wait for the transaction's own connection.
 */
export class VersionInputNames {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly known: Map<string, readonly string[]>,
  ) {}

  /** Names for each of `versionIds` that is registered; an unregistered id is left out. */
  async of(versionIds: Iterable<string>): Promise<ReadonlyMap<string, readonly string[]>> {
    const missing = [...new Set(versionIds)].filter((id) => !this.known.has(id));
    // SQLite binds at most 32,766 parameters per statement; a page of predictions names a few versions.
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await this.db
        .selectFrom('model_versions')
        .select(['id', 'signature'])
        .where('id', 'in', missing.slice(i, i + 500))
        .execute();
      for (const row of rows)
        this.known.set(
          row.id,
          (JSON.parse(row.signature) as ModelSignature).inputs.map((input) => input.name),
        );
    }
    return this.known;
  }
}
