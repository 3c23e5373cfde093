import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { type Issue, MAX_ISSUES } from '../issues.ts';
import { binaryProbabilityRows, encodeClassification } from './classification-input.ts';

function issuesOf(run: () => unknown): { code: string; issues: readonly Issue[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastError) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error('expected a BallastError');
}

describe('encodeClassification', () => {
  it('encodes labels as class indexes and probabilities as one flat array', () => {
    const data = encodeClassification({
      classes: ['no', 'yes'],
      yTrue: ['yes', 'no'],
      yPred: ['yes', 'yes'],
      probabilities: [
        [0.2, 0.8],
        [0.6, 0.4],
      ],
    });
    expect(Array.from(data.truth)).toEqual([1, 0]);
    expect(Array.from(data.predicted)).toEqual([1, 1]);
    expect(Array.from(data.probabilities)).toEqual([0.2, 0.8, 0.6, 0.4]);
  });

  it('refuses empty input', () => {
    expect(issuesOf(() => encodeClassification({ classes: [0, 1], yTrue: [] }))).toEqual({
      code: 'invalid_value',
      issues: [{ code: 'invalid_value', path: ['y_true'], message: expect.stringMatching(/no rows/) }],
    });
  });

  it('names every label the model does not know, in y_true and y_pred', () => {
    const { issues } = issuesOf(() => encodeClassification({ classes: [0, 1], yTrue: [0, 2], yPred: ['1', 1] }));
    expect(issues.map((i) => i.path)).toEqual([
      ['y_true', 1],
      ['y_pred', 0],
    ]);
    expect(issues[1]!.message).toBe('"1" is not one of the model\'s classes');
  });

  it('refuses NaN, infinite and out-of-range probabilities, wrong widths and rows that do not sum to one', () => {
    const { issues } = issuesOf(() =>
      encodeClassification({
        classes: [0, 1],
        yTrue: [0, 0, 0, 0, 0],
        probabilities: [[Number.NaN, 1], [0.5, Number.POSITIVE_INFINITY], [1.5, -0.5], [1], [0.5, 0.6]],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      ['probabilities', 0, 0],
      ['probabilities', 1, 1],
      ['probabilities', 2, 0],
      ['probabilities', 2, 1],
      ['probabilities', 3],
      ['probabilities', 4],
    ]);
  });

  it('refuses fewer than two classes, repeated classes and mismatched lengths', () => {
    expect(issuesOf(() => encodeClassification({ classes: [1], yTrue: [1] })).issues[0]!.path).toEqual(['classes']);
    expect(issuesOf(() => encodeClassification({ classes: [1, 1], yTrue: [1] })).issues[0]!.path).toEqual(['classes', 1]);
    expect(issuesOf(() => encodeClassification({ classes: [0, 1], yTrue: [1], yPred: [1, 0] })).issues[0]!.path).toEqual(['y_pred']);
  });

  it('keeps at most MAX_ISSUES issues', () => {
    const yTrue = new Array<number>(100).fill(7);
    expect(issuesOf(() => encodeClassification({ classes: [0, 1], yTrue })).issues).toHaveLength(MAX_ISSUES);
  });
});

describe('binaryProbabilityRows', () => {
  it('widens positive-class scores as sklearn widens a 1-D y_prob, keeping bad scores for the check to name', () => {
    expect(binaryProbabilityRows([0.25, 1])).toEqual([
      [0.75, 0.25],
      [0, 1],
    ]);
    expect(() => encodeClassification({ classes: [0, 1], yTrue: [0], probabilities: binaryProbabilityRows([Number.NaN]) })).toThrow(
      'the rows cannot be scored: probabilities[0][0]: must be a finite number, got NaN',
    );
  });
});
