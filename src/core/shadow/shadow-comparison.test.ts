import { describe, expect, it } from 'vitest';
import { compareShadow, type ShadowPair } from './shadow-comparison.ts';

// Twelve binary predictions; expected values from numpy and scikit-learn (quantile, accuracy_score, roc_auc_score).
const age = [22, 25, 31, 35, 41, 45, 52, 58, 63, 70, 29, 38];
const purpose = ['car', 'car', 'car', 'tv', 'tv', 'tv', 'car', 'tv', 'car', 'tv', 'car', 'tv'];
const p = [0.1, 0.2, 0.6, 0.4, 0.7, 0.9, 0.3, 0.55, 0.45, 0.8, 0.15, 0.35];
const q = [0.15, 0.1, 0.4, 0.45, 0.75, 0.95, 0.6, 0.5, 0.5, 0.85, 0.2, 0.3];
const labels = [0, 0, 1, 0, 1, 1, 1, 0, 1, 1, undefined, undefined];
const binary = (p1: number) => ({ label: p1 >= 0.5 ? 1 : 0, probabilities: [1 - p1, p1] });

const pairs: ShadowPair[] = p.map((p1, i) => ({
  primary: binary(p1),
  shadow: binary(q[i]!),
  inputs: { age: age[i], purpose: purpose[i] },
  primaryLatencyMs: i + 1,
  ...(labels[i] === undefined ? {} : { label: labels[i] }),
}));

const inputs = [
  { name: 'age', type: 'number' as const },
  { name: 'purpose', type: 'string' as const },
];

describe('comparing a shadow with the primary', () => {
  it('measures agreement, flips by direction, the score difference of the positive class, latency and realised performance', () => {
    const report = compareShadow(pairs, { classes: [0, 1], shadowClasses: [0, 1], inputs, minSliceRows: 1 });
    expect(report.rows).toBe(12);
    expect(report.agreement_rate).toBe(0.75);
    expect(report.label_flip_rate).toBe(0.25);
    expect(report.agreement_tolerance).toBeNull();
    expect(report.flips).toEqual([
      { from: 0, to: 1, rows: 2 },
      { from: 1, to: 0, rows: 1 },
    ]);
    const d = report.score_difference;
    expect(d.mean).toBeCloseTo(0.020833333333333325, 12);
    expect([d.p50, d.p90, d.p99].map((x) => Number(x!.toFixed(10)))).toEqual([0.05, 0.05, 0.2725]);
    expect(d.max_abs).toBeCloseTo(0.3, 12);
    expect(d.histogram.edges).toHaveLength(21);
    expect(d.histogram.counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(d.histogram.edges[0]).toBeCloseTo(-0.2, 12);
    expect(d.histogram.edges[20]).toBeCloseTo(0.3, 12);
    expect(report.primary_latency).toEqual({ p50_ms: 6, p99_ms: 12 });
    expect(report.performance.labelled_rows).toBe(10);
    expect(report.performance.primary.accuracy).toBeCloseTo(0.7, 12);
    expect(report.performance.shadow.accuracy).toBeCloseTo(0.8, 12);
    expect(report.performance.primary.roc_auc).toBeCloseTo(0.875, 12);
    expect(report.performance.shadow.roc_auc).toBeCloseTo(0.8958333333333334, 12);
  });

  it('slices by categorical values and quartile bins of the numbers, worst agreement first, then the largest difference', () => {
    const report = compareShadow(pairs, { classes: [0, 1], shadowClasses: [0, 1], inputs, minSliceRows: 1 });
    expect(report.slices.map((s) => [s.column, s.slice, s.rows, Number(s.agreement_rate.toFixed(4))])).toEqual([
      ['purpose', 'car', 6, 0.5],
      ['age', '[39.5, 53.5)', 3, 0.6667],
      ['age', '[30.5, 39.5)', 3, 0.6667],
      ['age', '>= 53.5', 3, 0.6667],
      ['age', '< 30.5', 3, 1],
      ['purpose', 'tv', 6, 1],
    ]);
    expect(report.slices[0]!.mean_abs_score_difference).toBeCloseTo(0.125, 12);
    expect(report.slices[0]!.label_flip_rate).toBe(0.5);
    // Slices under the minimum are left out (default 10 rows).
    expect(compareShadow(pairs, { classes: [0, 1], shadowClasses: [0, 1], inputs }).slices).toEqual([]);
  });

  it("reads the shadow's probabilities by class even when its classes come in another order", () => {
    const swapped = pairs.map((pair) => ({
      ...pair,
      shadow: {
        label: (pair.shadow as { label: number }).label,
        probabilities: [...(pair.shadow as { probabilities: readonly number[] }).probabilities].reverse(),
      },
    }));
    const report = compareShadow(swapped, { classes: [0, 1], shadowClasses: [1, 0], inputs, minSliceRows: 1 });
    expect(report.score_difference.mean).toBeCloseTo(0.020833333333333325, 12);
    expect(report.performance.shadow.roc_auc).toBeCloseTo(0.8958333333333334, 12);
  });

  it('agrees on a regressor within the tolerance of the primary value, with no flips', () => {
    const values: ShadowPair[] = [
      [100, 100.5],
      [100, 102],
      [0.5, 0.505],
      [0.5, 0.52],
    ].map(([a, b], i) => ({ primary: { value: a! }, shadow: { value: b! }, inputs: {}, primaryLatencyMs: 1, label: i }));
    const report = compareShadow(values, { classes: [], shadowClasses: [], inputs: [] });
    expect(report.agreement_rate).toBe(0.5);
    expect(report.label_flip_rate).toBeNull();
    expect(report.agreement_tolerance).toBe(0.01);
    expect(report.score_difference.max_abs).toBeCloseTo(2, 12);
    expect(Object.keys(report.performance.primary)).toEqual(['mae', 'rmse', 'r2']);
    expect(compareShadow(values, { classes: [], shadowClasses: [], inputs: [], tolerance: 0.05 }).agreement_rate).toBe(1);
  });

  it('answers nulls, not NaN, with nothing to compare', () => {
    const report = compareShadow([], { classes: [0, 1], shadowClasses: [0, 1], inputs });
    expect(report).toMatchObject({ rows: 0, agreement_rate: null, label_flip_rate: null, score_difference: { mean: null, max_abs: null } });
    expect(report.performance).toEqual({ labelled_rows: 0, primary: {}, shadow: {} });
  });
});
