import { NONE, formatCount, formatShare } from '../format-numbers.ts';
import type { ColumnDrift, ColumnMissingness, DriftMethod, EffectSizeName } from './drift-report.ts';

/**
 * How drift figures and decisions are printed, the same in the HTML report (`ballast drift
 * --html`, src/app/reports) and on the dashboard's monitoring page (web/src/monitoring), so a
 * p-value or a "no decision" reads alike in both. Counts and shares come from core/format-numbers.ts.
 * Pure: the dashboard bundles this file as is.
 */

/** p-values span hundreds of orders of magnitude: small ones as 3.2e-12, others to two digits. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NONE;
  if (p === 0) return '0';
  if (p < 1e-3) return p.toExponential(1).replace('.0e', 'e');
  return String(Number(p.toPrecision(2)));
}

/** Statistics and effect sizes to three significant digits; large ones (chi-square) as grouped integers. */
export function formatStatistic(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NONE;
  if (x === 0) return '0';
  if (Math.abs(x) >= 1000) return formatCount(Math.round(x));
  if (Math.abs(x) < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(3)));
}

export const METHOD_LABELS: Record<DriftMethod, string> = { ks: 'KS', chi2: 'chi-square' };

export const EFFECT_LABELS: Record<EffectSizeName, string> = {
  wasserstein_norm: 'normalised Wasserstein',
  tvd: 'total variation',
};

export type ColumnDecision = 'drifted' | 'stable' | 'undecided';

/**
 * A column without an adjusted p-value was not compared (the core leaves it out of the dataset's
 * count of compared columns): "no decision", never a reassuring "not drifted".
 */
export function decisionOf(column: Pick<ColumnDrift, 'drifted' | 'p_value'>): ColumnDecision {
  if (column.drifted) return 'drifted';
  return column.p_value === null ? 'undecided' : 'stable';
}

export const DECISION_LABELS: Record<ColumnDecision, string> = { drifted: 'drifted', stable: 'not drifted', undecided: 'no decision' };

/**
 * A column's missingness test in words: "missing 10% → 16% (+6 points), z-test p 1.7e-36 after
 * correction: changed". Said apart from drift, which compares the present values only.
 */
export function missingnessSentence(
  m: Pick<ColumnMissingness, 'reference_share' | 'current_share' | 'change' | 'p_value' | 'threshold' | 'changed'>,
): string {
  const points = Math.round(m.change * 1000) / 10;
  const delta = points === 0 ? 'no change' : `${points > 0 ? '+' : '−'}${Math.abs(points)} point${Math.abs(points) === 1 ? '' : 's'}`;
  const threshold = `${Number((m.threshold * 100).toFixed(1))} points`;
  const verdict = m.changed
    ? `changed (${m.change > 0 ? 'more' : 'fewer'} values missing)`
    : `not changed (${Math.abs(m.change) >= m.threshold ? 'not significant' : `under ${threshold}`})`;
  return `missing ${formatShare(m.reference_share)} → ${formatShare(m.current_share)} (${delta}; z-test p ${formatP(m.p_value)} after correction): ${verdict}`;
}
