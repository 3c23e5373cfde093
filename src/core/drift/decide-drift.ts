import { benjaminiHochberg } from './benjamini-hochberg.ts';
import type { ColumnDrift, DriftReport, MultivariateDrift } from './drift-report.ts';
import { missingnessTest, MISSING_SHARE_DEFAULT_THRESHOLD } from './missingness.ts';

const DEFAULT_ALPHA = 0.05;
/** The dataset drifts when at least this share of its compared columns drift. */
const DEFAULT_DRIFT_SHARE = 0.5;

export interface DriftDecisionOptions {
  /** Significance level applied to the Benjamini–Hochberg adjusted p-values. */
  readonly alpha?: number;
  readonly shareThreshold?: number;
  /** Absolute change of a column's missing share from which a significant change counts. */
  readonly missingThreshold?: number;
}

/**
 * Decides each column and the dataset. A column drifts only when its test is significant after the
 * Benjamini–Hochberg correction across this check's columns AND its effect size reaches the column's
 * threshold: the p-value alone calls a negligible shift on a million rows "drift", and the effect size
 * alone flickers on a few hundred; asking for both holds at any sample size.
 */
export function decideDrift(
  assessed: readonly ColumnDrift[],
  options: DriftDecisionOptions = {},
  extras: { multivariate?: MultivariateDrift; skipped?: DriftReport['skipped'] } = {},
): DriftReport {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const shareThreshold = options.shareThreshold ?? DEFAULT_DRIFT_SHARE;
  const tested = assessed.map((c, i) => [i, c.p_value_raw] as const).filter((e): e is readonly [number, number] => e[1] !== null);
  const adjusted = benjaminiHochberg(tested.map(([, p]) => p));
  const adjustedByIndex = new Map(tested.map(([index], k) => [index, adjusted[k]!]));
  const columns = assessed.map((column, index): ColumnDrift => {
    const p = adjustedByIndex.get(index);
    if (p === undefined) return { ...column, p_value: null, drifted: false };
    const effect = column.effect_size.value;
    const drifted = p < alpha && effect !== null && effect >= column.effect_size.threshold;
    return { ...column, p_value: p, drifted };
  });
  const withMissingness = withMissingnessTests(columns, alpha, options.missingThreshold ?? MISSING_SHARE_DEFAULT_THRESHOLD);
  const compared = tested.length;
  const driftedColumns = columns.filter((c) => c.drifted).length;
  const driftedShare = compared === 0 ? 0 : driftedColumns / compared;
  const multivariate = extras.multivariate;
  return {
    dataset: {
      drifted: (compared > 0 && driftedShare >= shareThreshold) || multivariate?.drifted === true,
      drifted_share: driftedShare,
      columns: compared,
      drifted_columns: driftedColumns,
      share_threshold: shareThreshold,
      missingness_changed_columns: withMissingness.filter((c) => c.missingness?.changed === true).length,
      ...(multivariate ? { multivariate } : {}),
    },
    columns: withMissingness,
    ...(extras.skipped && extras.skipped.length > 0 ? { skipped: extras.skipped } : {}),
  };
}

/**
 * Each column's missingness test, corrected across the columns that have one (a family of its own,
 * the same size as the drift tests'), and decided like drift: significant AND a large change.
 */
function withMissingnessTests(columns: readonly ColumnDrift[], alpha: number, threshold: number): ColumnDrift[] {
  const tests = columns.map((c) =>
    missingnessTest(c.missing_reference, c.n_reference + c.missing_reference, c.missing_current, c.n_current + c.missing_current),
  );
  const tested = tests.flatMap((t, i) => (t === undefined ? [] : [[i, t.p_value_raw] as const]));
  const adjusted = benjaminiHochberg(tested.map(([, p]) => p));
  const adjustedByIndex = new Map(tested.map(([index], k) => [index, adjusted[k]!]));
  return columns.map((column, i) => {
    const test = tests[i];
    if (test === undefined) return column;
    const p = adjustedByIndex.get(i)!;
    return { ...column, missingness: { ...test, p_value: p, threshold, changed: p < alpha && Math.abs(test.change) >= threshold } };
  });
}
