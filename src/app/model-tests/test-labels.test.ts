import { describe, expect, it } from 'vitest';
import type { BallastError } from '../../core/errors.ts';
import { readLabels } from './test-labels.ts';

describe('readLabels', () => {
  it("reads a classifier's labels as class indexes, text and numbers alike", () => {
    const output = { kind: 'binary' as const, classes: [0, 1] };
    expect(Array.from(readLabels(['1', '0', '1.0', 1, 0], output, [0, 1], 'y', 'd.csv'))).toEqual([1, 0, 1, 1, 0]);
    expect(Array.from(readLabels(['no', 'yes'], { kind: 'binary', classes: ['no', 'yes'] }, ['no', 'yes'], 'y', 'd.csv'))).toEqual([0, 1]);
  });

  it("reads a regressor's labels as numbers", () => {
    expect(Array.from(readLabels(['1.5', 2, '-3e2'], { kind: 'regression' }, undefined, 'y', 'd.csv'))).toEqual([1.5, 2, -300]);
  });

  it('refuses unknown and missing labels, naming each value and its rows', () => {
    const refuse = (cells: Array<string | number | null>, classes: readonly (string | number)[] | undefined) => {
      try {
        readLabels(cells, classes ? { kind: 'binary', classes } : { kind: 'regression' }, classes, 'y', 'd.csv');
      } catch (error) {
        expect((error as BallastError).code).toBe('unknown_label');
        return (error as BallastError).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(['yes', '0', 'yes', null, '2'], [0, 1])).toBe(
      'd.csv: 4 rows of label column "y" are not one of the model\'s classes 0, 1: "yes" (2 rows), (missing) (1 row), "2" (1 row)',
    );
    expect(refuse(['1', 'high'], undefined)).toBe(
      'd.csv: 1 row of label column "y" is not a finite number (the model is a regressor): "high" (1 row)',
    );
  });
});
