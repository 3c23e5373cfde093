import type { ColumnDrift, DriftMethod, EffectSizeName } from '../../core/drift/drift-report.ts';

/**
 * Words and numbers for the drift HTML report: how values are printed, and why a column was or was
 * not called drifted. Kept apart from the page so the wording can be tested on its own.
 */

/** What a missing statistic looks like on the page (never "null", "NaN" or "undefined"). */
export const NONE = '—';

/** p-values span hundreds of orders of magnitude: small ones in exponent form (3.2e-12), others to 2 digits. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return NONE;
  if (p === 0) return '0';
  if (p < 1e-3) return p.toExponential(1).replace('.0e', 'e');
  return String(Number(p.toPrecision(2)));
}

/** Statistics and effect sizes to 3 significant digits; large ones (chi-square) as grouped integers. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return NONE;
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1000) return formatCount(Math.round(x));
  if (magnitude < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(3)));
}

export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return NONE;
  const value = share * 100;
  if (value === 0 || value >= 10) return `${Number(value.toFixed(1))}%`;
  return value >= 0.1 ? `${Number(value.toFixed(2))}%` : `${Number(value.toPrecision(2))}%`;
}

export const METHOD_LABELS: Record<DriftMethod, string> = { ks: 'KS', chi2: 'chi-square' };

export const EFFECT_LABELS: Record<EffectSizeName, string> = {
  wasserstein_norm: 'normalised Wasserstein',
  jensen_shannon: 'Jensen–Shannon',
};

/**
 * A column without an adjusted p-value was not compared (the core leaves it out of the dataset's
 * count of compared columns), so the page says "no decision" rather than a reassuring "not drifted".
 */
export type ColumnDecision = 'drifted' | 'stable' | 'undecided';

export function decisionOf(column: ColumnDrift): ColumnDecision {
  if (column.drifted) return 'drifted';
  return column.p_value === null ? 'undecided' : 'stable';
}

export const DECISION_LABELS: Record<ColumnDecision, string> = {
  drifted: 'drifted',
  stable: 'not drifted',
  undecided: 'no decision',
};

/**
 * The decision in words. Drift needs both a significant test (after the correction across columns)
 * and an effect at or above its threshold; the sentence names which condition held and which did
 * not, because "significant but tiny" and "large but not significant" call for different actions.
 * `alpha` is the significance level the check used; the report itself does not carry it.
 */
export function decisionReason(column: ColumnDrift, alpha: number): string {
  const decision = decisionOf(column);
  const test = METHOD_LABELS[column.method];
  const effectName = EFFECT_LABELS[column.effect_size.name];
  const p = column.p_value;
  const effect = column.effect_size.value;
  const threshold = column.effect_size.threshold;
  const because = column.note ? ` (${column.note})` : '';
  if (decision === 'undecided' || p === null) {
    const missing = effect === null ? 'neither the test nor the effect size' : `the ${test} test`;
    return `no decision: ${missing} could be computed${because}`;
  }
  if (effect === null) {
    // Drift needs both conditions; a test alone does not decide it.
    return `${decision === 'drifted' ? 'drifted' : 'not drifted'}: ${test} p ${formatP(p)} after correction, but the ${effectName} effect size could not be computed${because}`;
  }
  const significant = p < alpha;
  const large = effect >= threshold;
  const pText = `${test} p ${formatP(p)} ${significant ? '<' : '≥'} ${formatP(alpha)} after correction`;
  const effectText = `${effectName} ${formatNumber(effect)} ${large ? '≥' : '<'} ${formatNumber(threshold)}`;
  if (decision === 'drifted') {
    // The core decided; if its level differs from the one the page was given, state the numbers only.
    if (significant && large) return `drifted: ${pText} and ${effectText}`;
    return `drifted: ${test} p ${formatP(p)} after correction, ${effectName} ${formatNumber(effect)} (threshold ${formatNumber(threshold)})`;
  }
  if (significant && !large) return `not drifted: significant (${pText}) but effect ${effectText} — a large sample detects tiny shifts`;
  if (!significant && large) return `not drifted: effect ${effectText} but ${pText} — too few rows to tell this shift from noise`;
  if (!significant && !large) return `not drifted: ${pText} and ${effectText}`;
  return `not drifted: ${test} p ${formatP(p)} after correction, ${effectName} ${formatNumber(effect)} (threshold ${formatNumber(threshold)})`;
}
