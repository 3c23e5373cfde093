import { describe, expect, it } from 'vitest';
import { createShapPath, extendPath, unwindPath, unwoundPathSum } from './shap-path.ts';

describe('TreeSHAP path', () => {
  it('UNWIND undoes an EXTEND, and unwoundPathSum is the weight left after unwinding, without unwinding', () => {
    const path = createShapPath(4);
    extendPath(path, 0, 0, 1, 1, -1);
    extendPath(path, 0, 1, 0.75, 1, 0);
    extendPath(path, 0, 2, 0.4, 0, 1);
    const before = Array.from(path.weight.subarray(0, 3));
    extendPath(path, 0, 3, 0.5, 1, 2);
    const sum = unwoundPathSum(path, 0, 3, 3);
    unwindPath(path, 0, 3, 3);
    const after = Array.from(path.weight.subarray(0, 3));
    after.forEach((weight, i) => expect(weight).toBeCloseTo(before[i]!, 12));
    expect(sum).toBeCloseTo(
      after.reduce((total, weight) => total + weight, 0),
      12,
    );
    expect(Array.from(path.feature.subarray(0, 3))).toEqual([-1, 0, 1]);
  });

  it('unwinds an element from the middle, shifting the later ones down', () => {
    const path = createShapPath(3);
    extendPath(path, 0, 0, 1, 1, -1);
    extendPath(path, 0, 1, 0.5, 1, 7);
    extendPath(path, 0, 2, 0.25, 0, 9);
    unwindPath(path, 0, 2, 1);
    expect([path.feature[1], path.zero[1], path.one[1]]).toEqual([9, 0.25, 0]);
  });
});
