import { describe, expect, it } from 'vitest';
import { ColumnTypeAccumulator } from './column-types.ts';

describe('ColumnTypeAccumulator', () => {
  it('infers integer, number, boolean, string and empty columns and counts missing values', () => {
    const acc = new ColumnTypeAccumulator(['i', 'n', 'b', 's', 'e']);
    acc.add(['1', '1', 'true', 'x', '']);
    acc.add(['', '2.5', 'False', '3', null]);
    acc.add([7, 3, true, 'y', 'NaN']);
    expect(acc.result()).toEqual([
      { name: 'i', type: 'integer', missing: 1 },
      { name: 'n', type: 'number', missing: 0 },
      { name: 'b', type: 'boolean', missing: 0 },
      { name: 's', type: 'string', missing: 0 },
      { name: 'e', type: 'empty', missing: 3 },
    ]);
  });
  it('gives the same answer however the rows are split (it only widens)', () => {
    const rows = [['1'], ['x'], ['2.5']];
    const forward = new ColumnTypeAccumulator(['c']);
    rows.forEach((r) => forward.add(r));
    const backward = new ColumnTypeAccumulator(['c']);
    [...rows].reverse().forEach((r) => backward.add(r));
    expect(forward.result()).toEqual(backward.result());
    expect(forward.result()[0]!.type).toBe('string');
  });
});
