import { describe, expect, it } from 'vitest';
import { sampleDataFile } from './background-sample.ts';

const TRAIN = 'examples/credit/train.csv';
const inputs = [
  { name: 'age', type: 'number' as const },
  { name: 'income', type: 'number' as const },
];

describe('sampleDataFile', () => {
  it('draws the same rows for the same seed, in file order, and other rows for another seed', async () => {
    const a = await sampleDataFile(TRAIN, inputs, 20, 7);
    const b = await sampleDataFile(TRAIN, inputs, 20, 7);
    const c = await sampleDataFile(TRAIN, inputs, 20, 8);
    const rowsOf = (s: typeof a) => s.table.rows.map((r) => r.row);
    expect(rowsOf(a)).toEqual(rowsOf(b));
    expect(rowsOf(a)).not.toEqual(rowsOf(c));
    expect(rowsOf(a)).toEqual([...rowsOf(a)].sort((x, y) => x - y));
    expect(a.batch.rowCount).toBe(20);
    expect(a.sourceRows).toBeGreaterThan(1000);
  });

  it('takes the whole file when it has fewer rows than asked', async () => {
    const all = await sampleDataFile(TRAIN, inputs, 1_000_000, 1);
    expect(all.batch.rowCount).toBe(all.sourceRows);
  });
});
