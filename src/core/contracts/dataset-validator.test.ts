import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv.ts';
import { BallastError } from '../errors.ts';
import type { TableChunk } from '../table.ts';
import { CONTRACT_FORMAT, type ColumnRule, type Contract, type DatasetRules, type ValidationReport } from './contract-types.ts';
import { DatasetValidator } from './dataset-validator.ts';

const NOW = new Date('2024-06-01T00:00:00Z');

function table(csv: string): TableChunk {
  const { columns, records } = parseCsv(csv, 'test.csv');
  return { columns, rows: records.map((r) => ({ row: r.row, cells: r.fields })) };
}

function contractOf(columns: Record<string, ColumnRule>, dataset?: DatasetRules, defaults?: Contract['defaults']): Contract {
  return { format: CONTRACT_FORMAT, columns, ...(dataset ? { dataset } : {}), ...(defaults ? { defaults } : {}) };
}

function validate(contract: Contract, data: TableChunk | string, maxExamples?: number): ValidationReport {
  const validator = new DatasetValidator(contract, { now: NOW, ...(maxExamples === undefined ? {} : { maxExamples }) });
  validator.addChunk(typeof data === 'string' ? table(data) : data);
  return validator.finish();
}

/** Each issue as [code, column, count, share, example rows]. */
function summary(report: ValidationReport) {
  return report.issues.map((i) => [i.code, i.column, i.count, i.share, i.examples.map((e) => e.row)]);
}

describe('DatasetValidator: column rules', () => {
  it('passes clean data with an empty issue list', () => {
    const report = validate(contractOf({ a: { type: 'integer', min: 0 }, b: { type: 'category', values: ['x', 'y'] } }), 'a,b\n1,x\n2,y\n');
    expect(report).toEqual({ passed: true, rows: 2, issues: [] });
  });

  it('reports a column missing from the header, and extra columns only when the contract forbids them', () => {
    const contract = contractOf({ a: { type: 'number' }, b: { type: 'number' } });
    expect(summary(validate(contract, 'a,c\n1,x\n2,y\n'))).toEqual([['missing_column', 'b', 2, 1, []]]);
    const strict = contractOf({ a: { type: 'number' } }, { allow_extra_columns: false });
    const report = validate(strict, 'a,c,d\n1,x,p\n2,y,q\n');
    expect(summary(report)).toEqual([
      ['unexpected_column', 'c', 2, 1, [1, 2]],
      ['unexpected_column', 'd', 2, 1, [1, 2]],
    ]);
    expect(report.issues[0]!.examples).toEqual([
      { row: 1, value: 'x' },
      { row: 2, value: 'y' },
    ]);
    expect(report.passed).toBe(false);
  });

  it('counts type mismatches whatever mostly says, and does not range-check them', () => {
    const report = validate(contractOf({ n: { type: 'integer', min: 0, mostly: 0.5 } }), 'n\n1\nx\n2.5\n3\n');
    expect(summary(report)).toEqual([['type_mismatch', 'n', 2, 0.5, [2, 3]]]);
    expect(report.issues[0]!.examples).toEqual([
      { row: 2, value: 'x' },
      { row: 3, value: '2.5' },
    ]);
    expect(report.issues[0]!.message).toBe('2 values (50%) are not a whole number');
  });

  it('reports missing values in a non-nullable column and a missing share above missing_max', () => {
    const contract = contractOf({ a: { type: 'number', nullable: false }, b: { type: 'number', missing_max: 0.25 } });
    const report = validate(contract, 'a,b\n1,1\n,NA\n3,\n4,4\n');
    expect(summary(report)).toEqual([
      ['null_not_allowed', 'a', 1, 0.25, [2]],
      ['missing_share', 'b', 2, 0.5, []],
    ]);
    expect(report.issues[1]!.message).toBe('50% of values are missing (2 of 4); at most 25% may be');
    expect(validate(contractOf({ b: { type: 'number', missing_max: 0.5 } }), 'b\n1\n\n\n4\n').issues).toEqual([]);
  });

  it('reports out-of-range values, unknown categories and pattern mismatches with their rows', () => {
    const contract = contractOf({
      age: { type: 'integer', min: 18, max: 99 },
      state: { type: 'category', values: ['CA', 'NY'] },
      zip: { type: 'string', pattern: '\\d{5}' },
      day: { type: 'timestamp', max: '2024-05-31' },
    });
    const report = validate(contract, 'age,state,zip,day\n17,CA,94110,2024-05-01\n30,TX,9411,2024-05-02\n100,NY,94110,2024-06-01\n');
    expect(summary(report)).toEqual([
      ['out_of_range', 'age', 2, 2 / 3, [1, 3]],
      ['unknown_category', 'state', 1, 1 / 3, [2]],
      ['pattern_mismatch', 'zip', 1, 1 / 3, [2]],
      ['out_of_range', 'day', 1, 1 / 3, [3]],
    ]);
    expect(report.issues.map((i) => i.message)).toEqual([
      '2 values (66.7%) are not between 18 and 99',
      '1 value (33.3%) is not one of "CA", "NY"',
      '1 value (33.3%) is not text matching /\\d{5}/',
      '1 value (33.3%) is not at most 2024-05-31',
    ]);
  });

  it('applies mostly to the share of non-missing values that pass', () => {
    const values = ['5', '5', '5', '5', '5', '5', '5', '5', '50', '', ''];
    const csv = `v\n${values.join('\n')}\n`;
    // 8 of 9 non-missing values pass: 88.9%.
    expect(validate(contractOf({ v: { type: 'number', max: 10, mostly: 0.88 } }), csv).issues).toEqual([]);
    const report = validate(contractOf({ v: { type: 'number', max: 10, mostly: 0.9 } }), csv);
    expect(summary(report)).toEqual([['out_of_range', 'v', 1, 1 / 9, [9]]]);
    expect(report.issues[0]!.message).toBe('1 value (11.1%) is not at most 10; at least 90% must be');
    // A share that is exactly mostly passes (no rounding trouble with 0.7 * 10).
    expect(validate(contractOf({ v: { type: 'number', max: 10, mostly: 0.7 } }), 'v\n1\n1\n1\n1\n1\n1\n1\n99\n99\n99\n').issues).toEqual(
      [],
    );
  });

  it('reports repeats of a unique column after the first occurrence, ignoring missing values', () => {
    const report = validate(
      contractOf({ id: { type: 'string', unique: true }, n: { type: 'number', unique: true } }),
      'id,n\na,1\nb,1.0\na,\nc,\na,2\n',
    );
    expect(summary(report)).toEqual([
      ['not_unique', 'id', 2, 2 / 5, [3, 5]],
      ['not_unique', 'n', 1, 1 / 3, [2]],
    ]);
  });
});

describe('DatasetValidator: JSON Lines cells', () => {
  it('reads JSON numbers, booleans and null as CSV text would read', () => {
    const contract = contractOf({
      n: { type: 'integer', min: 0 },
      b: { type: 'boolean', nullable: false },
      c: { type: 'category', values: ['12', 'x'] },
      s: { type: 'string', unique: true },
    });
    const rows = [
      { row: 1, cells: [3, true, 12, 'a'] },
      { row: 2, cells: [null, false, 'x', 1] },
      { row: 3, cells: [-1, null, 13, '1'] },
      { row: 4, cells: [2.5, 'True', 'x', null] },
    ];
    const report = validate(contract, { columns: ['n', 'b', 'c', 's'], rows });
    expect(summary(report)).toEqual([
      ['type_mismatch', 'n', 1, 0.25, [4]],
      ['out_of_range', 'n', 1, 0.5, [3]],
      ['null_not_allowed', 'b', 1, 0.25, [3]],
      ['unknown_category', 'c', 1, 0.25, [3]],
      ['not_unique', 's', 1, 1 / 3, [3]],
    ]);
    expect(report.issues[0]!.examples).toEqual([{ row: 4, value: 2.5 }]);
  });
});

describe('DatasetValidator: dataset rules', () => {
  it('checks the row count', () => {
    expect(summary(validate(contractOf({ a: { type: 'number' } }, { row_count: { min: 3 } }), 'a\n1\n2\n'))).toEqual([
      ['row_count', null, 2, 1, []],
    ]);
    expect(validate(contractOf({ a: { type: 'number' } }, { row_count: { min: 1, max: 2 } }), 'a\n1\n2\n1\n').issues[0]!.message).toBe(
      'the data has 3 rows; the contract requires between 1 and 2',
    );
    expect(validate(contractOf({ a: { type: 'number' } }, { row_count: { min: 1, max: 2 } }), 'a\n1\n2\n').issues).toEqual([]);
  });

  it('reports rows that repeat an earlier row exactly', () => {
    const contract = contractOf({ a: { type: 'number' }, b: { type: 'string' } }, { duplicate_rows_max: 0.2 });
    const report = validate(contract, 'a,b\n1,x\n1,y\n1,x\n2,x\n1,x\n');
    expect(summary(report)).toEqual([['duplicate_rows', null, 2, 0.4, [3, 5]]]);
    expect(report.issues[0]!.examples[0]).toEqual({ row: 3, value: { a: '1', b: 'x' } });
    expect(report.issues[0]!.message).toBe('2 rows repeat an earlier row exactly (40%); at most 20% may');
    expect(validate({ ...contract, dataset: { duplicate_rows_max: 0.4 } }, 'a,b\n1,x\n1,y\n1,x\n2,x\n1,x\n').issues).toEqual([]);
  });

  it('checks the share of every class, counting declared classes that never occur', () => {
    const label = { type: 'category', values: ['no', 'yes', 'maybe'] } as const;
    const contract = contractOf({ y: label }, { label: { column: 'y', min_class_share: 0.2 } });
    const report = validate(contract, 'y\nno\nno\nno\nno\nyes\nno\nno\nno\nno\n\n');
    expect(summary(report)).toEqual([['label_imbalance', null, 1, 0, [5]]]);
    expect(report.issues[0]!.message).toBe('classes "maybe" (0%), "yes" (11.1%) are below 20% of the 9 labelled rows');
    const one = validate(
      { ...contract, dataset: { label: { column: 'y', min_class_share: 0.1 } } },
      'y\nno\nno\nno\nno\nyes\nno\nno\nno\nno\nmaybe\nmaybe\n',
    );
    expect(one.issues[0]!.message).toBe('class "yes" has 9.09% of the 11 labelled rows; each class needs at least 10%');
  });

  it('checks the minority class, which needs two classes to exist', () => {
    const contract = contractOf({ y: { type: 'integer' } }, { label: { column: 'y', min_minority_share: 0.3 } });
    expect(summary(validate(contract, 'y\n0\n0\n0\n1\n'))).toEqual([['label_imbalance', null, 1, 0.25, [4]]]);
    expect(validate(contract, 'y\n0\n1\n0\n1\n').issues).toEqual([]);
    expect(validate(contract, 'y\n0\n0\n').issues[0]!.message).toBe(
      'the label "y" has only the class "0"; the minority class needs at least 30% of labelled rows',
    );
  });

  it('checks freshness against the given check time', () => {
    const contract = contractOf({ t: { type: 'timestamp' } }, { freshness: { column: 't', max_delay: '2d' } });
    expect(validate(contract, 't\n2024-05-01\n2024-05-30T12:00:00Z\n').issues).toEqual([]);
    const report = validate(contract, 't\n2024-05-01\n2024-05-20T00:00:00Z\n2024-05-02\n');
    expect(summary(report)).toEqual([['stale_data', null, 3, 1, [2]]]);
    expect(report.issues[0]!.message).toBe('the newest "t" is 2024-05-20T00:00:00.000Z, 12d before the check time; at most 2d is allowed');
    expect(validate(contract, 't\n\nnot a date\n').issues.map((i) => i.code)).toEqual(['type_mismatch', 'stale_data']);
  });

  it('refuses dataset rules it cannot apply', () => {
    const bad = (dataset: DatasetRules) => () =>
      new DatasetValidator(contractOf({ n: { type: 'number' }, t: { type: 'timestamp' } }, dataset), { now: NOW });
    expect(bad({ freshness: { column: 'n', max_delay: '1d' } })).toThrow('dataset.freshness.column');
    expect(bad({ freshness: { column: 't', max_delay: 'a while' } })).toThrow('dataset.freshness.max_delay');
    expect(bad({ label: { column: 'z', min_class_share: 0.1 } })).toThrow(BallastError);
  });
});

describe('DatasetValidator: severities and examples', () => {
  it('fails only on error-severity issues', () => {
    const contract = contractOf(
      { a: { type: 'number', max: 1, severity: 'warn' }, b: { type: 'number', max: 1 } },
      { row_count: { min: 5 } },
      { severity: 'warn' },
    );
    const report = validate(contract, 'a,b\n2,0\n');
    expect(report.issues.map((i) => [i.code, i.column, i.severity])).toEqual([
      ['out_of_range', 'a', 'warn'],
      ['row_count', null, 'warn'],
    ]);
    expect(report.passed).toBe(true);
    expect(validate({ ...contract, defaults: {} }, 'a,b\n2,0\n').passed).toBe(false);
  });

  it('keeps the first maxExamples failing rows, across chunks', () => {
    const validator = new DatasetValidator(contractOf({ n: { type: 'number', max: 0 } }), { now: NOW, maxExamples: 3 });
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 1, cells: [i % 2 === 0 ? '1' : '0'] }));
    validator.addChunk({ columns: ['n'], rows: rows.slice(0, 2) });
    validator.addChunk({ columns: ['n'], rows: rows.slice(2) });
    const [issue] = validator.finish().issues;
    expect(issue!.count).toBe(5);
    expect(issue!.examples).toEqual([
      { row: 1, value: '1' },
      { row: 3, value: '1' },
      { row: 5, value: '1' },
    ]);
  });
});

describe('DatasetValidator: streaming', () => {
  const contract = contractOf(
    {
      id: { type: 'string', unique: true, pattern: 'r\\d' },
      n: { type: 'number', min: 0, max: 5, mostly: 0.8, missing_max: 0.2 },
      c: { type: 'category', values: ['a', 'b'], nullable: false },
      t: { type: 'timestamp', min: '2024-01-01' },
    },
    {
      duplicate_rows_max: 0.05,
      row_count: { min: 10 },
      label: { column: 'c', min_class_share: 0.3 },
      freshness: { column: 't', max_delay: '30d' },
      allow_extra_columns: false,
    },
  );
  const cell = fc.oneof(
    fc.constantFrom('', 'NA', 'x', 'a', 'b', 'z', '2024-05-20', '2023-12-31', '1', '3', '7', '-1', 'r1', 'r2'),
    fc.integer({ min: -2, max: 9 }).map(String),
  );
  const rowsArb = fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 60 });

  it('gives the same report for one chunk as for any split into several', () => {
    fc.assert(
      // Chunks of 0 to 7 rows; a file always gives at least one chunk (its header), even when empty.
      fc.property(rowsArb, fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 20 }), (cells, sizes) => {
        fc.pre(sizes.some((size) => size > 0));
        const columns = ['id', 'n', 'c', 't', 'extra'];
        const rows = cells.map((row, i) => ({ row: i + 1, cells: row }));
        const whole = validate(contract, { columns, rows }, 3);
        const validator = new DatasetValidator(contract, { now: NOW, maxExamples: 3 });
        let at = 0;
        for (let k = 0; k === 0 || at < rows.length; k++) {
          const size = sizes[k % sizes.length]!;
          validator.addChunk({ columns, rows: rows.slice(at, at + size) });
          at += size;
        }
        expect(validator.finish()).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
