import type { Kysely, Selectable } from 'kysely';
import type { Role, TokenRecord } from '../core/serving-records.ts';
import type { ApiTokensTable, Database } from './schema.ts';

/** Only hashes of token secrets are stored; the secret itself is shown once, at creation. */
export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(token: TokenRecord): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        role: token.role,
        secret_hash: token.secretHash,
        created_by: token.createdBy,
        created_at: token.createdAt,
        revoked_at: token.revokedAt,
        permissions: token.permissions && token.permissions.length > 0 ? JSON.stringify(token.permissions) : null,
      })
      .execute();
  }

  async findById(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toToken(row);
  }

  async list(): Promise<TokenRecord[]> {
    return (await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute()).map(toToken);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

function toToken(row: Selectable<ApiTokensTable>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    secretHash: row.secret_hash,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    permissions: row.permissions === null ? [] : (JSON.parse(row.permissions) as string[]),
  };
}
