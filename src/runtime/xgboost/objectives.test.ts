import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmaxFirst, exp32, findObjective, isValidIntercept, logit32, sigmoid32, softmax32, SUPPORTED_OBJECTIVES } from './objectives.ts';

describe('sigmoid32', () => {
  it('agrees with the float64 sigmoid to float32 precision', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(sigmoid32(x) - 1 / (1 + Math.exp(-x)))).toBeLessThan(2e-7);
      }),
    );
  });

  it('returns float32 values and stays finite for extreme margins', () => {
    expect(sigmoid32(0)).toBe(0.5);
    expect(sigmoid32(1000)).toBe(1);
    expect(sigmoid32(-1000)).toBeGreaterThan(0);
    expect(sigmoid32(0.3)).toBe(Math.fround(sigmoid32(0.3)));
  });
});

describe('logit32', () => {
  it('inverts the sigmoid and is zero at one half', () => {
    expect(logit32(0.5) === 0).toBe(true);
    expect(logit32(0.675)).toBeCloseTo(Math.log(0.675 / 0.325), 6);
    expect(sigmoid32(logit32(0.2))).toBeCloseTo(0.2, 6);
  });

  it('clamps 0 and 1 to 1e-6 away from the ends, as XGBoost does', () => {
    expect(logit32(0)).toBeCloseTo(-13.8155, 3);
    // 1 - 1e-6 is coarse in float32, so the upper end lands at 13.745 rather than 13.8155.
    expect(logit32(1)).toBeCloseTo(13.745, 2);
  });
});

describe('softmax32', () => {
  it('matches the float64 softmax and sums to one', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 2, maxLength: 6 }), (margins) => {
        const out = new Float64Array(margins.length + 1);
        const shifted = [0, ...margins];
        softmax32(shifted, 1, margins.length, out);
        const max = Math.max(...margins);
        const total = margins.reduce((sum, m) => sum + Math.exp(m - max), 0);
        margins.forEach((m, k) => expect(Math.abs(out[k + 1]! - Math.exp(m - max) / total)).toBeLessThan(1e-6));
        expect(out[0]).toBe(0);
      }),
    );
  });

  it('does not overflow on large margins', () => {
    const out = new Float64Array(2);
    softmax32([1000, 1001], 0, 2, out);
    expect(out[0]! + out[1]!).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });
});

describe('argmaxFirst', () => {
  it('picks the first of equal maxima', () => {
    expect(argmaxFirst([1, 3, 3, 2], 0, 4)).toBe(1);
    expect(argmaxFirst([9, 1, 3, 3], 1, 3)).toBe(1);
    expect(argmaxFirst([0, 0], 0, 2)).toBe(0);
  });
});

describe('objective table', () => {
  it('knows every objective the runtime claims', () => {
    for (const name of SUPPORTED_OBJECTIVES) expect(findObjective(name)?.name).toBe(name);
    expect(findObjective('rank:pairwise')).toBeUndefined();
    expect(findObjective('binary:hinge')).toBeUndefined();
  });

  it('turns base_score into a margin with each link', () => {
    expect(findObjective('binary:logistic')!.interceptToMargin(0.5) === 0).toBe(true);
    expect(findObjective('binary:logitraw')!.interceptToMargin(0.46)).toBe(Math.fround(0.46));
    expect(findObjective('count:poisson')!.interceptToMargin(1.765)).toBeCloseTo(Math.log(1.765), 6);
    expect(findObjective('multi:softprob')!.interceptToMargin(-0.23)).toBe(Math.fround(-0.23));
    expect(exp32(Math.log(2))).toBeCloseTo(2, 6);
  });

  it('classifies outputs and links', () => {
    expect(findObjective('binary:logitraw')).toMatchObject({ output: 'binary', link: 'logistic' });
    expect(findObjective('reg:logistic')).toMatchObject({ output: 'regression', link: 'logistic' });
    expect(findObjective('reg:tweedie')).toMatchObject({ output: 'regression', link: 'exp' });
    expect(findObjective('multi:softmax')).toMatchObject({ output: 'multiclass' });
  });

  it('checks base_score domains', () => {
    expect(isValidIntercept('probability', 0)).toBe(true);
    expect(isValidIntercept('probability', 1.2)).toBe(false);
    expect(isValidIntercept('positive', 0)).toBe(false);
    expect(isValidIntercept('positive', 0.1)).toBe(true);
    expect(isValidIntercept('any', -5)).toBe(true);
    expect(isValidIntercept('any', Number.NaN)).toBe(false);
  });
});
