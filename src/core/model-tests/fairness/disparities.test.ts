import { describe, expect, it } from 'vitest';
import { FAIRNESS_METRICS, type FairnessMetricName } from '../suite-types.ts';
import { disparities } from './disparities.ts';
import { groupRate } from './group-rates.ts';

/** Groups as [TP, FP, FN, TN]. */
function aggregates(groups: ReadonlyArray<readonly [number, number, number, number]>): Record<FairnessMetricName, number> {
  const values = disparities(Float64Array.from(groups.flat()), groups.length);
  return Object.fromEntries(FAIRNESS_METRICS.map((metric, m) => [metric, values[m]!])) as Record<FairnessMetricName, number>;
}

describe('disparities', () => {
  it('takes max − min and min / max of the rates over the groups', () => {
    // Selection rates 6/20 = 0.3 and 3/20 = 0.15; TPR 4/5 and 2/5; FPR 2/15 and 1/15.
    const values = aggregates([
      [4, 2, 1, 13],
      [2, 1, 3, 14],
    ]);
    expect(values.demographic_parity_difference).toBeCloseTo(0.15, 15);
    expect(values.demographic_parity_ratio).toBeCloseTo(0.5, 15);
    expect(values.disparate_impact_ratio).toBe(values.demographic_parity_ratio);
    expect(values.equal_opportunity_difference).toBeCloseTo(0.4, 15);
    expect(values.equalized_odds_difference).toBeCloseTo(0.4, 15);
    expect(values.equalized_odds_ratio).toBeCloseTo(0.5, 15);
  });

  it("keeps Python's min over [TPR ratio, FPR ratio]: an undefined TPR ratio gives undefined, an undefined FPR ratio does not", () => {
    // Nobody positive is selected anywhere: TPR 0 and 0 (0/0 ratio); FPR 0.3 and 0.1.
    const tprUndefined = aggregates([
      [0, 3, 5, 7],
      [0, 1, 4, 9],
    ]);
    expect(tprUndefined.equalized_odds_ratio).toBeNaN();
    expect(tprUndefined.equalized_odds_difference).toBeCloseTo(0.2, 15);
    // No false positives anywhere: FPR 0 and 0; TPR 0.8 and 0.4.
    const fprUndefined = aggregates([
      [4, 0, 1, 5],
      [2, 0, 3, 5],
    ]);
    expect(fprUndefined.equalized_odds_ratio).toBeCloseTo(0.5, 15);
  });

  it('skips a group with no rows (a resample that drew none of it) and is undefined with no groups at all', () => {
    const withEmpty = aggregates([
      [4, 2, 1, 13],
      [0, 0, 0, 0],
      [2, 1, 3, 14],
    ]);
    expect(withEmpty).toEqual(
      aggregates([
        [4, 2, 1, 13],
        [2, 1, 3, 14],
      ]),
    );
    expect(Object.values(aggregates([[0, 0, 0, 0]])).every(Number.isNaN)).toBe(true);
  });
});

describe('groupRate', () => {
  it("gives 0, as scikit-learn's normalised confusion matrix does, for the TPR of a group without positives and the FPR of one without negatives", () => {
    const counts = Float64Array.from([0, 3, 0, 7, 5, 0, 2, 0]);
    expect(groupRate(counts, 0, 'true_positive_rate')).toBe(0);
    expect(groupRate(counts, 1, 'false_positive_rate')).toBe(0);
    expect(groupRate(counts, 0, 'accuracy')).toBe(0.7);
    expect(groupRate(counts, 1, 'count')).toBe(7);
    expect(groupRate(new Float64Array(4), 0, 'selection_rate')).toBeNaN();
  });
});
