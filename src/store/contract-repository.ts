import type { Kysely, Selectable } from 'kysely';
import type { Contract } from '../core/contracts/contract-types.ts';
import type { ContractsTable, Database } from './schema.ts';

export interface ContractRecord {
  readonly id: string;
  /** sha256 of the canonical JSON document: the contract's identity. */
  readonly sha256: string;
  readonly name: string;
  readonly contract: Contract;
  readonly createdBy: string;
  readonly createdAt: string;
}

export class ContractRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: ContractRecord, canonicalDocument: string): Promise<void> {
    await this.db
      .insertInto('contracts')
      .values({
        id: record.id,
        sha256: record.sha256,
        name: record.name,
        document: canonicalDocument,
        created_by: record.createdBy,
        created_at: record.createdAt,
      })
      .execute();
  }

  async findById(id: string): Promise<ContractRecord | undefined> {
    const row = await this.db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findBySha256(sha256: string): Promise<ContractRecord | undefined> {
    const row = await this.db.selectFrom('contracts').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Adds counts of violations seen in one window; a window flushed twice accumulates. */
  async addViolationCounts(
    rows: readonly { deployment: string; windowStart: string; column: string; code: string; policy: string; count: number }[],
  ): Promise<void> {
    for (const r of rows) {
      await this.db
        .insertInto('contract_violation_counts')
        .values({
          deployment_name: r.deployment,
          window_start: r.windowStart,
          column_name: r.column,
          code: r.code,
          policy: r.policy,
          count: r.count,
        })
        .onConflict((oc) =>
          oc
            .columns(['deployment_name', 'window_start', 'column_name', 'code', 'policy'])
            .doUpdateSet((eb) => ({ count: eb('contract_violation_counts.count', '+', r.count) })),
        )
        .execute();
    }
  }

  async violationCounts(
    deployment: string,
    fromWindow: string,
    toWindow: string,
  ): Promise<{ windowStart: string; column: string; code: string; policy: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('contract_violation_counts')
      .selectAll()
      .where('deployment_name', '=', deployment)
      .where('window_start', '>=', fromWindow)
      .where('window_start', '<', toWindow)
      .orderBy('window_start')
      .orderBy('column_name')
      .execute();
    return rows.map((r) => ({
      windowStart: r.window_start,
      column: r.column_name,
      code: r.code,
      policy: r.policy,
      count: Number(r.count),
    }));
  }
}

function toRecord(row: Selectable<ContractsTable>): ContractRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    name: row.name,
    contract: JSON.parse(row.document) as Contract,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
