import { describe, expect, it } from 'vitest';
import { abKpiVerdict } from './ab-kpi-comparison.ts';
import { rateDifferenceInterval } from './ab-difference-interval.ts';
import { meanEffectSize, minSamplePerVariant, rateEffectSize } from './ab-sample-size.ts';
import { KpiAccumulator } from './kpi-accumulator.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MINUTE = 60_000;

/** Stable `a` converts `ka` of `na` logged predictions, the variant `b` `kb` of `nb`. */
function rateComparison(ka: number, na: number, kb: number, nb: number) {
  const acc = new KpiAccumulator([{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' }], MINUTE);
  acc.addLogged(T0, 'a', na);
  acc.addLogged(T0, 'b', nb);
  for (let i = 0; i < ka; i++) acc.addPrediction(T0, 'a', [{ name: 'conversion', value: 1 }]);
  for (let i = 0; i < kb; i++) acc.addPrediction(T0, 'b', [{ name: 'conversion', value: 1 }]);
  return acc.comparisons(['a', 'b'])[0]!;
}

describe('what the A/B analysis adds to a KPI compared between stable and the variant', () => {
  it("a rate: the interval of b − a, the rows to find the effect in percentage points from stable's rate, and whether both have them", () => {
    const small = abKpiVerdict(rateComparison(12, 100, 30, 110), 0.02);
    expect(small.ci).toEqual(rateDifferenceInterval(12, 100, 30, 110));
    expect(small.effect).toBe(0.02);
    // Stable's rate is 0.12: finding 0.12 → 0.14 takes 4,433 rows each (ab-sample-size.test.ts checks the number).
    expect(small.minSamplePerVariant).toBe(minSamplePerVariant(rateEffectSize(0.12, 0.02)!));
    expect(small.minSamplePerVariant).toBe(4433);
    expect(small.enoughData).toBe(false);

    const big = abKpiVerdict(rateComparison(600, 5000, 720, 4500), 0.02);
    expect(big.minSamplePerVariant).toBe(4433);
    expect(big.enoughData).toBe(true);
    // One variant short of the sample is not enough, however large the other.
    expect(abKpiVerdict(rateComparison(600, 5000, 500, 4000), 0.02).enoughData).toBe(false);
  });

  it("a mean: the effect is that share of stable's mean, standardised by both variants' spread", () => {
    const acc = new KpiAccumulator([{ name: 'basket', event: 'order', aggregate: 'mean' }], MINUTE);
    acc.addLogged(T0, 'a', 4);
    acc.addLogged(T0, 'b', 4);
    acc.addPrediction(
      T0,
      'a',
      [10, 12, 14, 16].map((value) => ({ name: 'order', value })),
    );
    acc.addPrediction(
      T0,
      'b',
      [11, 13, 17, 19].map((value) => ({ name: 'order', value })),
    );
    const verdict = abKpiVerdict(acc.comparisons(['a', 'b'])[0]!, 0.1);
    // Stable's mean is 13: a tenth of it is 1.3; the variances are 20/3 and 40/3.
    expect(verdict.effect).toBeCloseTo(1.3, 12);
    expect(verdict.minSamplePerVariant).toBe(minSamplePerVariant(meanEffectSize(20 / 3, 40 / 3, 1.3)!));
    expect(verdict.ci!.low).toBeLessThan(1.75);
    expect(verdict.ci!.high).toBeGreaterThan(1.75);
    expect(verdict.enoughData).toBe(false);
  });

  it('says nothing it cannot: no rows on stable, a zero mean to take a share of', () => {
    const empty = abKpiVerdict(
      {
        name: 'conversion_rate',
        event: 'conversion',
        aggregate: 'rate',
        a: { versionId: 'a', value: null, count: 0 },
        b: { versionId: 'b', value: 0.3, count: 10 },
        difference: null,
        pValue: null,
        test: 'two_proportion_z',
        samples: { a: { kind: 'rate', events: 0, rows: 0 }, b: { kind: 'rate', events: 3, rows: 10 } },
      },
      0.02,
    );
    expect([empty.ci, empty.minSamplePerVariant, empty.enoughData]).toEqual([null, null, false]);
    const acc = new KpiAccumulator([{ name: 'net', event: 'refund', aggregate: 'mean' }], MINUTE);
    acc.addLogged(T0, 'a', 1);
    acc.addLogged(T0, 'b', 1);
    acc.addPrediction(
      T0,
      'a',
      [-1, 1].map((value) => ({ name: 'refund', value })),
    );
    acc.addPrediction(
      T0,
      'b',
      [2, 3].map((value) => ({ name: 'refund', value })),
    );
    const zero = abKpiVerdict(acc.comparisons(['a', 'b'])[0]!, 0.02);
    expect([zero.effect, zero.minSamplePerVariant, zero.enoughData]).toEqual([null, null, false]);
  });
});
