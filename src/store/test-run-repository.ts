import type { Kysely } from 'kysely';
import type { TestRunRecord } from '../core/model-tests/test-run-record.ts';
import type { Database, TestRunsTable } from './schema.ts';

/** Model test runs: written once by `ballast test`, read by the version's page and by promotion gates. */
export class TestRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(run: TestRunRecord): Promise<void> {
    await this.db
      .insertInto('test_runs')
      .values({
        id: run.id,
        version_id: run.versionId,
        suite_name: run.suiteName,
        suite_hash: run.suiteHash,
        data_file: run.dataFile,
        data_hash: run.dataHash,
        data_rows: run.dataRows,
        seed: run.seed,
        passed: run.passed ? 1 : 0,
        checks: JSON.stringify(run.checks),
        created_by: run.createdBy,
        created_at: run.createdAt,
      })
      .execute();
  }

  async find(id: string): Promise<TestRunRecord | undefined> {
    const row = await this.db.selectFrom('test_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** A version's runs, newest first (ids are ULIDs: creation order within one millisecond too). */
  async listForVersion(versionId: string, limit = 100): Promise<TestRunRecord[]> {
    const rows = await this.db
      .selectFrom('test_runs')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** The newest run of each suite the version was tested with: what a promotion gate judges. */
  async latestPerSuite(versionId: string): Promise<Map<string, TestRunRecord>> {
    const rows = await this.db
      .selectFrom('test_runs')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const latest = new Map<string, TestRunRecord>();
    for (const row of rows) if (!latest.has(row.suite_name)) latest.set(row.suite_name, toRecord(row));
    return latest;
  }
}

function toRecord(row: TestRunsTable): TestRunRecord {
  return {
    id: row.id,
    versionId: row.version_id,
    suiteName: row.suite_name,
    suiteHash: row.suite_hash,
    dataFile: row.data_file,
    dataHash: row.data_hash,
    dataRows: Number(row.data_rows),
    seed: Number(row.seed),
    passed: Number(row.passed) === 1,
    checks: JSON.parse(row.checks) as TestRunRecord['checks'],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
