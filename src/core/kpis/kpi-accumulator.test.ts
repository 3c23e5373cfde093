import { describe, expect, it } from 'vitest';
import { Moments } from '../sketches/moments.ts';
import { KpiAccumulator } from './kpi-accumulator.ts';
import type { KpiDefinition } from './kpi-definitions.ts';
import { meanEstimate, rateEstimate, sumEstimate } from './kpi-intervals.ts';
import { references } from './testing/references.ts';

const KPIS: KpiDefinition[] = [
  { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' },
  { name: 'revenue', event: 'conversion', aggregate: 'sum' },
  { name: 'basket', event: 'conversion', aggregate: 'mean' },
];
const MINUTE = 60_000;
const T0 = Date.parse('2026-11-25T10:00:00Z');
const momentsOf = (values: readonly number[]) => values.reduce((m, v) => (m.add(v), m), new Moments());

describe('KpiAccumulator', () => {
  it("counts a prediction once in a rate, adds its events up in a sum, and takes every event's value in a mean", () => {
    const acc = new KpiAccumulator(KPIS, MINUTE);
    acc.addLogged(T0, 'v1', 10);
    acc.addLogged(T0 + MINUTE, 'v1', 4);
    acc.addLogged(T0, 'v2', 5);
    acc.addPrediction(T0 + 1000, 'v1', [
      { name: 'conversion', value: 20 },
      { name: 'conversion', value: 30 },
      { name: 'refund', value: 99 },
    ]);
    acc.addPrediction(T0 + 59_999, 'v1', [{ name: 'conversion', value: 10 }]);
    acc.addPrediction(T0 + MINUTE, 'v1', [{ name: 'refund', value: 5 }]);
    // Time first, then version.
    const [first, other, second] = acc.windows();
    expect([first!.windowStart, first!.versionId, first!.rows]).toEqual([T0, 'v1', 10]);
    expect(first!.kpis).toEqual([
      { ...KPIS[0], ...rateEstimate(2, 10) },
      { ...KPIS[1], ...sumEstimate(10, momentsOf([50, 10])) },
      { ...KPIS[2], ...meanEstimate(momentsOf([20, 30, 10])) },
    ]);
    expect(first!.kpis.map((k) => k.value)).toEqual([0.2, 60, 20]);
    // A window with predictions but no such event: a rate of 0, a total of 0, no mean.
    expect([second!.windowStart, second!.versionId, second!.kpis.map((k) => [k.value, k.count])]).toEqual([
      T0 + MINUTE,
      'v1',
      [
        [0, 4],
        [0, 4],
        [null, 0],
      ],
    ]);
    expect([other!.windowStart, other!.versionId, other!.rows]).toEqual([T0, 'v2', 5]);
  });

  it('never divides a rate by fewer predictions than it saw events for', () => {
    const acc = new KpiAccumulator(KPIS.slice(0, 1), MINUTE);
    acc.addPrediction(T0, 'v1', [{ name: 'conversion', value: 1 }]);
    expect(acc.windows()[0]!.kpis[0]).toMatchObject({ value: 1, count: 1 });
  });

  it('compares every pair of versions over the whole range with the right test (scipy fixtures), older first', () => {
    const acc = new KpiAccumulator(KPIS, MINUTE);
    // Rates: 12 of 100 against 30 of 110, spread over two windows.
    const rate = references.two_proportions.find((c) => c.na === 100)!;
    acc.addLogged(T0, 'v1', 60);
    acc.addLogged(T0 + MINUTE, 'v1', 40);
    acc.addLogged(T0, 'v2', 110);
    // v1 converts with values of a fixture's sample, v2 with 1 each, and a third version v3 serves too.
    const sums = references.welch.find((c) => c.name === 'sums_with_zeros')!;
    const positive = (xs: number[]) => xs.filter((x) => x > 0);
    let t = T0;
    const convert = (version: string, value: number) => acc.addPrediction(t++, version, [{ name: 'conversion', value }]);
    for (const x of positive(sums.a).slice(0, rate.ka)) convert('v1', x);
    for (let i = 0; i < rate.kb; i++) convert('v2', 1);
    acc.addLogged(T0, 'v3', sums.b.length);
    for (const x of positive(sums.b)) convert('v3', x);

    const comparisons = acc.comparisons(['v1', 'v2', 'v3']);
    expect(comparisons.map((c) => [c.name, c.a.versionId, c.b.versionId, c.test])).toEqual([
      ['conversion_rate', 'v1', 'v2', 'two_proportion_z'],
      ['conversion_rate', 'v1', 'v3', 'two_proportion_z'],
      ['conversion_rate', 'v2', 'v3', 'two_proportion_z'],
      ['revenue', 'v1', 'v2', 'welch_t'],
      ['revenue', 'v1', 'v3', 'welch_t'],
      ['revenue', 'v2', 'v3', 'welch_t'],
      ['basket', 'v1', 'v2', 'welch_t'],
      ['basket', 'v1', 'v3', 'welch_t'],
      ['basket', 'v2', 'v3', 'welch_t'],
    ]);
    const rates = comparisons[0]!;
    expect(rates.a).toEqual({ versionId: 'v1', value: 0.12, count: 100 });
    expect(rates.b).toEqual({ versionId: 'v2', value: 30 / 110, count: 110 });
    expect(rates.difference).toBeCloseTo(30 / 110 - 0.12, 15);
    expect(rates.pValue!).toBeCloseTo(rate.p_value, 10);
    expect(rates.samples).toEqual({ a: { kind: 'rate', events: 12, rows: 100 }, b: { kind: 'rate', events: 30, rows: 110 } });

    // v1's 12 sums are the fixture's first 12 positives: compare against those with 88 zeros.
    const v1Sums = [...positive(sums.a).slice(0, 12), ...Array.from({ length: 88 }, () => 0)];
    const total = comparisons[4]!;
    expect(total.a).toMatchObject({ versionId: 'v1', count: 100 });
    expect(total.a.value!).toBeCloseTo(v1Sums.reduce((s, x) => s + x, 0) / 100, 12);
    expect(total.b).toMatchObject({ versionId: 'v3', count: sums.b.length });
    expect(total.b.value!).toBeCloseTo(sums.b.reduce((s, x) => s + x, 0) / sums.b.length, 12);
    expect(total.pValue).not.toBeNull();
  });

  it("compares a sum per logged prediction with Welch's test and a mean over events, as scipy does", () => {
    const sums = references.welch.find((c) => c.name === 'sums_with_zeros')!;
    const means = references.welch.find((c) => c.name === 'tiny')!;
    const acc = new KpiAccumulator(KPIS, MINUTE);
    acc.addLogged(T0, 'a', sums.a.length);
    acc.addLogged(T0, 'b', sums.b.length);
    let t = T0;
    for (const x of sums.a.filter((v) => v > 0)) acc.addPrediction(t++, 'a', [{ name: 'conversion', value: x }]);
    for (const x of sums.b.filter((v) => v > 0)) acc.addPrediction(t++, 'b', [{ name: 'conversion', value: x }]);
    const [, revenue] = acc.comparisons(['a', 'b']);
    expect(revenue!.pValue!).toBeCloseTo(sums.p_value, 10);

    const basket = new KpiAccumulator(KPIS.slice(2), MINUTE);
    basket.addLogged(T0, 'a', 1);
    basket.addLogged(T0, 'b', 1);
    basket.addPrediction(
      T0,
      'a',
      means.a.map((value) => ({ name: 'conversion', value })),
    );
    basket.addPrediction(
      T0,
      'b',
      means.b.map((value) => ({ name: 'conversion', value })),
    );
    const [compared] = basket.comparisons(['a', 'b']);
    expect(compared!.a).toEqual({ versionId: 'a', value: 7 / 3, count: 3 });
    expect(compared!.b).toEqual({ versionId: 'b', value: 27 / 4, count: 4 });
    expect(compared!.pValue!).toBeCloseTo(means.p_value, 10);
    // The moments the test read, for the A/B analysis's interval: [1, 2, 4] has variance 7/3.
    expect(compared!.samples.a).toMatchObject({ kind: 'moments', count: 3, mean: 7 / 3 });
    expect(compared!.samples.a.kind === 'moments' && compared!.samples.a.sampleVariance).toBeCloseTo(7 / 3, 12);
  });

  it('compares nothing with one version, and orders versions it was not told about last', () => {
    const acc = new KpiAccumulator(KPIS, MINUTE);
    acc.addLogged(T0, 'v1', 3);
    expect(acc.comparisons(['v1'])).toEqual([]);
    acc.addLogged(T0, 'v0', 3);
    expect(acc.comparisons(['v1'])[0]).toMatchObject({ a: { versionId: 'v1' }, b: { versionId: 'v0' }, pValue: null });
  });
});
