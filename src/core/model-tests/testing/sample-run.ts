import type { TestRunWire } from '../suite-types.ts';

/** A stored run with a passed check, a failed error check, a failed warning and hostile text, for report tests. */
export function sampleRun(): TestRunWire {
  return {
    id: '01RUN0000000000000000000001',
    model: { name: 'credit', version: 3 },
    suite: { name: 'credit <gate> & "co"', hash: 'a'.repeat(64) },
    data: { hash: 'b'.repeat(64), rows: 5000, file: 'holdout.csv' },
    seed: 7,
    passed: false,
    checks: [
      {
        name: 'accuracy',
        type: 'metric',
        severity: 'error',
        passed: true,
        values: { accuracy: 0.91 },
        bounds: { accuracy: { min: 0.8 } },
        message: 'accuracy 0.910 ≥ 0.8',
      },
      {
        name: 'fair-by-sex',
        type: 'fairness',
        severity: 'error',
        passed: false,
        values: { demographic_parity_difference: 0.12, equalized_odds_ratio: null },
        bounds: { demographic_parity_difference: { max: 0.05 } },
        intervals: { demographic_parity_difference: [0.09, 0.15] },
        by_group: { F: { selection_rate: 0.31, count: 2400 }, 'M<script>': { selection_rate: 0.43, count: 2600 } },
        message: 'demographic_parity_difference 0.12 > 0.05 <b>',
      },
      {
        name: 'slices',
        type: 'slices',
        severity: 'warning',
        passed: false,
        values: { overall: 0.91, worst_slice_worse_by: 0.08 },
        bounds: {},
        details: {
          slices: [
            {
              column: 'purpose',
              slice: 'car',
              rows: 300,
              value: 0.83,
              overall: 0.91,
              worse_by: 0.08,
              interval: [0.06, 0.1],
              judged: true,
              failed: true,
            },
          ],
        },
        message: 'purpose=car is worse by 0.08\u0001',
      },
    ],
    created_by: 'ana',
    created_at: '2026-12-07T09:00:00.000Z',
  };
}
