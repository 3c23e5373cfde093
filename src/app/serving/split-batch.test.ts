import { describe, expect, it } from 'vitest';
import { mergeOutputs, selectRows } from './split-batch.ts';

describe('selectRows', () => {
  it('takes the rows at the indices from every column, and the batch itself when all rows are taken in order', () => {
    const batch = { rowCount: 3, columns: [Float64Array.from([1, 2, 3]), ['a', null, 'c']] };
    expect(selectRows(batch, [2, 0])).toEqual({ rowCount: 2, columns: [Float64Array.from([3, 1]), ['c', 'a']] });
    expect(selectRows(batch, [0, 1, 2])).toBe(batch);
  });
});

describe('mergeOutputs', () => {
  it("puts each part's rows back at their places in the request", () => {
    const a = {
      kind: 'binary' as const,
      classes: [0, 1],
      probabilities: Float64Array.from([0.9, 0.1, 0.8, 0.2]),
      labelIndex: Int32Array.from([0, 0]),
    };
    const b = { kind: 'binary' as const, classes: [0, 1], probabilities: Float64Array.from([0.3, 0.7]), labelIndex: Int32Array.from([1]) };
    const merged = mergeOutputs(
      [
        { indices: [0, 2], output: a },
        { indices: [1], output: b },
      ],
      3,
    );
    expect(merged).toEqual({
      kind: 'binary',
      classes: [0, 1],
      probabilities: Float64Array.from([0.9, 0.1, 0.3, 0.7, 0.8, 0.2]),
      labelIndex: Int32Array.from([0, 1, 0]),
    });
    const values = mergeOutputs(
      [
        { indices: [1], output: { kind: 'regression', values: Float64Array.from([5]) } },
        { indices: [0], output: { kind: 'regression', values: Float64Array.from([4]) } },
      ],
      2,
    );
    expect(values).toEqual({ kind: 'regression', values: Float64Array.from([4, 5]) });
  });

  it('refuses versions that answer in different shapes', () => {
    const a = { kind: 'binary' as const, classes: [0, 1], probabilities: Float64Array.from([0.9, 0.1]), labelIndex: Int32Array.from([0]) };
    const b = {
      kind: 'binary' as const,
      classes: ['no', 'yes'],
      probabilities: Float64Array.from([0.9, 0.1]),
      labelIndex: Int32Array.from([0]),
    };
    expect(() =>
      mergeOutputs(
        [
          { indices: [0], output: a },
          { indices: [1], output: b },
        ],
        2,
      ),
    ).toThrow('answer in different shapes');
  });
});
