import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { countCells } from './cell-counts.ts';
import { buildGroupings, sumIntoGroups } from './groupings.ts';
import { encodeSensitiveColumn, MISSING_GROUP } from './sensitive-groups.ts';

describe('encodeSensitiveColumn', () => {
  it('sorts numbers numerically and texts by code unit, the missing group last', () => {
    const numbers = encodeSensitiveColumn(Float64Array.from([10, 2, Number.NaN, 3.5, 2]));
    expect(numbers.names).toEqual(['2', '3.5', '10', MISSING_GROUP]);
    expect(Array.from(numbers.codes)).toEqual([2, 0, 3, 1, 0]);
    const texts = encodeSensitiveColumn(['b', null, 'B', 'a', 'b']);
    expect(texts.names).toEqual(['B', 'a', 'b', MISSING_GROUP]);
    expect(Array.from(texts.codes)).toEqual([2, 3, 0, 1, 2]);
    expect(encodeSensitiveColumn(['x', 'y']).names).toEqual(['x', 'y']);
  });
});

describe('countCells', () => {
  // Three columns of 100 values: a million possible crossings, past the dense table, so the sparse path counts.
  it.each([
    ['dense', 4],
    ['sparse', 100],
  ] as const)('counts each occurring crossing × outcome once, in sorted order (%s)', (_, distinct) => {
    const random = new SeededRandom(3);
    const rows = 5000;
    const raw = [0, 1, 2].map(() => Array.from({ length: rows }, () => `v${String(random.nextInt(distinct)).padStart(3, '0')}`));
    const encoded = raw.map((column) => encodeSensitiveColumn(column));
    const truth = Uint8Array.from({ length: rows }, () => random.nextInt(2));
    const selected = Uint8Array.from({ length: rows }, () => random.nextInt(2));
    const cells = countCells(encoded, truth, selected);

    const expected = new Map<string, number[]>();
    for (let row = 0; row < rows; row++) {
      const key = raw.map((column) => column[row]).join('|');
      const counts = expected.get(key) ?? [0, 0, 0, 0];
      counts[truth[row] ? (selected[row] ? 0 : 2) : selected[row] ? 1 : 3]!++;
      expected.set(key, counts);
    }
    const keys = [...expected.keys()].sort();
    expect(cells.combos).toBe(keys.length);
    keys.forEach((key, combo) => {
      const names = [0, 1, 2].map((c) => encoded[c]!.names[cells.comboCodes[combo * 3 + c]!]);
      expect(names.join('|')).toBe(key);
      expect(Array.from(cells.counts.subarray(combo * 4, combo * 4 + 4))).toEqual(expected.get(key));
    });

    // Each column's grouping adds its combos up to the column's own counts.
    const groupings = buildGroupings(['a', 'b', 'c'], encoded, cells, true);
    expect(groupings.map((g) => g.name)).toEqual(['a', 'b', 'c', 'a, b, c']);
    const first = new Float64Array(groupings[0]!.groupKeys.length * 4);
    sumIntoGroups(cells.counts, groupings[0]!, first);
    const firstName = encoded[0]!.names[0]!;
    const rowsOfFirst = raw[0]!.filter((value) => value === firstName).length;
    expect(first[0]! + first[1]! + first[2]! + first[3]!).toBe(rowsOfFirst);
    expect(groupings[0]!.groupKeys[0]).toBe(`a=${firstName}`);
  });
});
