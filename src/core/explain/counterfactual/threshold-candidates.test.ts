import { describe, expect, it } from 'vitest';
import { handTreeModel } from './testing/hand-trees.ts';
import { thresholdCandidates } from './threshold-candidates.ts';

describe('thresholdCandidates', () => {
  const split = (threshold: number) => ({ feature: 0, threshold, left: { leaf: -1 }, right: { leaf: 1 } });

  it('takes the nearest value on each side by the framework rule, shortened where the split agrees', () => {
    // XGBoost: left when x < 0.3 in float32, so 0.3 itself goes right and the float32 below it goes left.
    const xgb = thresholdCandidates(handTreeModel(1, [split(0.3)], 'lt'), 0, false);
    expect(xgb).toHaveLength(2);
    expect(xgb[1]).toBe(0.3);
    expect(Math.fround(xgb[0]!)).toBeLessThan(Math.fround(0.3));
    // LightGBM: left when x <= 0.3, so 0.3 goes left and the next double goes right.
    const lgb = thresholdCandidates(handTreeModel(1, [split(0.3)], 'le'), 0, false);
    expect(lgb[0]).toBe(0.3);
    expect(lgb[1]).toBeGreaterThan(0.3);
  });

  it('uses whole numbers on both sides for integer features', () => {
    expect(thresholdCandidates(handTreeModel(1, [split(30.5)], 'lt'), 0, true)).toEqual([30, 31]);
    expect(thresholdCandidates(handTreeModel(1, [split(30)], 'lt'), 0, true)).toEqual([29, 30]);
    expect(thresholdCandidates(handTreeModel(1, [split(30)], 'le'), 0, true)).toEqual([30, 31]);
  });

  it('gathers every tree, ignores other features, and gives nothing for an unused feature', () => {
    const model = handTreeModel(2, [split(1), split(5), { feature: 1, threshold: 9, left: { leaf: 0 }, right: { leaf: 1 } }], 'le');
    expect(thresholdCandidates(model, 0, true)).toEqual([1, 2, 5, 6]);
    expect(thresholdCandidates(handTreeModel(2, [split(1)]), 1, false)).toEqual([]);
  });
});
