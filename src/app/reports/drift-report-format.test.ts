import { describe, expect, it } from 'vitest';
import type { ColumnDrift } from '../../core/drift/drift-report.ts';
import { decisionOf, decisionReason } from './drift-report-format.ts';

function column(overrides: Partial<ColumnDrift>): ColumnDrift {
  return {
    name: 'x',
    type: 'numeric',
    n_reference: 1000,
    n_current: 1000,
    missing_reference: 0,
    missing_current: 0,
    drifted: false,
    method: 'ks',
    statistic: 0.1,
    p_value: 0.5,
    p_value_raw: 0.4,
    effect_size: { name: 'wasserstein_norm', value: 0.01, threshold: 0.1 },
    metrics: { ks: { statistic: 0.1, p_value: 0.4 }, wasserstein: 1, wasserstein_norm: 0.01, psi: 0.01, jensen_shannon: 0.02 },
    distribution: { bins: ['< 1', '>= 1'], edges: [1], reference: [500, 500], current: [500, 500] },
    ...overrides,
  };
}

describe('decisionReason', () => {
  it('names both conditions when a column drifted', () => {
    const c = column({ drifted: true, p_value: 3.2e-12, effect_size: { name: 'wasserstein_norm', value: 0.2346, threshold: 0.1 } });
    expect(decisionOf(c)).toBe('drifted');
    expect(decisionReason(c, 0.05)).toBe('drifted: KS p 3.2e-12 < 0.05 after correction and normalised Wasserstein 0.235 ≥ 0.1');
  });

  it('explains a significant test with a tiny effect as a large sample seeing a tiny shift', () => {
    const c = column({ p_value: 1e-6, effect_size: { name: 'wasserstein_norm', value: 0.02, threshold: 0.1 } });
    expect(decisionOf(c)).toBe('stable');
    expect(decisionReason(c, 0.05)).toBe(
      'not drifted: significant (KS p 1e-6 < 0.05 after correction) but effect normalised Wasserstein 0.02 < 0.1 — a large sample detects tiny shifts',
    );
  });

  it('explains a large effect without significance as too few rows', () => {
    const c = column({ method: 'chi2', p_value: 0.3, effect_size: { name: 'tvd', value: 0.25, threshold: 0.1 } });
    expect(decisionReason(c, 0.05)).toBe(
      'not drifted: effect total variation 0.25 ≥ 0.1 but chi-square p 0.3 ≥ 0.05 after correction — too few rows to tell this shift from noise',
    );
  });

  it('says neither condition held for a quiet column', () => {
    expect(decisionReason(column({}), 0.05)).toBe('not drifted: KS p 0.5 ≥ 0.05 after correction and normalised Wasserstein 0.01 < 0.1');
  });

  it('gives no decision, with the note, when a statistic is missing', () => {
    const c = column({
      p_value: null,
      statistic: null,
      effect_size: { name: 'wasserstein_norm', value: null, threshold: 0.1 },
      note: 'not enough data',
    });
    expect(decisionOf(c)).toBe('undecided');
    expect(decisionReason(c, 0.05)).toBe('no decision: neither the test nor the effect size could be computed (not enough data)');
  });

  it('does not call drift on a test alone when the effect size is missing', () => {
    const c = column({ p_value: 1e-9, effect_size: { name: 'wasserstein_norm', value: null, threshold: 0.1 }, note: 'constant reference' });
    expect(decisionOf(c)).toBe('stable');
    expect(decisionReason(c, 0.05)).toBe(
      'not drifted: KS p 1e-9 after correction, but the normalised Wasserstein effect size could not be computed (constant reference)',
    );
  });

  it('states the numbers only when the core called drift at a level other than the one given', () => {
    const c = column({ drifted: true, p_value: 0.03, effect_size: { name: 'wasserstein_norm', value: 0.2, threshold: 0.1 } });
    expect(decisionReason(c, 0.01)).toBe('drifted: KS p 0.03 after correction, normalised Wasserstein 0.2 (threshold 0.1)');
  });
});
