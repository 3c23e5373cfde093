import { describe, expect, it } from 'vitest';
import { loadOptionsFor } from './load-options.ts';

describe('loadOptionsFor', () => {
  it('gives the feature names of any signature', () => {
    const signature = {
      inputs: [
        { name: 'a', type: 'number' as const },
        { name: 'b', type: 'string' as const },
      ],
      output: { kind: 'binary' as const, classes: [0, 1] },
    };
    expect(loadOptionsFor(signature)).toEqual({ featureNames: ['a', 'b'] });
  });

  it('gives the stored classes and score reading of a score-only classifier', () => {
    const signature = {
      inputs: [{ name: 'x', type: 'number' as const }],
      output: { kind: 'multiclass' as const, classes: ['low', 'mid', 'high'], scores: 'logits' as const },
    };
    expect(loadOptionsFor(signature)).toEqual({
      featureNames: ['x'],
      output: { task: 'classification', classes: ['low', 'mid', 'high'], scores: 'logits' },
    });
  });
});
