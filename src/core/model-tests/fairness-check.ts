/**
 * The `fairness` check: how a classifier's decisions differ between the groups of sensitive columns, with the
 * numbers Fairlearn gives (docs/fairness.md): per group selection rate, TPR, FPR, accuracy and count, and six
 * aggregates — demographic parity difference and ratio, equalized odds difference and ratio, equal opportunity
 * difference, disparate impact ratio — each judged against its bound, with bootstrap intervals.
 *
 * The rows are read once into counts per cell (crossing of the sensitive columns × true label × selected);
 * every number and every bootstrap resample is computed from those counts.
 */
import { BallastError } from '../errors.ts';
import { issuesError } from '../issues.ts';
import type { ClassLabel } from '../signature.ts';
import { countCells } from './fairness/cell-counts.ts';
import { bootstrapDisparities } from './fairness/count-bootstrap.ts';
import { disparities } from './fairness/disparities.ts';
import { groupRate } from './fairness/group-rates.ts';
import { buildGroupings, sumIntoGroups, type Grouping } from './fairness/groupings.ts';
import { encodeSensitiveColumn, type EncodedColumn } from './fairness/sensitive-groups.ts';
import { percentileInterval } from './seeded-random.ts';
import {
  FAIRNESS_METRICS,
  GROUP_METRICS,
  type Bound,
  type CheckData,
  type CheckEvaluator,
  type CheckResult,
  type FairnessCheckSpec,
  type FairnessMetricName,
  type Interval,
} from './suite-types.ts';

export const evaluateFairness: CheckEvaluator<FairnessCheckSpec> = (spec, data, seed) =>
  new Promise((resolve) => resolve(fairnessResult(spec, data, seed)));

function fairnessResult(spec: FairnessCheckSpec, data: CheckData, seed: number): CheckResult {
  const scored = data.scored;
  if (scored.kind !== 'classification') {
    throw suiteError(spec, 'type', 'a fairness check needs a classifier: this model predicts numbers (a regressor)');
  }
  const positive = positiveIndex(spec, scored.classes);
  if (data.rows === 0) throw new BallastError('test_data_insufficient', `fairness check ${spec.name}: the test data has no rows`);
  const encoded = spec.sensitive.map((column, i) => sensitiveColumn(spec, data, column, i));

  const truth = new Uint8Array(data.rows);
  const selected = new Uint8Array(data.rows);
  for (let row = 0; row < data.rows; row++) {
    truth[row] = data.labels[row] === positive ? 1 : 0;
    selected[row] = scored.labelIndex[row] === positive ? 1 : 0;
  }
  const cells = countCells(encoded, truth, selected);
  const groupings = buildGroupings(spec.sensitive, encoded, cells, spec.intersections);
  const several = groupings.length > 1;
  const keyOf = (metric: FairnessMetricName, grouping: Grouping) => (several ? `${metric}[${grouping.name}]` : metric);

  const byGroup: Record<string, Record<string, number | null>> = {};
  const aggregates = groupings.map((grouping) => {
    const counts = new Float64Array(grouping.groupKeys.length * 4);
    sumIntoGroups(cells.counts, grouping, counts);
    grouping.groupKeys.forEach((key, group) => {
      byGroup[key] = Object.fromEntries(GROUP_METRICS.map((metric) => [metric, finiteOrNull(groupRate(counts, group, metric))]));
    });
    return disparities(counts, grouping.groupKeys.length);
  });

  const values: Record<string, number | null> = {};
  FAIRNESS_METRICS.forEach((metric, m) => {
    if (several)
      values[metric] = finiteOrNull(
        worst(
          metric,
          aggregates.map((a) => a[m]!),
        ),
      );
    groupings.forEach((grouping, g) => (values[keyOf(metric, grouping)] = finiteOrNull(aggregates[g]![m]!)));
  });

  const intervals: Record<string, Interval> = {};
  if (spec.bootstrap > 0) {
    const statistics = bootstrapDisparities(cells, groupings, spec.bootstrap, seed);
    const keep = (key: string, stats: ArrayLike<number>) => {
      const interval = percentileInterval(stats, spec.confidence);
      if (Number.isFinite(interval[0]) && Number.isFinite(interval[1])) intervals[key] = interval;
    };
    FAIRNESS_METRICS.forEach((metric, m) => {
      if (several) {
        const worstPerRound = new Float64Array(spec.bootstrap);
        for (let round = 0; round < spec.bootstrap; round++)
          worstPerRound[round] = worst(
            metric,
            statistics.map((s) => s[m]![round]!),
          );
        keep(metric, worstPerRound);
      }
      groupings.forEach((grouping, g) => keep(keyOf(metric, grouping), statistics[g]![m]!));
    });
  }

  // A bound on a metric judges it in every grouping: `demographic_parity_difference: {max: 0.05}` with sensitive
  // [sex, race] holds sex, race and (with intersections) their crossing to 0.05 each.
  const bounds: Record<string, Bound> = {};
  const failures: string[] = [];
  const passes: string[] = [];
  for (const metric of FAIRNESS_METRICS) {
    const bound = spec.bounds[metric];
    if (bound === undefined) continue;
    for (const grouping of groupings) {
      const key = keyOf(metric, grouping);
      bounds[key] = bound;
      const verdict = judge(key, values[key] ?? null, bound);
      (verdict.passed ? passes : failures).push(verdict.text);
    }
  }

  return {
    name: spec.name,
    type: 'fairness',
    severity: spec.severity,
    passed: failures.length === 0,
    values,
    bounds,
    ...(spec.bootstrap > 0 ? { intervals } : {}),
    by_group: byGroup,
    details: {
      positive_label: scored.classes[positive],
      groupings: groupings.map((grouping) => ({ name: grouping.name, groups: grouping.groupKeys.length })),
    },
    message: message(failures, passes, values),
  };
}

/** The class counted as selected: `positive_label`, else the second of two classes (a multiclass model must name one). */
function positiveIndex(spec: FairnessCheckSpec, classes: readonly ClassLabel[]): number {
  const wanted = spec.positive_label;
  if (wanted === undefined) {
    if (classes.length === 2) return 1;
    throw suiteError(
      spec,
      'positive_label',
      `the model has ${classes.length} classes (${classes.join(', ')}): name the one counted as selected (one-vs-rest)`,
    );
  }
  // A YAML `1` and a class "1" are the same class, as labels in data files are.
  const index = classes.findIndex((label) => label === wanted || String(label) === String(wanted));
  if (index < 0) throw suiteError(spec, 'positive_label', `${String(wanted)} is not a class of the model (${classes.join(', ')})`);
  return index;
}

function sensitiveColumn(spec: FairnessCheckSpec, data: CheckData, column: string, i: number): EncodedColumn {
  const values = data.columns.get(column);
  if (values === undefined) throw suiteError(spec, ['sensitive', i], `the data has no column ${column}`);
  const encoded = encodeSensitiveColumn(values);
  if (encoded.names.length < 2) {
    throw new BallastError(
      'test_data_insufficient',
      `fairness check ${spec.name}: every row has ${column} = ${encoded.names[0]}, so there are no groups to compare`,
    );
  }
  return encoded;
}

function suiteError(spec: FairnessCheckSpec, field: string | ReadonlyArray<string | number>, message: string): BallastError {
  const path = ['checks', spec.name, ...(typeof field === 'string' ? [field] : field)];
  return issuesError('invalid_test_suite', `fairness check ${spec.name} does not fit`, [{ code: 'invalid_value', path, message }]);
}

/** The worst of a metric over groupings: the largest difference, the smallest ratio; NaN only when all are NaN. */
function worst(metric: FairnessMetricName, values: readonly number[]): number {
  const defined = values.filter((value) => !Number.isNaN(value));
  if (defined.length === 0) return Number.NaN;
  return metric.endsWith('_ratio') ? Math.min(...defined) : Math.max(...defined);
}

function judge(key: string, value: number | null, bound: Bound): { passed: boolean; text: string } {
  if (value === null) return { passed: false, text: `${key} is undefined (0/0: no group has a selected row), so it cannot meet its bound` };
  if (bound.min !== undefined && value < bound.min) return { passed: false, text: `${key} ${show(value)} is below its min ${bound.min}` };
  if (bound.max !== undefined && value > bound.max) return { passed: false, text: `${key} ${show(value)} is above its max ${bound.max}` };
  const sides = [bound.min !== undefined ? `≥ ${bound.min}` : '', bound.max !== undefined ? `≤ ${bound.max}` : ''].filter(Boolean);
  return { passed: true, text: `${key} ${show(value)} ${sides.join(' and ')}` };
}

function message(failures: readonly string[], passes: readonly string[], values: Readonly<Record<string, number | null>>): string {
  const list = (items: readonly string[]) => items.slice(0, 3).join('; ') + (items.length > 3 ? ` (and ${items.length - 3} more)` : '');
  if (failures.length > 0) return `fails: ${list(failures)}`;
  if (passes.length > 0) return `within bounds: ${list(passes)}`;
  const dp = values['demographic_parity_difference'];
  const di = values['disparate_impact_ratio'];
  return `no bounds set (reported only): demographic_parity_difference ${dp === null || dp === undefined ? 'undefined' : show(dp)}, disparate_impact_ratio ${di === null || di === undefined ? 'undefined' : show(di)}`;
}

function show(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
