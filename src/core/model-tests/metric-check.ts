/**
 * The `metric` check: one performance metric of the version on the test data (all rows, or the rows its
 * `where` selects), computed exactly by the metric registry's `compute` — scikit-learn's definitions —
 * and judged against the check's bound. A metric of the other task is a suite error; a `where` selecting
 * no row is `test_data_insufficient`.
 */
import type { ClassificationInput } from '../performance/classification-input.ts';
import { METRICS } from '../performance/metric-registry.ts';
import { describeBound, formatValue, wireNumber, withinBound } from './bound.ts';
import { allRows, metricRowsOf } from './metric-rows.ts';
import { rowsWhere } from './row-filter.ts';
import type { CheckData, CheckEvaluator, MetricCheckSpec } from './suite-types.ts';

export const evaluateMetric: CheckEvaluator<MetricCheckSpec> = async (spec, data) => {
  metricRowsOf(data, data.scored, spec.metric, spec.name); // refuses a metric of the other task
  const rows = spec.where === undefined ? allRows(data.rows) : rowsWhere(spec.where, data, spec.name);
  const value = registryValue(spec, data, rows);
  const passed = withinBound(value, spec.bound);
  const scope = spec.where === undefined ? `${rows.length} rows` : `${rows.length} rows where ${whereText(spec.where)}`;
  return {
    name: spec.name,
    type: 'metric',
    severity: spec.severity,
    passed,
    values: { [spec.metric]: wireNumber(value) },
    bounds: { [spec.metric]: spec.bound },
    details: { rows: rows.length },
    message: `${spec.metric} ${formatValue(value)} on ${scope} ${passed ? 'is' : 'is not'} ${describeBound(spec.bound)}`,
  };
};

function registryValue(spec: MetricCheckSpec, data: CheckData, rows: Int32Array): number {
  const scored = data.scored;
  if (scored.kind === 'regression') {
    const labels = data.labels;
    const yTrue = Array.from(rows, (row) => labels[row]!);
    const yPred = Array.from(rows, (row) => scored.values[row]!);
    const metric = METRICS[spec.metric];
    if (metric.task !== 'regression') throw new RangeError(`${spec.metric} is not a regression metric`);
    return metric.compute({ yTrue, yPred });
  }
  const { classes, probabilities, labelIndex } = scored;
  const k = classes.length;
  const input: ClassificationInput = {
    classes,
    yTrue: Array.from(rows, (row) => classes[data.labels[row]!]!),
    yPred: Array.from(rows, (row) => classes[labelIndex[row]!]!),
    probabilities: Array.from(rows, (row) => Array.from(probabilities.subarray(row * k, row * k + k))),
  };
  const metric = METRICS[spec.metric];
  if (metric.task !== 'classification') throw new RangeError(`${spec.metric} is not a classification metric`);
  return metric.compute(input);
}

function whereText(where: Readonly<Record<string, unknown>>): string {
  return Object.entries(where)
    .map(([name, value]) => `${name} = ${String(value)}`)
    .join(' and ');
}
