import { chiSquareSf } from './gamma-functions.ts';

/**
 * Default effect threshold of the missingness test: the share of missing values must move by at
 * least 5 percentage points (10% → 16% does; 1% → 1.3% on a million rows, significant as it is,
 * does not), for the same reason drift asks for an effect size beside the p-value.
 */
export const MISSING_SHARE_DEFAULT_THRESHOLD = 0.05;

export interface MissingnessTest {
  readonly reference_share: number;
  readonly current_share: number;
  /** current_share − reference_share: positive when more values are missing now. */
  readonly change: number;
  /** The pooled two-proportion z statistic (signed like `change`). */
  readonly statistic: number;
  /** Two-sided p-value of the z-test before the correction across columns. */
  readonly p_value_raw: number;
}

/**
 * Did the share of missing values change? The pooled two-proportion z-test, two-sided:
 * z = (p₂ − p₁) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)), p = P(χ²₁ ≥ z²) — the same p-value as scipy's
 * chi2_contingency on the 2×2 table without continuity correction (test/fixtures/drift/
 * make_missingness_fixtures.py checks both). Undefined when a side has no rows; p = 1 when nothing
 * or everything is missing on both sides (no variation to test).
 */
export function missingnessTest(
  missingReference: number,
  rowsReference: number,
  missingCurrent: number,
  rowsCurrent: number,
): MissingnessTest | undefined {
  if (rowsReference <= 0 || rowsCurrent <= 0) return undefined;
  const p1 = missingReference / rowsReference;
  const p2 = missingCurrent / rowsCurrent;
  const pooled = (missingReference + missingCurrent) / (rowsReference + rowsCurrent);
  const variance = pooled * (1 - pooled) * (1 / rowsReference + 1 / rowsCurrent);
  const change = p2 - p1;
  if (!(variance > 0)) return { reference_share: p1, current_share: p2, change, statistic: 0, p_value_raw: 1 };
  const z = change / Math.sqrt(variance);
  return { reference_share: p1, current_share: p2, change, statistic: z, p_value_raw: chiSquareSf(z * z, 1) };
}
