import { IssueCollector } from '../issues.ts';
import { type ClassificationMetricName, isMetricName, METRICS } from '../performance/metric-registry.ts';

/** The metrics CBPE estimates, in the order reports list them: the label metrics and ROC AUC of the registry. */
export const CBPE_METRICS = [
  'roc_auc',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'specificity',
] as const satisfies readonly ClassificationMetricName[];

export type CbpeMetric = (typeof CBPE_METRICS)[number];

function isCbpeMetric(name: string): name is CbpeMetric {
  return (CBPE_METRICS as readonly string[]).includes(name);
}

/**
 * `--metrics roc_auc, f1` checked against the metric registry, so a user learns why a name cannot be used:
 * not a metric at all, a regression metric, or a metric Ballast computes from labels but CBPE cannot
 * estimate without them (log loss, Brier, calibration error, average precision, balanced accuracy).
 * Repeated names count once.
 */
export function parseCbpeMetrics(text: string): CbpeMetric[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const issues = new IssueCollector();
  const choices = `CBPE estimates ${CBPE_METRICS.join(', ')}`;
  names.forEach((name, i) => {
    if (isCbpeMetric(name)) return;
    if (!isMetricName(name)) issues.report('invalid_value', ['metrics', i], `${JSON.stringify(name)} is not a metric; ${choices}`);
    else if (METRICS[name].task === 'regression')
      issues.report('unsupported', ['metrics', i], `${name} is a regression metric; ${choices} of a classifier`);
    else issues.report('unsupported', ['metrics', i], `${name} needs labels and cannot be estimated without them; ${choices}`);
  });
  if (names.length === 0) issues.report('missing', ['metrics'], `names no metric; ${choices}`);
  issues.throwIfAny('invalid_argument', 'the metric list cannot be used');
  return [...new Set(names as CbpeMetric[])];
}
