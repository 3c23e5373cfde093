import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { sqlString, withDuckDb } from './duckdb.ts';
import { sourceColumns } from './source-columns.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-source-columns-'));
const factory = sqliteFactory();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await factory.cleanup();
});

describe('sourceColumns', () => {
  it("reads a CSV's header as text columns, a Parquet file's typed columns, and says why a file cannot be read", async () => {
    const store = await factory.create();
    try {
      const csv = path.join(dir, 'a.csv');
      writeFileSync(csv, 'id,event_time,"x y"\n1,2026-01-01,3\n');
      expect(await sourceColumns({ name: 'a', path: csv, timestamp: 'event_time' }, store.db)).toEqual({
        columns: [
          { name: 'id', type: 'VARCHAR' },
          { name: 'event_time', type: 'VARCHAR' },
          { name: 'x y', type: 'VARCHAR' },
        ],
      });
      const parquet = path.join(dir, 'b.parquet');
      await withDuckDb((db) =>
        db.run(`copy (select 1::bigint as id, timestamp '2026-01-01' as t) to ${sqlString(parquet)} (format parquet)`),
      );
      expect(await sourceColumns({ name: 'b', path: parquet, timestamp: 't' }, store.db)).toEqual({
        columns: [
          { name: 'id', type: 'BIGINT' },
          { name: 't', type: 'TIMESTAMP' },
        ],
      });
      expect(await sourceColumns({ name: 'c', path: path.join(dir, 'none.csv'), timestamp: 't' }, store.db)).toEqual({
        problem: `no file at ${path.join(dir, 'none.csv')}`,
      });
      expect(await sourceColumns({ name: 'd', path: dir, timestamp: 't' }, store.db)).toEqual({ problem: `${dir} is not a file` });
      const broken = path.join(dir, 'broken.parquet');
      writeFileSync(broken, 'not parquet');
      expect(await sourceColumns({ name: 'e', path: broken, timestamp: 't' }, store.db)).toMatchObject({
        problem: expect.stringContaining(`cannot read ${broken}`),
      });
    } finally {
      await store.close();
    }
  });
});
