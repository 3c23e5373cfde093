import { describe, expect, it } from 'vitest';
import { assessCategoricalColumn } from './categorical-column-drift.ts';
import { decideDrift } from './decide-drift.ts';
import type { CategoricalDriftMetrics } from './drift-report.ts';

function column(name: string, reference: Record<string, number>, current: Record<string, number>) {
  return assessCategoricalColumn({
    name,
    reference: new Map(Object.entries(reference)),
    current: new Map(Object.entries(current)),
    missingReference: 0,
    missingCurrent: 0,
  });
}

describe('categorical drift is decided on total variation distance', () => {
  // NannyML's car-loan data: repaid_loan_on_prev_car went from 55% to 67.5% True. Jensen–Shannon calls
  // that 0.091, under its 0.1 threshold; 12.5 points of the rows changed side, which is what users see.
  it('the car-loan shift (55% → 67.5% True) drifts: TV 0.125, JS 0.091', () => {
    const repaid = column('repaid_loan_on_prev_car', { true: 5500, false: 4500 }, { true: 6750, false: 3250 });
    const metrics = repaid.metrics as CategoricalDriftMetrics;
    expect(metrics.tvd).toBeCloseTo(0.125, 12);
    expect(metrics.jensen_shannon).toBeCloseTo(0.0908666, 6); // scipy.spatial.distance.jensenshannon
    expect(repaid.effect_size).toEqual({ name: 'tvd', value: metrics.tvd, threshold: 0.1 });
    const report = decideDrift([repaid]);
    expect(report.columns[0]!.drifted).toBe(true);
  });

  it('a top band that halves (20% → 10%, the rest growing) drifts', () => {
    const salary = column(
      'salary_range',
      { '0-20K': 3000, '20-40K': 2800, '40-60K': 2200, '60K+': 2000 },
      { '0-20K': 3310, '20-40K': 3100, '40-60K': 2600, '60K+': 990 },
    );
    expect((salary.metrics as CategoricalDriftMetrics).tvd).toBeCloseTo(0.101, 12);
    expect(decideDrift([salary]).columns[0]!.drifted).toBe(true);
  });

  it('a significant shift of a few points on many rows is not drift', () => {
    const small = column('purpose', { car: 50_000, house: 50_000 }, { car: 53_000, house: 47_000 });
    expect(small.p_value_raw!).toBeLessThan(1e-10);
    expect(small.effect_size.value).toBeCloseTo(0.03, 12);
    expect(decideDrift([small]).columns[0]!.drifted).toBe(false);
  });
});
