import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../contracts/testing/sample-distributions.ts';
import { binCounts, quantileEdges } from './bin-edges.ts';
import { decideDrift } from './decide-drift.ts';
import type { ColumnDrift } from './drift-report.ts';
import { assessNumericColumn } from './numeric-column-drift.ts';
import { sortedSample } from './sorted-sample.ts';

function normalColumn(name: string, n: number, seed: number, shift = 0): Float64Array {
  const random = seeded(seed);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = normal(random) + shift;
  return values;
}

function assess(name: string, reference: Float64Array, current: Float64Array): ColumnDrift {
  const ref = sortedSample(reference);
  const cur = sortedSample(current);
  const edges = quantileEdges(ref, 10);
  let mean = 0;
  for (const v of ref.values) mean += v;
  mean /= ref.values.length;
  let ss = 0;
  for (const v of ref.values) ss += (v - mean) ** 2;
  return assessNumericColumn({
    name,
    reference: ref,
    current: cur,
    nReference: ref.values.length,
    nCurrent: cur.values.length,
    missingReference: 0,
    missingCurrent: 0,
    referenceStd: Math.sqrt(ss / ref.values.length),
    edges,
    referenceBins: binCounts(ref, edges),
    currentBins: binCounts(cur, edges),
  });
}

/** A hand-made assessed column: only p_value_raw and the effect size matter to the decision. */
function column(name: string, p: number | null, effect: number | null, threshold = 0.1): ColumnDrift {
  return {
    name,
    type: 'numeric',
    n_reference: 100,
    n_current: 100,
    missing_reference: 0,
    missing_current: 0,
    drifted: false,
    method: 'ks',
    statistic: p === null ? null : 0.5,
    p_value: p,
    p_value_raw: p,
    effect_size: { name: 'wasserstein_norm', value: effect, threshold },
    metrics: { ks: { statistic: null, p_value: p }, wasserstein: null, wasserstein_norm: effect, psi: null, jensen_shannon: null },
    distribution: { bins: ['all values'], reference: [100], current: [100] },
  };
}

describe('decideDrift', () => {
  it('needs both a significant corrected p-value and an effect at its threshold', () => {
    const report = decideDrift([
      column('both', 1e-6, 0.3),
      column('tiny-effect', 1e-12, 0.02),
      column('noisy', 0.2, 0.5),
      column('at-threshold', 1e-6, 0.1),
    ]);
    expect(report.columns.map((c) => [c.name, c.drifted])).toEqual([
      ['both', true],
      ['tiny-effect', false],
      ['noisy', false],
      ['at-threshold', true],
    ]);
    expect(report.dataset).toMatchObject({ drifted: true, drifted_columns: 2, columns: 4, drifted_share: 0.5, share_threshold: 0.5 });
  });

  it('corrects p-values across the columns of one check (Benjamini–Hochberg)', () => {
    // 0.04 alone is significant; ranked second of two beside 0.03 it stays 0.04; as the smallest of 20 nulls it is 0.8.
    expect(decideDrift([column('a', 0.04, 1)]).columns[0]!.drifted).toBe(true);
    const many = decideDrift([column('a', 0.04, 1), ...Array.from({ length: 19 }, (_, i) => column(`n${i}`, 0.9, 1))]);
    expect(many.columns[0]!.p_value).toBeCloseTo(0.8, 12);
    expect(many.columns[0]!.drifted).toBe(false);
    expect(many.columns[0]!.p_value_raw).toBe(0.04);
  });

  it('leaves columns without a test out of the share and the correction', () => {
    const report = decideDrift([column('empty', null, null), column('drifted', 1e-9, 1)], { shareThreshold: 0.6 });
    expect(report.dataset).toMatchObject({ columns: 1, drifted_columns: 1, drifted_share: 1, drifted: true });
    expect(report.columns[0]!.p_value).toBeNull();
  });

  it('calls a dataset drifted on multivariate drift alone, and an empty check not drifted', () => {
    const multivariate = {
      method: 'pca_reconstruction' as const,
      columns: ['a', 'b'],
      drifted: true,
      statistic: 2,
      reference_mean: 1,
      p_value: 0,
      effect_size: { name: 'relative_error_change' as const, value: 1, threshold: 0.1 },
    };
    expect(decideDrift([column('a', 0.9, 0)], {}, { multivariate }).dataset.drifted).toBe(true);
    expect(decideDrift([]).dataset).toMatchObject({ drifted: false, drifted_share: 0, columns: 0 });
  });

  it('does not call two large samples of one distribution drifted', () => {
    const columns = Array.from({ length: 4 }, (_, i) =>
      assess(`same${i}`, normalColumn('r', 300_000, 11 + i), normalColumn('c', 300_000, 101 + i)),
    );
    const report = decideDrift(columns);
    expect(report.columns.filter((c) => c.drifted)).toEqual([]);
    expect(report.dataset.drifted).toBe(false);
  });

  it('calls a 0.2 standard deviation mean shift on 20,000 rows drifted', () => {
    const report = decideDrift([assess('shifted', normalColumn('r', 20_000, 5), normalColumn('c', 20_000, 6, 0.2))]);
    expect(report.columns[0]!.drifted).toBe(true);
    expect(report.columns[0]!.effect_size.value!).toBeGreaterThan(0.15);
  });

  it("flags a large sample's tiny shift as significant but not as drift", () => {
    const report = decideDrift([assess('tiny', normalColumn('r', 300_000, 21), normalColumn('c', 300_000, 22, 0.03))]);
    const c = report.columns[0]!;
    expect(c.p_value!).toBeLessThan(0.05);
    expect(c.drifted).toBe(false);
  });
});

describe('decideDrift: the missingness test', () => {
  const withMissing = (name: string, present: [number, number], missing: [number, number]): ColumnDrift => ({
    ...column(name, 0.5, 0.01),
    n_reference: present[0],
    n_current: present[1],
    missing_reference: missing[0],
    missing_current: missing[1],
  });

  it('flags a rise of the missing share (10% → 16%, NannyML car-loan data quality) that drift alone does not show', () => {
    const report = decideDrift([
      withMissing('car_value', [9000, 8400], [1000, 1600]),
      withMissing('debt_to_income', [9000, 8400], [1000, 1600]),
      withMissing('salary_range', [9000, 9000], [1000, 1000]),
    ]);
    expect(report.columns.map((c) => c.drifted)).toEqual([false, false, false]);
    expect(report.columns.map((c) => c.missingness?.changed)).toEqual([true, true, false]);
    expect(report.columns[0]!.missingness).toMatchObject({ reference_share: 0.1, current_share: 0.16, threshold: 0.05 });
    expect(report.columns[0]!.missingness!.change).toBeCloseTo(0.06, 12);
    expect(report.columns[0]!.missingness!.p_value).toBeLessThan(1e-30);
    expect(report.dataset.missingness_changed_columns).toBe(2);
  });

  it('needs both significance after the correction and a large change', () => {
    const report = decideDrift([
      // 1% → 1.3% on a million rows: significant, but 0.3 points.
      withMissing('big', [990_000, 987_000], [10_000, 13_000]),
      // 10% → 16% on 100 rows: large, but not significant.
      withMissing('small', [90, 84], [10, 16]),
      // Every value missing now: both.
      withMissing('gone', [500, 0], [0, 500]),
    ]);
    const [big, small, gone] = report.columns.map((c) => c.missingness!);
    expect(big!.p_value).toBeLessThan(1e-6);
    expect(big!.changed).toBe(false);
    expect(small!.p_value).toBeGreaterThan(0.05);
    expect(small!.changed).toBe(false);
    expect(gone).toMatchObject({ current_share: 1, changed: true });
  });
});
