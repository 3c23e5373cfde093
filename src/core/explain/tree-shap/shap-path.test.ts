import { describe, expect, it } from 'vitest';
import { createShapPath, extendPath, FEATURE, ONE, reciprocals, STRIDE, unwindPath, unwoundPathSum, WEIGHT, ZERO } from './shap-path.ts';

const weights = (path: Float64Array, count: number) => Array.from({ length: count }, (_, i) => path[i * STRIDE + WEIGHT]!);

describe('TreeSHAP path', () => {
  it('UNWIND undoes an EXTEND, and unwoundPathSum is the weight left after unwinding, without unwinding', () => {
    const path = createShapPath(4);
    extendPath(path, 0, 0, 1, 1, -1);
    extendPath(path, 0, 1, 0.75, 1, 0);
    extendPath(path, 0, 2, 0.4, 0, 1);
    const before = weights(path, 3);
    extendPath(path, 0, 3, 0.5, 1, 2);
    const sums = [1, 2, 3].map((index) => unwoundPathSum(path, 0, 3, index, reciprocals(4)));
    unwindPath(path, 0, 3, 3);
    const after = weights(path, 3);
    after.forEach((weight, i) => expect(weight).toBeCloseTo(before[i]!, 12));
    expect(sums[2]).toBeCloseTo(
      after.reduce((total, weight) => total + weight, 0),
      12,
    );
    expect([0, 1, 2].map((i) => path[i * STRIDE + FEATURE])).toEqual([-1, 0, 1]);
  });

  it('unwinds an element from the middle, shifting the later ones down', () => {
    const path = createShapPath(3);
    extendPath(path, 0, 0, 1, 1, -1);
    extendPath(path, 0, 1, 0.5, 1, 7);
    extendPath(path, 0, 2, 0.25, 0, 9);
    unwindPath(path, 0, 2, 1);
    expect([path[STRIDE + FEATURE], path[STRIDE + ZERO], path[STRIDE + ONE]]).toEqual([9, 0.25, 0]);
  });
});
