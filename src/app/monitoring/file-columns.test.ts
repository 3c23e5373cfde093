import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMissingInFile, readDecimalText } from '../../core/contracts/read-cells.ts';
import { BallastError } from '../../core/errors.ts';
import { readTableChunks } from '../data-files.ts';
import { readFileColumns, type FileColumns } from './file-columns.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-file-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function write(content: string | Uint8Array, ext = 'csv'): string {
  const file = path.join(dir, `f${files++}.${ext}`);
  writeFileSync(file, content);
  return file;
}

// ---- the reader before the columnar one, kept here as the reference: rows from readTableChunks,
// ---- each cell a string, accounted by the ColumnReader readFileColumns had then.

const INFINITY_TEXT = /^\s*[+-]?(inf|infinity)\s*$/i;

class ColumnReaderBefore {
  values = new Float64Array(1024);
  rows = 0;
  missing = 0;
  infinite = 0;
  numbers = 0;
  texts = new Map<string, number>();
  pooledTexts = 0;
  numberTexts: Map<string, number> | undefined = new Map();
  constructor(readonly name: string) {}
  add(cell: string): void {
    if (this.rows === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const index = this.rows++;
    this.values[index] = NaN;
    if (isMissingInFile(cell)) {
      this.missing++;
      return;
    }
    const number = readDecimalText(cell);
    if (!Number.isNaN(number)) {
      this.values[index] = number;
      this.numbers++;
      if (this.numberTexts !== undefined) {
        this.numberTexts.set(cell, (this.numberTexts.get(cell) ?? 0) + 1);
        if (this.numberTexts.size > 1000) this.numberTexts = undefined;
      }
    } else if (INFINITY_TEXT.test(cell)) this.infinite++;
    else {
      const seen = this.texts.get(cell);
      if (seen !== undefined) this.texts.set(cell, seen + 1);
      else if (this.texts.size < 100_000) this.texts.set(cell, 1);
      else this.pooledTexts++;
    }
  }
}

async function readBefore(file: string, columns?: readonly string[]): Promise<FileColumns> {
  let readers: ColumnReaderBefore[] | undefined;
  let positions: number[] = [];
  let rows = 0;
  for await (const chunk of readTableChunks(file, { chunkRows: 8192 })) {
    if (readers === undefined) {
      readers = (columns ?? chunk.columns).filter((name) => chunk.columns.includes(name)).map((name) => new ColumnReaderBefore(name));
      positions = readers.map((r) => chunk.columns.indexOf(r.name));
    }
    for (const row of chunk.rows) for (let c = 0; c < readers.length; c++) readers[c]!.add(row.cells[positions[c]!] as string);
    rows += chunk.rows.length;
  }
  const columnsRead = (readers ?? []).map((r) => ({ ...r, values: r.values.subarray(0, r.rows) }));
  return {
    rows,
    columns: columnsRead.map(({ name, values, missing, infinite, texts, pooledTexts, numberTexts, numbers }) => ({
      name,
      values,
      missing,
      infinite,
      texts,
      pooledTexts,
      numberTexts,
      numbers,
    })),
  };
}

async function outcome(read: Promise<FileColumns>): Promise<unknown> {
  try {
    const { rows, columns } = await read;
    return { rows, columns: columns.map((c) => ({ ...c, values: [...c.values] })) };
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    return { code: error.code, message: error.message, issues: error.issues };
  }
}

async function expectSame(file: string, columns?: readonly string[]): Promise<void> {
  expect(await outcome(readFileColumns(file, { columns }))).toEqual(await outcome(readBefore(file, columns)));
}

const MB = 1 << 20;

/** Numeric rows of 20 columns up to `bytes` long, with a missing cell, exponents and a count column among them. */
function numericCsv(bytes: number): string {
  const header = Array.from({ length: 20 }, (_, i) => `c${i}`).join(',');
  const lines = [header];
  let length = header.length + 1;
  for (let r = 0; length < bytes; r++) {
    const cells = Array.from({ length: 20 }, (_, c) =>
      c === 3
        ? String(r % 7)
        : c === 5 && r % 19 === 0
          ? ''
          : c === 7
            ? `${(r % 97) + 0.5}e-${r % 9}`
            : (((r * 7919 + c * 104729) % 1_000_003) / 997 - 500).toFixed(c % 7),
    );
    const line = cells.join(',');
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

describe('readFileColumns on CSV (the columnar reader)', () => {
  it('gives the row reader’s columns on generated files', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        '1',
        '-0.5',
        '1e3',
        '.5',
        '+2',
        '0x10',
        ' 3 ',
        '1e400',
        'NaN',
        'inf',
        '',
        'NA',
        '"7"',
        '"a,b"',
        '"say ""hi"""',
        '"x\ny"',
        'naïve',
        '名前',
        '-0',
        '02134',
      ),
      fc.double().map(String),
      fc.integer({ min: -50, max: 50 }).map(String),
    );
    const table = fc.tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 12 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(table, fc.subarray(['a', 'b', 'c', 'zz']), async ([width, rows, ending, mark], picked) => {
        const names = ['a', 'b', 'c'].slice(0, width);
        const text = (mark ? '\ufeff' : '') + [names, ...rows.map((r) => r.slice(0, width))].map((r) => r.join(',')).join(ending);
        const file = write(text);
        await expectSame(file);
        await expectSame(file, picked);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same columns on a file of several reads, fields cut at every read', async () => {
    const file = write(numericCsv(3.2 * MB));
    await expectSame(file);
    await expectSame(file, ['c3', 'c7']);
  });

  it('counts many distinct number texts and texts as the row reader does', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},t${i % 1500},${i % 3 === 0 ? 'inf' : i / 8}`);
    await expectSame(write(['n,t,x', ...rows].join('\n')));
  });

  it('names the same line and byte for invalid UTF-8 near and across the reads’ boundaries', async () => {
    const base = new TextEncoder().encode(numericCsv(1.2 * MB));
    for (const at of [MB - 2, MB - 1, MB, MB + 1]) {
      for (const bad of [[0xff], [0xe2, 0x82], [0xe2, 0x82, 0xac], [0xed, 0xa0, 0x80]]) {
        // Replace a digit of a cell, so only the UTF-8 breaks (or, for a valid character, the number becomes a text).
        const bytes = Uint8Array.from([...base.subarray(0, at), ...bad, ...base.subarray(at + 1)]);
        await expectSame(write(bytes));
      }
    }
  });

  it('reads a quoted field with line breaks across a read boundary and reports a later ragged row alike', async () => {
    // Rows long enough that the row reader's per-read spread of records stays within the call stack.
    const head = 'id,note\n' + '1,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(Math.floor((MB - 60) / 36));
    const quoted = `2,"${'line\n'.repeat(20)}"\n`;
    await expectSame(write(head + quoted + '3,y\n'));
    await expectSame(write(head + quoted + '3,y,extra\n'));
    await expectSame(write(head + '2,"open\n'));
  });

  it('refuses what the row reader refuses: an empty file, a bad header, a stray quote', async () => {
    for (const text of ['', '\ufeff', 'a,,c\n', 'a,a\n', 'a\n"x"y\n', 'a\nx"y\n', 'a,b\n1\n']) await expectSame(write(text));
    await expectSame(write('a,b\n'));
  });

  it('keeps file errors: a missing file, a directory, an unknown extension', async () => {
    await expect(readFileColumns(path.join(dir, 'none.csv'))).rejects.toMatchObject({ code: 'file_not_found' });
    await expect(readFileColumns(dir, { format: 'csv' })).rejects.toMatchObject({
      code: 'file_not_found',
      message: `${dir}: not a regular file`,
    });
    await expect(readFileColumns(write('a\n1\n', 'txt'))).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('gives a column listed twice its own buffer', async () => {
    const read = await readFileColumns(write('a,b\n1,x\n2,y\n'), { columns: ['b', 'a', 'b'] });
    expect(read.columns.map((c) => c.name)).toEqual(['b', 'a', 'b']);
    expect(read.columns[0]).toEqual(read.columns[2]);
    expect(read.columns[0]!.values.buffer).not.toBe(read.columns[2]!.values.buffer);
  });
});

describe('readFileColumns on JSON Lines', () => {
  it('reads numbers, texts, booleans, nulls and non-finite numbers by the same accounting', async () => {
    const read = await readFileColumns(write('{"a":1,"b":"x"}\n{"a":null,"b":true}\n{"a":"2.5","b":"inf"}\n', 'jsonl'));
    expect(read.rows).toBe(3);
    const [a, b] = read.columns;
    expect([...a!.values]).toEqual([1, NaN, 2.5]);
    expect(a).toMatchObject({
      missing: 1,
      numbers: 2,
      numberTexts: new Map([
        ['1', 1],
        ['2.5', 1],
      ]),
    });
    expect(b).toMatchObject({
      infinite: 1,
      texts: new Map([
        ['x', 1],
        ['true', 1],
      ]),
    });
  });
});
