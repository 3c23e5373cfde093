import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import type { Cell, TableChunk } from '../table.ts';
import { ColumnStatistics } from './column-statistics.ts';
import { DatasetStatistics } from './dataset-statistics.ts';
import { inferContract } from './infer-contract.ts';
import { parseContract, serializeContract } from './parse-contract.ts';
import { contractFailures, normal, sample, seeded, sources } from './testing/sample-distributions.ts';

const customers = {
  customer_id: (_random: () => number, row: number): Cell => `C${String(100000 + row)}`,
  age: (random: () => number): Cell => String(Math.max(18, Math.round(45 + 12 * normal(random)))),
  income: sources.withMissing(sources.logNormal(10, 0.5), 0.05),
  country: sources.categorical(['DE', 'FR', 'US'], [0.5, 0.3, 0.2]),
  active: sources.boolean(0.7),
  signup: sources.timestamp(Date.UTC(2021, 0, 1), 3 * 365 * 86_400_000),
  churned: sources.categorical(['0', '1'], [0.85, 0.15]),
  note: (random: () => number): Cell =>
    random() < 0.5 ? '' : `called on ${Math.floor(random() * 1000)} about ${random() < 0.5 ? 'billing' : 'a late parcel'}`,
};

function statistics(chunk: TableChunk): DatasetStatistics {
  const stats = new DatasetStatistics();
  stats.addChunk(chunk);
  return stats;
}

describe('inferContract', () => {
  const data = sample(customers, 3000, 42);
  const contract = inferContract(statistics(data), { label: 'churned', timestamp: 'signup', name: 'churn-inputs' });
  const { columns } = contract;

  it('names each column with the type its values have', () => {
    expect(Object.fromEntries(Object.entries(columns).map(([name, rule]) => [name, rule.type]))).toEqual({
      customer_id: 'string',
      age: 'integer',
      income: 'number',
      country: 'category',
      active: 'boolean',
      signup: 'timestamp',
      churned: 'integer',
      note: 'string',
    });
    expect(contract.name).toBe('churn-inputs');
    expect(contract.description).toBe('Inferred from 3000 rows.');
  });

  it('declares complete columns not nullable, and bounds the missing share of the others above what was seen', () => {
    expect(columns.age!.nullable).toBe(false);
    expect(columns.income!.nullable).toBeUndefined();
    const seen = data.rows.filter(({ cells }) => cells[2] === '').length / data.rows.length;
    expect(columns.income!.missing_max).toBeGreaterThan(seen + 0.01);
    expect(columns.income!.missing_max).toBeLessThan(seen + 0.05);
  });

  it('widens numeric ranges beyond the observed values, and keeps integers whole', () => {
    const ages = data.rows.map(({ cells }) => Number(cells[1]));
    expect(columns.age!.min).toBeLessThanOrEqual(Math.min(...ages));
    expect(columns.age!.max).toBeGreaterThan(Math.max(...ages));
    expect(Number.isInteger(columns.age!.max)).toBe(true);
    const incomes = data.rows
      .map(({ cells }) => cells[2])
      .filter((cell) => cell !== '')
      .map(Number);
    expect(columns.income!.min).toBeLessThan(Math.min(...incomes));
    expect(columns.income!.min).toBeGreaterThanOrEqual(0);
    expect(columns.age!.mostly).toBe(0.999);
  });

  it('lists the values of a small, well-seen category; a free text column gets neither values nor pattern', () => {
    expect(columns.country!.values).toEqual(['DE', 'FR', 'US']);
    expect(columns.note).toEqual({ type: 'string', missing_max: expect.any(Number) });
  });

  it('finds identifiers: unique, with the shape of their values', () => {
    expect(columns.customer_id).toEqual({ type: 'string', nullable: false, pattern: '[A-Z][0-9]{6}', unique: true, mostly: 0.999 });
  });

  it('bounds timestamps from below only, and adds freshness for the --timestamp column', () => {
    expect(columns.signup!.min).toMatch(/^20(20|21)-\d{2}-\d{2}$/);
    expect(columns.signup!.max).toBeUndefined();
    expect(contract.dataset!.freshness).toEqual({ column: 'signup', max_delay: '1d' });
  });

  it('adds a label balance rule below the smallest class share, and no duplicate-row rule', () => {
    const share = data.rows.filter(({ cells }) => cells[6] === '1').length / data.rows.length;
    expect(contract.dataset!.label!.column).toBe('churned');
    expect(contract.dataset!.label!.min_class_share).toBeGreaterThan(0.05);
    expect(contract.dataset!.label!.min_class_share).toBeLessThanOrEqual(share / 2);
    expect(contract.dataset!.duplicate_rows_max).toBeUndefined();
  });

  it('writes a contract the parser accepts, which the data it came from and a fresh sample pass', () => {
    for (const format of ['json', 'yaml'] as const) {
      expect(parseContract(serializeContract(contract, format), format, `inferred.${format}`)).toEqual(contract);
    }
    expect(contractFailures(contract, data)).toEqual([]);
    expect(contractFailures(contract, sample(customers, 3000, 43, 3000))).toEqual([]);
  });

  it('catches what a contract is for: a unit change, a new category, a broken identifier', () => {
    const broken = sample(customers, 500, 44, 10_000);
    const edited = {
      ...broken,
      rows: broken.rows.map(({ row, cells }, i) => ({
        row,
        cells: cells.map((cell, c) =>
          c === 1 && i < 20 ? String(Number(cell) * 12) : c === 3 && i < 20 ? 'UK' : c === 0 && i < 3 ? 'C100000' : cell,
        ),
      })),
    };
    const failures = contractFailures(contract, edited).join('\n');
    expect(failures).toMatch(/^age: 20 of 500 values fail/m);
    expect(failures).toMatch(/^country: 20 of 500 values fail/m);
    expect(failures).toMatch(/^customer_id: 2 repeated values/m);
  });

  it('uses a two-day delay for bare dates, or the one given', () => {
    const days = statistics(sample({ day: (random) => `2024-05-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}` }, 200, 1));
    expect(inferContract(days, { timestamp: 'day' }).dataset!.freshness).toEqual({ column: 'day', max_delay: '2d' });
    expect(inferContract(days, { timestamp: 'day', maxDelay: '6h' }).dataset!.freshness!.max_delay).toBe('6h');
  });

  it('refuses a label or timestamp column the data does not have, or a timestamp that is not one', () => {
    const stats = statistics(sample({ a: sources.normal(0, 1) }, 50, 1));
    expect(() => inferContract(stats, { label: 'y' })).toThrow(expect.objectContaining({ code: 'missing_column' }));
    expect(() => inferContract(stats, { timestamp: 'a' })).toThrow(BallastError);
    expect(() => inferContract(stats, { timestamp: 'a' })).toThrow(/not ISO-8601/);
  });

  it('gives a label with many values (a regression target) no balance rule', () => {
    const stats = statistics(sample({ price: sources.logNormal(3, 1) }, 500, 2));
    expect(inferContract(stats, { label: 'price' }).dataset).toEqual({ label: { column: 'price' } });
  });

  it('infers from column statistics alone, without dataset rules', () => {
    const column = new ColumnStatistics('x');
    for (let i = 0; i < 1000; i++) column.add(String(i % 7));
    expect(inferContract([column])).toEqual({
      format: 'ballast.contract/v1',
      description: 'Inferred from 1000 rows.',
      columns: { x: { type: 'integer', nullable: false, min: 0, max: 6, mostly: 0.997 } },
    });
  });

  it('says little where there is little to go on: an empty column, a handful of values, a rare category', () => {
    const random = seeded(5);
    const stats = statistics(
      sample({ empty: () => '', few: (_r, row) => (row < 5 ? String(row) : ''), rare: () => (random() < 0.002 ? 'b' : 'a') }, 1000, 3),
    );
    const inferred = inferContract(stats).columns;
    expect(inferred.empty).toEqual({ type: 'string', missing_max: 1 });
    expect(inferred.few).toEqual({ type: 'integer', missing_max: expect.any(Number) });
    expect(inferred.rare!.type).toBe('string');
  });
});
