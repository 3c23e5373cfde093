import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissingInFile, readDecimalText } from './contracts/read-cells.ts';
import { CsvReader, type CsvRecord } from './csv.ts';
import { CsvColumnScanner } from './csv-columns.ts';
import type { ColumnSink } from './csv-columns-sink.ts';
import { firstInvalidUtf8 } from './csv-columns-utf8.ts';
import { BallastError } from './errors.ts';

/** One sink call, as both readers are compared: kind, value and text (text only while asked for). */
type Call = readonly [kind: string, value?: number, text?: string];

class RecordingSink implements ColumnSink {
  readonly calls: Call[] = [];
  constructor(readonly wantsNumberText: boolean) {}
  addNumber(value: number, text: string | undefined): void {
    this.calls.push(this.wantsNumberText ? ['number', value, text] : ['number', value]);
  }
  addMissing(): void {
    this.calls.push(['missing']);
  }
  addInfinite(): void {
    this.calls.push(['infinite']);
  }
  addText(text: string): void {
    this.calls.push(['text', undefined, text]);
  }
}

interface Outcome {
  readonly header?: readonly string[];
  readonly rows?: number;
  readonly columns?: readonly (readonly Call[] | undefined)[];
  readonly error?: { code: string; message: string; issues: unknown };
}

function failure(error: unknown): Outcome {
  if (!(error instanceof BallastError)) throw error;
  return { error: { code: error.code, message: error.message, issues: error.issues } };
}

/** The columnar reader on the given chunks, reading the columns `pick` selects. */
function readNew(chunks: readonly Uint8Array[], pick: (index: number) => boolean, wantsText: boolean): Outcome {
  let sinks: (RecordingSink | undefined)[] = [];
  const scanner = new CsvColumnScanner(
    't.csv',
    (header) => (sinks = header.map((_, i) => (pick(i) ? new RecordingSink(wantsText) : undefined))),
  );
  try {
    for (const chunk of chunks) scanner.push(chunk);
    scanner.end();
  } catch (error) {
    return failure(error);
  }
  return { header: scanner.columns, rows: scanner.rows, columns: sinks.map((s) => s?.calls) };
}

const INFINITY_TEXT = /^\s*[+-]?(inf|infinity)\s*$/i;

/** How the row-based readFileColumns classified a cell before the columnar reader (its ColumnReader.add on a string). */
function classifyAsBefore(cell: string, wantsText: boolean): Call {
  if (isMissingInFile(cell)) return ['missing'];
  const number = readDecimalText(cell);
  if (!Number.isNaN(number)) return wantsText ? ['number', number, cell] : ['number', number];
  if (INFINITY_TEXT.test(cell)) return ['infinite'];
  return ['text', undefined, cell];
}

/**
 * The text path the columnar reader replaces, on the same chunks: strict UTF-8 decoding as
 * data-files.ts does it (same messages), then CsvReader, then the cell classification above.
 */
function readBefore(chunks: readonly Uint8Array[], pick: (index: number) => boolean, wantsText: boolean): Outcome {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = new CsvReader('t.csv');
  const records: CsvRecord[] = [];
  let offset = 0;
  let lines = 1;
  const newlines = (bytes: Uint8Array) => bytes.filter((b) => b === 10).length;
  try {
    for (const chunk of chunks) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const at = Math.max(0, firstInvalidUtf8(chunk));
        throw new BallastError(
          'invalid_data',
          `t.csv: line ${lines + newlines(chunk.subarray(0, at))}: invalid UTF-8 at byte ${offset + at}; save the file as UTF-8`,
        );
      }
      offset += chunk.length;
      lines += newlines(chunk);
      records.push(...reader.push(text));
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new BallastError('invalid_data', 't.csv: the file ends inside a UTF-8 character');
    }
    records.push(...reader.push(tail), ...reader.end());
  } catch (error) {
    return failure(error);
  }
  const header = reader.columns!;
  const columns = header.map((_, c) => (pick(c) ? records.map((r) => classifyAsBefore(r.fields[c]!, wantsText)) : undefined));
  return { header, rows: records.length, columns };
}

function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const size = sizes.length === 0 ? bytes.length : sizes[k % sizes.length]!;
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const encode = (text: string) => new TextEncoder().encode(text);

// ---- generated CSV ------------------------------------------------------------------------------

const NUMBER_SPELLINGS = [
  '1',
  '-0.5',
  '1e3',
  '.5',
  '+2',
  '0x10',
  ' 3 ',
  '1e400',
  '-1e400',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  ' INF ',
  '',
  'NA',
  'N/A',
  'null',
  'None',
  '<NA>',
  '0',
  '-0',
  '+0',
  '-.5',
  '5.',
  '.',
  '-',
  '+',
  '00012',
  '1.2.3',
  '12345678901234',
  '123456789012345',
  '1234567890123456',
  '0.000000000000001',
  '3.14159',
  '-1000.25',
  '1_000',
  '0b101',
  '0o17',
  '1E-5',
  '2e+10',
  '\t4\t',
  '7\u00a0',
  'true',
  'False',
  '1,5',
  '"quoted"',
  'é',
  '1é',
  'x\r\ny',
  'a\nb',
  '\r',
  '\ufeff1',
  '٣',
  '９',
];

const decimal = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 18 }), fc.boolean()).map(([n, shift, signed]) => {
  const text = (n / 10 ** shift).toFixed(Math.min(shift, 20));
  return signed && n > 0 ? `+${text}` : text;
});

const cellText = fc.oneof(
  { arbitrary: fc.constantFrom(...NUMBER_SPELLINGS), weight: 4 },
  { arbitrary: decimal, weight: 3 },
  { arbitrary: fc.double({ noNaN: false }).map(String), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z"\n, ]{0,5}$/), weight: 1 },
);

/** A cell as written: quoted when it must be, and sometimes when it need not be. */
const cell = fc
  .tuple(cellText, fc.integer({ min: 0, max: 5 }))
  .map(([text, draw]) => (draw === 0 || /[,"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text));

const csvText = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    names: fc.uniqueArray(fc.oneof(fc.stringMatching(/^[a-z]{1,4}$/), fc.constantFrom('prix €', 'ünï', '名前', '"q,n"', 'a b')), {
      minLength: 4,
      maxLength: 4,
    }),
    rows: fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 8 }),
    endings: fc.array(fc.constantFrom('\n', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n'), { minLength: 1, maxLength: 4 }),
    finalEnding: fc.boolean(),
    marks: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ width, names, rows, endings, finalEnding, marks }) => {
    const quoteName = (name: string) => (/[,"]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);
    const lines = [names.slice(0, width).map(quoteName), ...rows.map((r) => r.slice(0, width))].map((fields) => fields.join(','));
    let text = '\ufeff'.repeat(marks);
    lines.forEach((line, i) => {
      text += line;
      if (i < lines.length - 1 || finalEnding) text += endings[i % endings.length];
    });
    return text;
  });

const chunkSizes = fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 12 });
const columnPick = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });

/** Byte edits that break files in the ways files break: ragged rows, stray quotes, bad UTF-8. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.integer({ min: 0, max: 2 }),
  insert: fc.constantFrom(
    [44],
    [34],
    [10],
    [13],
    [0xff],
    [0xc3],
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80],
    [0xc0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82, 0xac],
    [0x80],
    [0xef, 0xbb, 0xbf],
  ),
});

function applyEdits(bytes: Uint8Array, edits: readonly { at: number; remove: number; insert: readonly number[] }[]): Uint8Array {
  let out = [...bytes];
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    out = [...out.slice(0, at), ...e.insert, ...out.slice(at + e.remove)];
  }
  return Uint8Array.from(out);
}

function expectSame(bytes: Uint8Array, sizes: readonly number[], pick: readonly boolean[], wantsText: boolean): void {
  const chunks = chunked(bytes, sizes);
  const picked = (i: number) => pick[i % pick.length]!;
  expect(readNew(chunks, picked, wantsText)).toEqual(readBefore(chunks, picked, wantsText));
}

describe('CsvColumnScanner', () => {
  it('gives the text path’s cells (values bit for bit, texts as written) for any chunking', () => {
    fc.assert(
      fc.property(csvText, chunkSizes, columnPick, fc.boolean(), (text, sizes, pick, wantsText) => {
        expectSame(encode(text), sizes, pick, wantsText);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses broken files with the text path’s errors (ragged rows, quotes, UTF-8), or reads them alike', () => {
    fc.assert(
      fc.property(csvText, fc.array(edit, { minLength: 1, maxLength: 3 }), chunkSizes, columnPick, (text, edits, sizes, pick) => {
        expectSame(applyEdits(encode(text), edits), sizes, pick, true);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads numbers as readDecimalText does (toEqual treats -0 and 0 apart)', () => {
    const outcome = readNew([encode('x\n-0\n0\n-0.0\n"+1.5"\n1e3\n 3 \n0x10\n')], () => true, true);
    expect(outcome.columns![0]).toEqual([
      ['number', -0, '-0'],
      ['number', 0, '0'],
      ['number', -0, '-0.0'],
      ['number', 1.5, '+1.5'],
      ['number', 1000, '1e3'],
      ['number', 3, ' 3 '],
      ['text', undefined, '0x10'],
    ]);
    expect(Object.is((outcome.columns![0]![0] as Call)[1], -0)).toBe(true);
  });

  it('names the row and line of a ragged row, and the line of a stray quote', () => {
    expect(readNew([encode('a,b\n1,2\n\n"x\ny",3,4\n')], () => true, true).error).toEqual({
      code: 'invalid_data',
      message: 't.csv: row 2 (line 4) has 3 fields, the header has 2',
      issues: [{ code: 'invalid_format', path: [2], message: 'expected 2 fields, found 3' }],
    });
    expect(readNew([encode('a\n"x\ny"\nab"c\n')], () => true, true).error?.message).toBe(
      't.csv: line 4: a quote inside an unquoted field (quote the whole field and double the quote)',
    );
    expect(readNew([encode('a\n"x"😀\n')], () => true, true).error?.message).toBe(
      't.csv: line 2: unexpected character "\\ud83d" after a closing quote',
    );
  });

  it('prefers a UTF-8 error later in the same chunk to a CSV error, as the text path decodes the chunk first', () => {
    const bytes = Uint8Array.from([...encode('a\n"x"y\n'), 0xff]);
    expect(readNew([bytes], () => true, true).error?.message).toBe('t.csv: line 3: invalid UTF-8 at byte 7; save the file as UTF-8');
    expect(readNew([bytes.subarray(0, 7), bytes.subarray(7)], () => true, true).error?.message).toBe(
      't.csv: line 2: unexpected character "y" after a closing quote',
    );
  });

  it('refuses an empty file, a file of marks only, a file cut inside a character and an unclosed quote', () => {
    expect(readNew([], () => true, true).error?.message).toBe('t.csv: the file is empty (expected a header row)');
    expect(readNew([encode('\ufeff\ufeff\n\r\n')], () => true, true).error?.message).toBe(
      't.csv: the file is empty (expected a header row)',
    );
    expect(readNew([Uint8Array.from([0x61, 0x0a, 0xe2, 0x82])], () => true, true).error?.message).toBe(
      't.csv: the file ends inside a UTF-8 character',
    );
    expect(readNew([encode('a\n"1\n2')], () => true, true).error?.message).toBe(
      't.csv: line 3: a quoted field is not closed before the end of the file',
    );
  });

  it('refuses a header with a blank or repeated name', () => {
    expect(readNew([encode('a, \n1,2\n')], () => true, true).error?.message).toBe('t.csv: header column 2 has no name');
    expect(readNew([encode('a,b,a\n1,2,3\n')], () => true, true).error?.message).toBe('t.csv: header names column "a" twice');
  });

  it('keeps a third byte-order mark as part of the first name (the decoder drops one, CsvReader another)', () => {
    expect(readNew([encode('\ufeff\ufeff\ufeffa\n1\n')], () => true, true).header).toEqual(['\ufeffa']);
  });
});
