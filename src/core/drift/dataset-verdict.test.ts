import { describe, expect, it } from 'vitest';
import { datasetVerdict } from './dataset-verdict.ts';

const base = { columns: 16, share_threshold: 0.5 };
const quietMultivariate = { drifted: false, p_value: 0.31, effect_size: { value: -0.006, threshold: 0.1 } };

describe('datasetVerdict', () => {
  it('says which rule decided when columns drifted but the multivariate check did not (12 of 16)', () => {
    const verdict = datasetVerdict({ ...base, drifted: true, drifted_share: 0.75, drifted_columns: 12, multivariate: quietMultivariate });
    expect(verdict.sentence).toBe(
      'Dataset drifted: 12 of 16 columns drifted (75% ≥ 50%, the share from which the dataset drifts); ' +
        'the multivariate check found no change in how the numeric columns relate (reconstruction error −0.6%, p = 0.31; drift needs a change of 10% either way).',
    );
    expect(verdict.short).toBe('drifted: 12/16 columns drifted (75% ≥ 50%)');
  });

  it('never calls a window with drifted columns "ok": 7 of 16 is below the share, and says so', () => {
    const verdict = datasetVerdict({ ...base, drifted: false, drifted_share: 7 / 16, drifted_columns: 7, missingness_changed_columns: 2 });
    expect(verdict.short).toBe('not drifted: 7/16 columns drifted (43.8% < 50%), missing share changed in 2');
    expect(verdict.sentence).toBe(
      'Dataset not drifted: 7 of 16 columns drifted (43.8% < 50%, the share from which the dataset drifts); the missing share changed in 2 columns.',
    );
  });

  it('names the multivariate check when it alone decided', () => {
    const verdict = datasetVerdict({
      ...base,
      drifted: true,
      drifted_share: 0.125,
      drifted_columns: 2,
      multivariate: { drifted: true, p_value: 1e-6, effect_size: { value: 0.3, threshold: 0.1 } },
    });
    expect(verdict.headline).toBe('Dataset drifted (by the multivariate check)');
    expect(verdict.sentence).toContain(
      'the multivariate check found the numeric columns relate differently (reconstruction error +30%, p = 1e-6)',
    );
    expect(verdict.short).toBe('drifted: 2/16 columns drifted (12.5% < 50%), multivariate drifted');
  });

  it('says when the multivariate check could not decide', () => {
    const verdict = datasetVerdict({
      ...base,
      drifted: false,
      drifted_share: 0,
      drifted_columns: 0,
      multivariate: {
        drifted: false,
        p_value: null,
        effect_size: { value: null, threshold: 0.1 },
        note: 'not enough data: needs at least 2 current rows',
      },
    });
    expect(verdict.sentence).toBe(
      'Dataset not drifted: 0 of 16 columns drifted (0% < 50%, the share from which the dataset drifts); the multivariate check could not decide (not enough data: needs at least 2 current rows).',
    );
  });
});
