import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableChunk } from '../core/table.ts';
import { withDuckDb, sqlString } from './features/duckdb.ts';
import { readParquetChunks } from './parquet-chunks.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/parquet');
const TYPES = path.join(FIXTURES, 'types.parquet');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-parquet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(file: string, chunkRows: number, onBytes?: (done: number, total: number) => void): Promise<TableChunk[]> {
  const chunks: TableChunk[] = [];
  for await (const chunk of readParquetChunks(file, { chunkRows, totalBytes: statSync(file).size, onBytes })) chunks.push(chunk);
  return chunks;
}

/** A Parquet file of `rows` rows (i, i*0.5, 'r'+i) written by DuckDB, in row groups of 1000. */
async function numbered(name: string, rows: number): Promise<string> {
  const file = path.join(dir, name);
  await withDuckDb(async (db) => {
    await db.run(
      `COPY (SELECT i::BIGINT AS i, i * 0.5 AS half, 'r' || i AS name FROM range(${rows}) t(i)) TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
    );
  });
  return file;
}

describe('readParquetChunks', () => {
  it('reads every Parquet type as the cell the same data means as CSV (values written by pyarrow)', async () => {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'types.expected.json'), 'utf8')) as {
      columns: string[];
      rows: unknown[][];
    };
    const [chunk] = await collect(TYPES, 100);
    expect(chunk!.columns).toEqual(expected.columns);
    expect(chunk!.rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(chunk!.rows.map((r) => r.cells)).toEqual(expected.rows);
  });

  it('streams in the file order, across row groups, in chunks of the size asked for, with progress up to the file size', async () => {
    const file = await numbered('many.parquet', 10_000);
    const progress: number[] = [];
    const chunks = await collect(file, 3000, (done, total) => {
      expect(total).toBe(statSync(file).size);
      progress.push(done);
    });
    expect(chunks.map((c) => c.rows.length)).toEqual([3000, 3000, 3000, 1000]);
    const rows = chunks.flatMap((c) => c.rows);
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(rows.every((r, i) => r.cells[0] === i && r.cells[1] === i * 0.5 && r.cells[2] === `r${i}`)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(statSync(file).size);
  });

  it('stops reading when the caller stops (a header read) and can read the file again', async () => {
    const file = await numbered('header.parquet', 5000);
    for await (const chunk of readParquetChunks(file, { chunkRows: 1, totalBytes: 1 })) {
      expect(chunk.columns).toEqual(['i', 'half', 'name']);
      expect(chunk.rows).toHaveLength(1);
      break;
    }
    expect((await collect(file, 8192))[0]!.rows).toHaveLength(5000);
  });

  it('gives the columns of a file without rows', async () => {
    const file = await numbered('empty.parquet', 0);
    expect(await collect(file, 10)).toEqual([{ columns: ['i', 'half', 'name'], rows: [] }]);
  });

  it('refuses a file that is not Parquet, naming it', async () => {
    const file = path.join(dir, 'fake.parquet');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(collect(file, 10)).rejects.toMatchObject({
      code: 'invalid_data',
      message: expect.stringMatching(/fake\.parquet: cannot read it as Parquet/),
    });
  });
});
