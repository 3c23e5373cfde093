import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvReader, parseCsv } from './csv.ts';

function fieldsOf(text: string): string[][] {
  return parseCsv(text, 'data.csv').records.map((r) => r.fields);
}

describe('parseCsv', () => {
  it('reads a header and records, with quotes, commas, doubled quotes and line breaks in fields', () => {
    const { columns, records } = parseCsv('a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",\n', 'data.csv');
    expect(columns).toEqual(['a', 'b', 'c']);
    expect(records.map((r) => r.fields)).toEqual([
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
  it('accepts CRLF, a BOM, a missing final newline and blank lines', () => {
    expect(fieldsOf('\ufeffa,b\r\n1,2\r\n\r\n3,4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
  it('names the row and line of a ragged record', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'data.csv')).toThrow('data.csv: row 2 (line 3) has 1 fields, the header has 2');
  });
  it('refuses an unclosed quote, a stray quote and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open\n', 'd.csv')).toThrow(/not closed/);
    expect(() => parseCsv('a\nx"y\n', 'd.csv')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('a\n"x"y\n', 'd.csv')).toThrow(/after a closing quote/);
  });
  it('refuses an empty file, an unnamed column and a duplicated column', () => {
    expect(() => parseCsv('', 'd.csv')).toThrow(/empty/);
    expect(() => parseCsv('a,,b\n', 'd.csv')).toThrow(/column 2 has no name/);
    expect(() => parseCsv('a,a\n', 'd.csv')).toThrow(/twice/);
  });
  it('gives the same records whatever the chunking', () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,"\n]{0,6}$/);
    const table = fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 });
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 }), fc.boolean(), (rows, cuts, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const text = 'h1,h2,h3' + eol + rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        const reader = new CsvReader('d.csv');
        const got: string[][] = [];
        let at = 0;
        for (const cut of cuts) {
          if (at >= text.length) break;
          got.push(...reader.push(text.slice(at, at + cut)).map((r) => r.fields));
          at += cut;
        }
        got.push(...reader.push(text.slice(at)).map((r) => r.fields));
        got.push(...reader.end().map((r) => r.fields));
        expect(got).toEqual(rows);
      }),
    );
  });
});
