import { describe, expect, it } from 'vitest';
import { confusionMatrix, marginals } from './confusion-matrix.ts';
import { inputOf, references } from './testing/references.ts';

describe('confusionMatrix', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(`equals sklearn's confusion_matrix(labels=classes): ${c.name}`, () => {
      expect(confusionMatrix(inputOf(c)).counts).toEqual(c.confusion_matrix);
    });
  }

  it('keeps a row and a column for a class that never occurs', () => {
    const { counts } = confusionMatrix({ classes: ['a', 'b', 'c'], yTrue: ['a', 'b'], yPred: ['b', 'b'] });
    expect(counts).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(marginals(counts)).toEqual({ support: [1, 1, 0], predicted: [0, 2, 0], total: 2 });
  });

  it('refuses an input without predicted labels', () => {
    expect(() => confusionMatrix({ classes: [0, 1], yTrue: [0, 1] })).toThrow(/needs predicted labels/);
  });
});
