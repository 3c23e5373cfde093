import { describe, expect, it } from 'vitest';
import { scoreAnswers } from './outcome.ts';

describe('scoreAnswers', () => {
  it('takes the model label for validity and the desired class probability as the score', () => {
    const answers = {
      kind: 'binary' as const,
      classes: [0, 1],
      probabilities: Float64Array.from([0.7, 0.3, 0.4, 0.6]),
      labelIndex: Int32Array.from([0, 1]),
    };
    const out = scoreAnswers({ kind: 'class', classIndex: 1 }, answers, 2);
    expect(Array.from(out.valid)).toEqual([0, 1]);
    expect(Array.from(out.score)).toEqual([0.3, 0.6]);
  });

  it('is valid inside the range (bounds included) and scores minus the gap outside it', () => {
    const answers = { kind: 'regression' as const, values: Float64Array.from([5, 10, 12, Number.NaN]) };
    const out = scoreAnswers({ kind: 'range', min: 8, max: 10 }, answers, 4);
    expect(Array.from(out.valid)).toEqual([0, 1, 0, 0]);
    expect(Array.from(out.score)).toEqual([-3, -0, -2, -Infinity]);
  });
});
