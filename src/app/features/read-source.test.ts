import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDuckDb, sqlString } from './duckdb.ts';
import { fileSha256, readSourceRows } from './read-source.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = path.join(dir, 'tx.csv');
writeFileSync(csv, 'customer_id,event_time,spend\n7,2026-01-02T00:00:00Z,10.5\n8,2026-01-03,\n,2026-01-04,3\n');

describe('readSourceRows', () => {
  it('reads a CSV as text cells with parsed keys and times, in file order', async () => {
    const rows = await readSourceRows({ name: 'tx', path: csv, timestamp: 'event_time' }, 'customer_id', ['spend']);
    expect(rows.columns).toEqual(['spend']);
    expect(rows.cells).toEqual([['10.5'], [null], ['3']]);
    expect(rows.times).toEqual([
      { key: '7', eventTime: Date.UTC(2026, 0, 2) },
      { key: '8', eventTime: Date.UTC(2026, 0, 3) },
      { key: null, eventTime: Date.UTC(2026, 0, 4) },
    ]);
    expect(rows.sha256).toBe(await fileSha256(csv));
  });

  it('reads Parquet with its types, integer keys matching CSV text keys', async () => {
    const parquet = path.join(dir, 'tx.parquet');
    await withDuckDb((db) =>
      db.run(
        `copy (select 7::bigint as customer_id, timestamp '2026-01-02 00:00:00' as event_time, 10.5::double as spend) to ${sqlString(parquet)} (format parquet)`,
      ),
    );
    const rows = await readSourceRows({ name: 'tx', path: parquet, timestamp: 'event_time' }, 'customer_id', ['spend']);
    expect(rows.cells).toEqual([[10.5]]);
    expect(rows.times).toEqual([{ key: '7', eventTime: Date.UTC(2026, 0, 2) }]);
  });

  it('names the source, row and value of an unparsable timestamp, and a missing column', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'customer_id,event_time,spend\n7,2026-01-02,1\n8,last tuesday,2\n');
    await expect(readSourceRows({ name: 'tx', path: bad, timestamp: 'event_time' }, 'customer_id', ['spend'])).rejects.toMatchObject({
      code: 'invalid_data',
      message: expect.stringMatching(/source tx: row 2: "last tuesday"/),
    });
    await expect(readSourceRows({ name: 'tx', path: csv, timestamp: 'ts' }, 'customer_id', ['spend'])).rejects.toMatchObject({
      code: 'missing_column',
      message: expect.stringMatching(/"ts"/),
    });
    await expect(readSourceRows({ name: 'tx', path: path.join(dir, 'none.csv'), timestamp: 'ts' }, 'k', [])).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });

  it('reads only the rows of the keys asked, in file order, from CSV and integer-keyed Parquet', async () => {
    const many = path.join(dir, 'many.csv');
    writeFileSync(many, 'customer_id,event_time,spend\n 7,2026-01-02,1\n8,2026-01-03,2\n,2026-01-04,3\n7,2026-01-01,4\n9,2026-01-05,5\n');
    const source = { name: 'tx', path: many, timestamp: 'event_time' };
    const some = await readSourceRows(source, 'customer_id', ['spend'], { keys: ['7', '9'] });
    expect(some.cells).toEqual([['1'], ['4'], ['5']]);
    expect(some.times.map((t) => t.key)).toEqual(['7', '7', '9']);
    expect(some.sha256).toBe(await fileSha256(many));
    expect((await readSourceRows(source, 'customer_id', ['spend'], { keys: [] })).cells).toEqual([]);
    await expect(readSourceRows(source, 'customer_id', ['spent'], { keys: ['7'] })).rejects.toMatchObject({ code: 'missing_column' });

    const parquet = path.join(dir, 'keys.parquet');
    await withDuckDb((db) =>
      db.run(
        `copy (select * from (values (7::bigint, timestamp '2026-01-02 00:00:00', 1.5::double), (8, timestamp '2026-01-03 00:00:00', 2.5)) t(customer_id, event_time, spend)) to ${sqlString(parquet)} (format parquet)`,
      ),
    );
    const typed = await readSourceRows({ name: 'tx', path: parquet, timestamp: 'event_time' }, 'customer_id', ['spend'], { keys: ['8'] });
    expect(typed.cells).toEqual([[2.5]]);
    expect(typed.times).toEqual([{ key: '8', eventTime: Date.UTC(2026, 0, 3) }]);

    const bad = path.join(dir, 'bad-keyed.csv');
    writeFileSync(bad, 'customer_id,event_time,spend\n7,2026-01-02,1\n8,last tuesday,2\n');
    await expect(
      readSourceRows({ name: 'tx', path: bad, timestamp: 'event_time' }, 'customer_id', ['spend'], { keys: ['8'] }),
    ).rejects.toMatchObject({
      code: 'invalid_data',
      message: expect.stringMatching(/source tx: a row of customer_id "8": "last tuesday"/),
    });
  });
});
