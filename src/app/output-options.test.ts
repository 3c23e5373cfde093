import { describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import type { ModelSignature } from '../core/signature.ts';
import { checkOutputOptions, outputOptionsOf } from './output-options.ts';

const inputs = [{ name: 'x', type: 'number' as const }];
const scoreOnly: ModelSignature = { inputs, output: { kind: 'multiclass', classes: [0, 1, 2], scores: 'logits' } };
const labelled: ModelSignature = { inputs, output: { kind: 'binary', classes: ['no', 'yes'] } };
const regressor: ModelSignature = { inputs, output: { kind: 'regression' } };

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_argument');
    return (error as BallastError).message;
  }
  throw new Error('expected invalid_argument');
}

describe('checkOutputOptions', () => {
  it('accepts options that were used', () => {
    expect(() => checkOutputOptions(scoreOnly, { task: 'classification', classes: [0, 1, 2], scores: 'logits' }, 'm.onnx')).not.toThrow();
    expect(() => checkOutputOptions(labelled, { task: 'classification' }, 'm.onnx')).not.toThrow();
    expect(() => checkOutputOptions(regressor, { task: 'regression' }, 'm.onnx')).not.toThrow();
  });

  it('refuses a task the model is not', () => {
    expect(messageOf(() => checkOutputOptions(regressor, { task: 'classification' }, 'm.onnx'))).toBe(
      'm.onnx: --task classification was given but the model is a regressor',
    );
    expect(messageOf(() => checkOutputOptions(scoreOnly, { task: 'regression' }, 'm.onnx'))).toMatch(/multiclass classifier/);
  });

  it('refuses classes or a score reading for a model that does not output scores only', () => {
    expect(messageOf(() => checkOutputOptions(labelled, { classes: ['a', 'b'] }, 'm.json'))).toBe(
      'm.json: --classes apply only to a model whose only output is class scores; this classifier names its own classes ["no","yes"]',
    );
    expect(messageOf(() => checkOutputOptions(regressor, { scores: 'logits' }, 'm.txt'))).toMatch(
      /--scores apply only .* this model is a regressor/,
    );
  });
});

describe('outputOptionsOf', () => {
  it('keeps what was given, and nothing when nothing was', () => {
    expect(outputOptionsOf({})).toBeUndefined();
    expect(outputOptionsOf({ task: undefined, scores: 'logits' })).toEqual({ scores: 'logits' });
  });
});
