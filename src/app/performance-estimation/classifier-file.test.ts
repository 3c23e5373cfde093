import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import * as dataFiles from '../data-files.ts';
import { readClassifierFile, readClassifierRows, type ClassifierColumns, type RawClassifierFile } from './classifier-file.ts';

// The row reader stays callable (the rows path uses it), but every call is counted.
vi.mock('../data-files.ts', async (original) => {
  const actual = await original<typeof dataFiles>();
  return { ...actual, readTableChunks: vi.fn(actual.readTableChunks) };
});

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-classifier-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function write(content: string, ext = 'csv'): string {
  const file = path.join(dir, `f${files++}.${ext}`);
  writeFileSync(file, content);
  return file;
}

/** A file as read, with class codes spelled out, or its error: what both readers must agree on. */
async function outcome(read: Promise<RawClassifierFile>): Promise<unknown> {
  try {
    const file = await read;
    const named = (c: RawClassifierFile['predictions'] | null) => (c ? Array.from(c.codes, (k) => (k < 0 ? null : c.names[k])) : null);
    return {
      rows: file.rows,
      labels: named(file.labels),
      predictions: named(file.predictions),
      scores: file.scores.map((s) => Array.from(s)),
    };
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    return { code: error.code, message: error.message, issues: error.issues };
  }
}

const binary: ClassifierColumns = { label: 'y', prediction: 'pred', scores: 'p' };

describe('readClassifierFile on CSV (the columnar reader)', () => {
  it('reads a valid file without the row reader', async () => {
    const file = write('pred,x,y,p\n1,a,1,0.9\n0,b,,0.25\n');
    vi.mocked(dataFiles.readTableChunks).mockClear();
    const read = await readClassifierFile(file, binary, false);
    expect(dataFiles.readTableChunks).not.toHaveBeenCalled();
    expect(await outcome(Promise.resolve(read))).toEqual({ rows: 2, labels: ['1', null], predictions: ['1', '0'], scores: [[0.9, 0.25]] });
  });

  // The cells a generated file draws from: mostly valid, some of every kind of trouble.
  const classCells = ['0', '1', '1.0', ' 1', '+1', '1e0', 'cat', ' dog ', '"fox, red"', 'inf', '-Infinity', '1e400', '', 'NA', ' null '];
  const scoreCells = [
    '0',
    '1',
    '0.25',
    '.5',
    '0.50',
    '+0.5',
    '1e-1',
    '0.1234567890123456',
    '"0.75"',
    '',
    'NA',
    '1.5',
    '1.50',
    '-0',
    '-0.1',
    'inf',
    '1e400',
    'high',
  ];
  const cell = (cells: string[], bad: number) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...cells.slice(0, bad)) },
      { weight: 1, arbitrary: fc.constantFrom(...cells.slice(bad)) },
    );
  const row = fc.record({
    y: cell(classCells, 12),
    pred: cell(classCells, 12),
    p: cell(scoreCells, 9),
    q: cell(scoreCells, 9),
    x: fc.constantFrom('a', '"b,c"', ''),
  });

  it('gives what the row reader gives, columns and errors alike, on generated files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 12 }),
        fc.shuffledSubarray(['y', 'pred', 'p', 'q', 'x'], { minLength: 3, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        async (rows, header, labelRequired, multiclass) => {
          const file = write([header.join(','), ...rows.map((r) => header.map((h) => r[h as keyof typeof r]).join(','))].join('\r\n'));
          const columns: ClassifierColumns = multiclass
            ? {
                ...binary,
                scores: [
                  ['a', 'p'],
                  ['b', 'q'],
                ],
              }
            : binary;
          const rowsRead = await outcome(readClassifierRows(file, columns, labelRequired));
          expect(await outcome(readClassifierFile(file, columns, labelRequired))).toEqual(rowsRead);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes a bad score as written, in a row several reads into the file', async () => {
    const rows = Array.from(
      { length: 150_000 },
      (_, i) => `${i % 2},${i % 3 === 0 ? 1 : 0},${i === 120_000 ? '1.50' : ((i % 97) / 97).toFixed(6)}`,
    );
    const file = write(['y,pred,p', ...rows].join('\n'));
    await expect(readClassifierFile(file, binary, true)).rejects.toThrow(
      `${file}: row 120001: score column "p" holds "1.50"; scores must be probabilities in [0, 1]`,
    );
  });

  it("names a row's missing prediction before its bad score, whatever the order of the columns", async () => {
    const file = write('p,y,pred\n0.5,1,1\nhigh,1,\n');
    await expect(readClassifierFile(file, binary, true)).rejects.toThrow(`${file}: row 2 has no prediction in column "pred"`);
  });

  it('reads a column named for two roles', async () => {
    const file = write('y,p\n1,0.9\n0,0.2\n');
    expect(await outcome(readClassifierFile(file, { label: 'y', prediction: 'y', scores: 'p' }, true))).toEqual({
      rows: 2,
      labels: ['1', '0'],
      predictions: ['1', '0'],
      scores: [[0.9, 0.2]],
    });
  });

  it('refuses a file with a header and no rows, or none at all, as the row reader does', async () => {
    for (const content of ['y,pred,p\n', '', 'y,p\n']) {
      const file = write(content);
      const rowsRead = await outcome(readClassifierRows(file, binary, true));
      expect(rowsRead).toHaveProperty('message');
      expect(await outcome(readClassifierFile(file, binary, true))).toEqual(rowsRead);
    }
  });
});
