import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.ts';
import { ColumnStatistics, DISTINCT_CAP } from './column-statistics.ts';

function column(cells: readonly Cell[], name = 'c'): ColumnStatistics {
  const stats = new ColumnStatistics(name);
  for (const cell of cells) stats.add(cell);
  return stats;
}

describe('ColumnStatistics', () => {
  it('reads each value as pandas would and decides the type from the mix', () => {
    expect(column(['1', '2', '', '3']).kind()).toBe('integer');
    expect(column(['1', '2.5', 'NA']).kind()).toBe('number');
    expect(column([1, 2.5, null]).kind()).toBe('number');
    expect(column(['true', 'False', true]).kind()).toBe('boolean');
    expect(column(['2024-01-01', '2024-01-02 10:00:00']).kind()).toBe('timestamp');
    expect(column(['1', 'x']).kind()).toBe('string');
    expect(column(['1', 'true']).kind()).toBe('string');
    expect(column(['2024-01-01', '5']).kind()).toBe('string');
    expect(column(['', 'NaN', null]).kind()).toBeUndefined();
  });

  it('counts rows and missing values, including absent ones', () => {
    const stats = column(['1', '', 'null', '4']);
    stats.addMissing(3);
    expect([stats.rows, stats.missing, stats.present]).toEqual([7, 5, 2]);
  });

  it('keeps numbers and times apart, and knows bare dates', () => {
    const stats = column(['2024-01-01', '2024-03-01']);
    expect([stats.times.min, stats.times.max]).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 2, 1)]);
    expect(stats.dateOnly).toBe(true);
    expect(column(['2024-01-01', '2024-01-01T10:00Z']).dateOnly).toBe(false);
    expect(column(['3', '-7']).numbers.min).toBe(-7);
  });

  it('counts distinct values until the cap, then gives up', () => {
    expect(column(['a', 'b', 'a', ' a']).distinct()).toEqual([
      { value: 'a', count: 2 },
      { value: 'b', count: 1 },
      { value: ' a', count: 1 },
    ]);
    // Numbers count by value, whatever their spelling.
    expect(column(['1', '1.0', 1]).distinct()).toEqual([{ value: '1', count: 3 }]);
    expect(column(Array.from({ length: DISTINCT_CAP + 1 }, (_, i) => `v${i}`)).distinct()).toBeUndefined();
  });

  it('knows whether an identifier-like column repeated a value', () => {
    expect(column(['a1', 'a2', '', 'a3']).allDistinct()).toBe(true);
    expect(column(['a1', 'a2', 'a1']).allDistinct()).toBe(false);
    expect(column(['1', '2', '3']).allDistinct()).toBe(true);
    // Fractions, flags and times are measurements, not identifiers.
    expect(column(['1.5', '2.5']).allDistinct()).toBeUndefined();
    expect(column(['true', 'false']).allDistinct()).toBeUndefined();
  });

  it('merges to the statistics of all values, wherever the cut', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'NA', 'x', 'y', 'true', '2024-05-01', '2024-05-01T10:00:00Z'),
      fc.integer({ min: -5, max: 5 }).map(String),
      fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }).map(String),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 200 }), fc.nat(), (cells, cut) => {
        const at = cells.length === 0 ? 0 : cut % (cells.length + 1);
        const whole = column(cells);
        const merged = column(cells.slice(0, at)).merge(column(cells.slice(at)));
        expect([merged.rows, merged.missing, merged.kind(), merged.dateOnly]).toEqual([
          whole.rows,
          whole.missing,
          whole.kind(),
          whole.dateOnly,
        ]);
        expect(merged.kinds).toEqual(whole.kinds);
        expect(new Map(merged.distinct()?.map((d) => [String(d.value), d.count]))).toEqual(
          new Map(whole.distinct()?.map((d) => [String(d.value), d.count])),
        );
        expect(merged.allDistinct()).toBe(whole.allDistinct());
        expect(merged.numbers.state().top).toEqual(whole.numbers.state().top);
        expect(merged.times.state().bottom).toEqual(whole.times.state().bottom);
        expect(merged.shapes.pattern()).toBe(whole.shapes.pattern());
      }),
    );
  });
});
