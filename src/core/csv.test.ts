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
  it('gives the same records whatever the chunking when only some cells are quoted (unquoted lines take a fast path)', () => {
    // Mostly plain cells, so that whole lines go unquoted; now and then one that must be quoted.
    const value = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z0-9 ]{0,6}$/), weight: 6 },
      { arbitrary: fc.stringMatching(/^[a-z0-9 ,"\r\n]{0,6}$/), weight: 1 },
    );
    const cell = fc
      .tuple(value, fc.integer({ min: 0, max: 5 }))
      .map(([text, draw]) => ({ value: text, quoted: draw === 0 || /[,"\r\n]/.test(text) }));
    const row = fc.tuple(fc.tuple(cell, cell, cell), fc.constantFrom('\n', '\r\n', '\r', '\n\n'));
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 }),
        (rows, cuts) => {
          const text =
            'h1,h2,h3\n' + rows.map(([cells, eol]) => cells.map((c) => (c.quoted ? quote(c.value) : c.value)).join(',') + eol).join('');
          const reader = new CsvReader('d.csv');
          const got: [string[], number][] = [];
          let at = 0;
          for (const cut of [...cuts, text.length]) {
            got.push(...reader.push(text.slice(at, at + cut)).map((r): [string[], number] => [r.fields, r.line]));
            at += cut;
          }
          got.push(...reader.end().map((r): [string[], number] => [r.fields, r.line]));
          expect(got.map(([fields]) => fields)).toEqual(rows.map(([cells]) => cells.map((c) => c.value)));
          // Lines: the header is line 1; every line break before a record (CRLF counting once) moves it on.
          let line = 2;
          rows.forEach(([cells, eol], i) => {
            expect(got[i]![1]).toBe(line);
            line += (eol === '\n\n' ? 2 : 1) + cells.reduce((n, c) => n + (c.value.match(/\n/g)?.length ?? 0), 0);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
