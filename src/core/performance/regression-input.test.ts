import { describe, expect, it } from 'vitest';
import { checkRegression } from './regression-input.ts';

describe('checkRegression', () => {
  it('passes finite numbers through as typed arrays', () => {
    expect(checkRegression({ yTrue: [1, 2], yPred: [1.5, -2] })).toEqual({ yTrue: Float64Array.of(1, 2), yPred: Float64Array.of(1.5, -2) });
  });

  it('names a string target for a regressor by its row', () => {
    expect(() => checkRegression({ yTrue: ['7' as unknown as number], yPred: [7] })).toThrow(
      'the rows cannot be scored: y_true[0]: must be a finite number, got "7"',
    );
  });
});
