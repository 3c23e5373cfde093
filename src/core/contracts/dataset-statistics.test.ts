import { describe, expect, it } from 'vitest';
import type { Cell, TableChunk } from '../table.ts';
import { DatasetStatistics } from './dataset-statistics.ts';

function chunk(columns: string[], rows: Cell[][], first = 1): TableChunk {
  return { columns, rows: rows.map((cells, i) => ({ row: first + i, cells })) };
}

describe('DatasetStatistics', () => {
  it('counts rows and, per column, every value whatever spelling a missing value has', () => {
    const stats = new DatasetStatistics();
    stats.addChunk(
      chunk(
        ['a', 'b'],
        [
          ['1', 'x'],
          ['1', 'x'],
          ['1', ''],
          ['1', 'NA'],
          ['2', 'x'],
        ],
      ),
    );
    expect(stats.rows).toBe(5);
    expect(stats.columns.map((c) => [c.name, c.rows, c.missing])).toEqual([
      ['a', 5, 0],
      ['b', 5, 2],
    ]);
  });

  it('treats a column absent from a chunk as missing there', () => {
    const stats = new DatasetStatistics();
    stats.addChunk(chunk(['a', 'b'], [['1', 'x']]));
    stats.addChunk(
      chunk(
        ['b', 'a', 'c'],
        [
          ['x', '1', null],
          ['y', '2', 'z'],
        ],
        2,
      ),
    );
    stats.addChunk(chunk(['c'], [['z']], 4));
    expect(stats.columns.map((c) => [c.name, c.rows, c.missing])).toEqual([
      ['a', 4, 1],
      ['b', 4, 1],
      ['c', 4, 2],
    ]);
  });

  it('merges shards to the statistics of the whole file', () => {
    const rows: Cell[][] = [
      ['1', 'x'],
      ['2', 'y'],
      ['1', 'x'],
      ['3', 'z'],
      ['2', 'y'],
      ['4', ''],
    ];
    const whole = new DatasetStatistics();
    whole.addChunk(chunk(['a', 'b'], rows));
    const left = new DatasetStatistics();
    left.addChunk(chunk(['a', 'b'], rows.slice(0, 2)));
    const right = new DatasetStatistics();
    right.addChunk(chunk(['a', 'b'], rows.slice(2)));
    left.merge(right);
    expect(left.rows).toBe(whole.rows);
    expect(left.columns.map((c) => [c.name, c.missing, c.distinct()?.length])).toEqual(
      whole.columns.map((c) => [c.name, c.missing, c.distinct()?.length]),
    );
  });

  it('pads a column that only one shard has', () => {
    const left = new DatasetStatistics();
    left.addChunk(chunk(['a'], [['1'], ['2']]));
    const right = new DatasetStatistics();
    right.addChunk(chunk(['a', 'b'], [['3', 'x']]));
    left.merge(right);
    expect(left.columns.map((c) => [c.name, c.rows, c.missing])).toEqual([
      ['a', 3, 0],
      ['b', 3, 2],
    ]);
  });
});
