import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../core/csv-columns-utf8.ts';
import { isMissing, parseNumber, type Cell } from '../core/table.ts';
import { dataFileFormat, readTable, readTableChunks } from './data-files.ts';

const PARQUET_FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/parquet');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-data-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

describe('readTable', () => {
  it('reads CSV into columns and numbered rows', async () => {
    const table = await readTable(file('a.csv', 'x,y\n1,é\n2,\n'));
    expect(table.columns).toEqual(['x', 'y']);
    expect(table.rows).toEqual([
      { row: 1, cells: ['1', 'é'] },
      { row: 2, cells: ['2', ''] },
    ]);
  });
  it('reads JSON Lines, taking the wanted columns and reading absent keys as missing', async () => {
    const table = await readTable(file('a.jsonl', '{"x": 1, "y": "a"}\n\n{"y": null}\n'), { columns: ['x', 'y'] });
    expect(table.rows).toEqual([
      { row: 1, cells: [1, 'a'] },
      { row: 2, cells: [null, null] },
    ]);
  });
  it('names the line of bad JSON and of a nested value', async () => {
    await expect(readTable(file('b.jsonl', '{"x": 1}\n{"x": \n'))).rejects.toThrow(/b\.jsonl: line 2 is not valid JSON/);
    await expect(readTable(file('c.jsonl', '{"x": [1]}\n'))).rejects.toThrow(
      /line 1, field "x": expected a number, string, boolean or null, found an array/,
    );
  });
  it('names the line and byte of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('x\nok\n'), Buffer.from([0x61, 0xff, 0x62]), Buffer.from('\n')]);
    await expect(readTable(file('bad.csv', bytes))).rejects.toThrow('bad.csv: line 3: invalid UTF-8 at byte 6; save the file as UTF-8');
  });
  it('refuses a missing file, a directory and an unknown extension', async () => {
    await expect(readTable(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'file_not_found' });
    await expect(readTable(file('x.xlsx', ''))).rejects.toThrow(/use \.csv, \.jsonl or \.parquet/);
    await expect(readTable(path.join(dir, 'nope.parquet'))).rejects.toMatchObject({ code: 'file_not_found' });
  });
  it('reads Parquet by its extension, or by the format given for a file without one (a stored snapshot)', async () => {
    const parquet = path.join(PARQUET_FIXTURES, 'credit-live.parquet');
    const csv = await readTable(path.join(PARQUET_FIXTURES, 'credit-live.csv'));
    const fromParquet = await readTable(parquet);
    expect(dataFileFormat(parquet)).toBe('parquet');
    expect(fromParquet.columns).toEqual(csv.columns);
    expect(fromParquet.rows).toHaveLength(1000);
    // Typed cells against CSV text: the same values once read as numbers, the same text otherwise.
    const sameValue = (a: Cell, b: Cell) => (isMissing(a) && isMissing(b)) || (parseNumber(a) ?? a) === (parseNumber(b) ?? b);
    expect(fromParquet.rows.every((row, r) => row.cells.every((cell, c) => sameValue(cell, csv.rows[r]!.cells[c]!)))).toBe(true);
    const stored = file('0123abcd', readFileSync(parquet));
    expect(await readTable(stored, { format: 'parquet' })).toEqual(fromParquet);
  });
  it('yields bounded chunks for large files', async () => {
    const lines = ['v', ...Array.from({ length: 2500 }, (_, i) => String(i))].join('\n');
    const sizes: number[] = [];
    for await (const chunk of readTableChunks(file('big.csv', lines), { chunkRows: 1000 })) sizes.push(chunk.rows.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds bad lead and continuation bytes and accepts a cut-off tail', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0x41]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x80]))).toBe(0);
  });
});
