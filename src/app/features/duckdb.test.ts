import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, sqlString, withDuckDb } from './duckdb.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withDuckDb', () => {
  it('writes and reads back Parquet, quoting names and paths with quotes in them', async () => {
    const file = path.join(dir, "it's.parquet");
    const rows = await withDuckDb(async (db) => {
      await db.run(`copy (select 1 as ${quoteIdentifier('a "b"')}, 'x' as c) to ${sqlString(file)} (format parquet)`);
      return (await db.runAndReadAll(`select * from read_parquet(${sqlString(file)})`)).getRowObjectsJson();
    });
    expect(rows).toEqual([{ 'a "b"': 1, c: 'x' }]);
  });

  it('closes the instance when the work throws', async () => {
    await expect(withDuckDb(async (db) => db.run('select * from no_such_table'))).rejects.toThrow(/no_such_table/);
  });
});
