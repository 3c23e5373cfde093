import { EFFECT_LABELS, METHOD_LABELS, decisionOf, formatP, formatStatistic } from '../../../src/core/drift/drift-wording.ts';
import { datasetVerdict } from '../../../src/core/drift/dataset-verdict.ts';
import type { CategoricalDriftMetrics, ColumnDrift, DatasetDrift, EffectSizeName, NumericDriftMetrics } from '../api/monitoring-types.ts';

/**
 * Words and numbers for drift on the monitoring page, kept apart from the page so the wording can be
 * tested. The server decides; these sentences only say which of its two conditions held.
 */

// Shared with the HTML report (`ballast drift --html`), so both print figures and decisions alike.
export {
  DECISION_LABELS,
  EFFECT_LABELS,
  METHOD_LABELS,
  decisionOf,
  formatP,
  formatStatistic,
  type ColumnDecision,
} from '../../../src/core/drift/drift-wording.ts';

export function effectLabel(name: EffectSizeName | undefined): string {
  return name === undefined ? 'effect size' : EFFECT_LABELS[name];
}

/**
 * Why the column was or was not called drifted. Drift needs a significant test after the correction
 * across columns AND an effect at or above its threshold. The answer does not carry the
 * significance level, so when the effect passed but the column is stable, it was the test that
 * failed; when the effect fell short, that alone explains it.
 */
export function decisionSentence(column: ColumnDrift): string {
  const test = METHOD_LABELS[column.method];
  const effectName = EFFECT_LABELS[column.effect_size.name];
  const { value: effect, threshold } = column.effect_size;
  const p = column.p_value;
  const because = column.note ? ` (${column.note})` : '';
  if (decisionOf(column) === 'undecided' || p === null) {
    return `No decision: ${effect === null ? 'neither the test nor the effect size' : `the ${test} test`} could be computed${because}.`;
  }
  const pText = `${test} p = ${formatP(p)} after correction`;
  if (effect === null) {
    return `${column.drifted ? 'Drifted' : 'Not drifted'}: ${pText}, but the ${effectName} effect size could not be computed${because}.`;
  }
  const effectText = `${effectName} ${formatStatistic(effect)} ${effect >= threshold ? '≥' : '<'} ${formatStatistic(threshold)}`;
  if (column.drifted) return `Drifted: the test is significant (${pText}) and the effect is large (${effectText})${because}.`;
  if (effect >= threshold) {
    return `Not drifted: the effect is large (${effectText}) but the test is not significant (${pText}) — too few rows to tell this shift from noise${because}.`;
  }
  return `Not drifted: the effect is small (${effectText}; ${pText})${because}.`;
}

export interface MetricLine {
  readonly name: string;
  readonly value: string;
}

/** Every statistic of the column, in a fixed order, missing ones as a dash. */
export function metricLines(column: ColumnDrift): MetricLine[] {
  const lines: MetricLine[] = [];
  if ('ks' in column.metrics) {
    const m: NumericDriftMetrics = column.metrics;
    lines.push(
      { name: 'KS statistic', value: formatStatistic(m.ks.statistic) },
      { name: 'KS p-value (raw)', value: formatP(m.ks.p_value) },
      { name: 'Wasserstein', value: formatStatistic(m.wasserstein) },
      { name: 'Wasserstein / reference std', value: formatStatistic(m.wasserstein_norm) },
      { name: 'PSI', value: formatStatistic(m.psi) },
      { name: 'Jensen–Shannon', value: formatStatistic(m.jensen_shannon) },
    );
  } else {
    const m: CategoricalDriftMetrics = column.metrics;
    lines.push(
      { name: 'Chi-square', value: formatStatistic(m.chi2.statistic) },
      { name: 'Chi-square p-value (raw)', value: formatP(m.chi2.p_value) },
      { name: 'PSI', value: formatStatistic(m.psi) },
      { name: 'Jensen–Shannon', value: formatStatistic(m.jensen_shannon) },
      { name: 'Total variation', value: formatStatistic(m.tvd) },
    );
  }
  lines.push({ name: 'p-value (corrected)', value: formatP(column.p_value) });
  return lines;
}

/**
 * The banner's sentence for one window's dataset decision: the same reasons the CLI and the HTML
 * report give (src/core/drift/dataset-verdict.ts), so "12 of 16 columns drifted" and the
 * multivariate check's finding never read as a contradiction.
 */
export function datasetSentence(dataset: DatasetDrift): string {
  return datasetVerdict(dataset).reasons;
}
