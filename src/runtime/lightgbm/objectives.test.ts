import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { parseObjective } from './objectives.ts';

function convert(line: string, raw: readonly number[], numClass = 1): number[] {
  const objective = parseObjective(line, numClass);
  const scores = Float64Array.from(raw);
  objective.convert(scores, 0);
  return [...scores];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('parseObjective', () => {
  it('binary: sigmoid scaled by its parameter, one output, binary kind', () => {
    const objective = parseObjective('binary sigmoid:1', 1);
    expect([objective.kind, objective.numOutputs]).toEqual(['binary', 1]);
    expect(convert('binary sigmoid:1', [0])).toEqual([0.5]);
    expect(convert('binary sigmoid:2', [0.75])[0]).toBeCloseTo(sigmoid(1.5), 15);
    expect(convert('binary sigmoid:0.6', [-2])[0]).toBeCloseTo(sigmoid(-1.2), 15);
  });

  it('multiclass: softmax that stays finite for large scores', () => {
    const objective = parseObjective('multiclass num_class:3', 3);
    expect([objective.kind, objective.numOutputs]).toEqual(['multiclass', 3]);
    const p = convert('multiclass num_class:3', [1, 2, 3], 3);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    p.forEach((value, i) => expect(value).toBeCloseTo(Math.exp(i + 1) / z, 15));
    expect(convert('multiclass num_class:2', [1000, 1000], 2)).toEqual([0.5, 0.5]);
  });

  it('multiclassova: an unnormalised sigmoid per class', () => {
    const p = convert('multiclassova num_class:2 sigmoid:1', [0, 2], 2);
    expect(p[0]).toBe(0.5);
    expect(p[1]).toBeCloseTo(sigmoid(2), 15);
  });

  it('regression family: identity, or a signed square with sqrt', () => {
    for (const name of ['regression', 'regression_l1', 'huber', 'fair', 'quantile', 'mape']) {
      expect(parseObjective(name, 1).kind).toBe('regression');
      expect(convert(name, [-1.5])).toEqual([-1.5]);
    }
    expect(convert('regression sqrt', [-1.5])).toEqual([-2.25]);
    expect(convert('regression_l1 sqrt', [3])).toEqual([9]);
  });

  it('poisson, gamma, tweedie: exp link', () => {
    for (const name of ['poisson', 'gamma', 'tweedie']) expect(convert(name, [0.5])).toEqual([Math.exp(0.5)]);
  });

  it('cross_entropy is a probability (binary kind); cross_entropy_lambda is log(1 + exp(x))', () => {
    expect(parseObjective('cross_entropy', 1).kind).toBe('binary');
    expect(convert('cross_entropy', [1])[0]).toBeCloseTo(sigmoid(1), 15);
    expect(parseObjective('cross_entropy_lambda', 1).kind).toBe('regression');
    expect(convert('cross_entropy_lambda', [0])[0]).toBeCloseTo(Math.LN2, 15);
  });

  it('converts the row at the given offset only', () => {
    const objective = parseObjective('multiclass num_class:2', 2);
    const scores = Float64Array.of(5, 5, 0, 0, 7);
    objective.convert(scores, 2);
    expect([...scores]).toEqual([5, 5, 0.5, 0.5, 7]);
  });

  it('refuses what it cannot convert faithfully', () => {
    expect(() => parseObjective('binary', 1)).toThrow(/objective 'binary' is missing its 'sigmoid:' parameter/);
    expect(() => parseObjective('binary sigmoid:0', 1)).toThrow(/expected a positive number/);
    expect(() => parseObjective('binary sigmoid:abc', 1)).toThrow(ModelLoadError);
    expect(() => parseObjective('multiclass', 3)).toThrow(/missing its 'num_class:' parameter/);
    expect(() => parseObjective('multiclass num_class:4', 3)).toThrow(/num_class:4 but the header says num_class=3/);
    expect(() => parseObjective('multiclassova num_class:3', 3)).toThrow(/sigmoid/);
    expect(() => parseObjective('regression', 3)).toThrow(/has one output but the header says num_class=3/);
    expect(() => parseObjective('lambdarank', 1)).toThrow(/objective 'lambdarank' is not supported \(supported: binary/);
  });
});
