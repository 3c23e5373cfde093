import { describe, expect, it } from 'vitest';
import { flattenTensorData } from './flatten-tensor-data.ts';

function flatten(data: unknown, shape: number[]): { flat: unknown; problems: string[] } {
  const problems: string[] = [];
  return { flat: flattenTensorData(data, shape, (m) => problems.push(m)), problems };
}

describe('flattenTensorData', () => {
  it('takes flat row-major data whose length is the product of the shape', () => {
    expect(flatten([1, 2, 3, 4, 5, 6], [2, 3])).toEqual({ flat: [1, 2, 3, 4, 5, 6], problems: [] });
    expect(flatten([], [0, 13])).toEqual({ flat: [], problems: [] });
  });
  it('flattens data nested to the shape, row by row', () => {
    expect(
      flatten(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [2, 3],
      ).flat,
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expect(flatten([[1], [2]], [2, 1]).flat).toEqual([1, 2]);
  });
  it('names the count when flat data and shape disagree', () => {
    expect(flatten([1, 2], [3]).problems).toEqual(['has 2 elements but shape [3] holds 3']);
    expect(flatten([1], [2, 2]).problems).toEqual(['has 1 element but shape [2, 2] holds 4']);
  });
  it('refuses ragged, too deep or too shallow nesting, naming where', () => {
    expect(flatten([[1, 2], [3]], [2, 2]).problems).toEqual(['data[1] has 1 entries where dimension 1 has size 2 (shape [2, 2])']);
    expect(
      flatten(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [2, 2],
      ).problems,
    ).toEqual(['data has 3 entries where dimension 0 has size 2 (shape [2, 2])']);
    expect(flatten([[[1]], [[2]]], [2, 1]).problems).toEqual(["data[0][0] nests deeper than the shape's 2 dimensions (shape [2, 1])"]);
    expect(flatten([[1, 2], 3], [2, 2]).problems).toEqual([
      'data[1] is a single value where dimension 1 needs an array of 2 (shape [2, 2])',
    ]);
    expect(flatten([[1, 2]], [2]).problems).toEqual(['data has 1 entries where dimension 0 has size 2 (shape [2])']);
  });
  it('refuses data that is not an array', () => {
    expect(flatten({ 0: 1 }, [1]).problems).toEqual(['must be an array of the tensor elements']);
    expect(flatten('1,2', [2]).problems).toEqual(['must be an array of the tensor elements']);
  });
});
