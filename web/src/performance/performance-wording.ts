import { formatInteger, formatShare } from '../lib/format.ts';
import type { LabelCoverage } from './performance-latest.ts';
import type { PerformanceSeries } from './performance-series.ts';

/** Metric names as a reader says them; a name the page does not know reads as the server sent it. */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  specificity: 'specificity',
  roc_auc: 'ROC AUC',
  average_precision: 'average precision',
  log_loss: 'log loss',
  brier_score: 'Brier score',
  mae: 'MAE',
  rmse: 'RMSE',
  mape: 'MAPE',
  r2: 'R²',
  median_absolute_error: 'median absolute error',
};

export function metricLabel(name: string): string {
  return METRIC_LABELS[name] ?? name;
}

/** "1,200 of 4,800 predictions labelled (25%)": how much of the realised line rests on labels. */
export function coverageSentence(coverage: LabelCoverage): string {
  if (coverage.rows === 0) return 'no predictions in this range';
  const share = formatShare(coverage.labelledRows / coverage.rows);
  return `${formatInteger(coverage.labelledRows)} of ${formatInteger(coverage.rows)} predictions labelled (${share})`;
}

/** What the chart holds: a version without a reference has only realised values, windows without labels only estimates. */
export function chartTitle(series: Pick<PerformanceSeries, 'metric' | 'estimatedWindows' | 'realizedWindows'>): string {
  const metric = metricLabel(series.metric);
  if (series.estimatedWindows === 0) return `Realised ${metric}`;
  if (series.realizedWindows === 0) return `Estimated ${metric}`;
  return `Realised and estimated ${metric}`;
}
