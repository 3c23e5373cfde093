import type { ColumnDrift } from '../../core/drift/drift-report.ts';
import { EFFECT_LABELS, METHOD_LABELS, decisionOf, formatP, formatStatistic } from '../../core/drift/drift-wording.ts';

/**
 * Words and numbers for the drift HTML report: how values are printed, and why a column was or was
 * not called drifted. Kept apart from the page so the wording can be tested on its own.
 */

// The wording the report shares with the dashboard's monitoring page.
export {
  DECISION_LABELS,
  EFFECT_LABELS,
  METHOD_LABELS,
  decisionOf,
  formatP,
  formatStatistic,
  missingnessSentence,
  type ColumnDecision,
} from '../../core/drift/drift-wording.ts';

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
  const effectText = `${effectName} ${formatStatistic(effect)} ${large ? '≥' : '<'} ${formatStatistic(threshold)}`;
  if (decision === 'drifted') {
    // The core decided; if its level differs from the one the page was given, state the numbers only.
    if (significant && large) return `drifted: ${pText} and ${effectText}`;
    return `drifted: ${test} p ${formatP(p)} after correction, ${effectName} ${formatStatistic(effect)} (threshold ${formatStatistic(threshold)})`;
  }
  if (significant && !large) return `not drifted: significant (${pText}) but effect ${effectText} — a large sample detects tiny shifts`;
  if (!significant && large) return `not drifted: effect ${effectText} but ${pText} — too few rows to tell this shift from noise`;
  if (!significant && !large) return `not drifted: ${pText} and ${effectText}`;
  return `not drifted: ${test} p ${formatP(p)} after correction, ${effectName} ${formatStatistic(effect)} (threshold ${formatStatistic(threshold)})`;
}
