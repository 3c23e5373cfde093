/**
 * The `slices` check: the metric on every slice of the named columns (default every model input) and of
 * their crossings (slices/slice-columns.ts says how rows are cut), compared with the metric on all rows.
 * A slice with at least `min_rows` rows is judged: its worse-by (overall − slice, oriented so positive is
 * worse) gets a percentile bootstrap interval (slices/slice-bootstrap.ts says what is resampled), and the
 * slice FAILS when the whole interval lies above `margin` — worse than allowed beyond sampling noise, not
 * merely by a noisy point value. With `bootstrap: 0` there is no interval and the point worse-by is judged.
 * Smaller slices are listed with `judged: false`. No slice large enough to judge is test_data_insufficient.
 *
 * `details.slices` lists the failed slices first, then the judged ones, then the rest, each group worst
 * first, at most MAX_LISTED (every failed slice is listed); `details.total` counts them all.
 */
import { BallastError } from '../errors.ts';
import { formatValue, wireNumber } from './bound.ts';
import { allRows, metricOfRows, metricRowsOf } from './metric-rows.ts';
import { percentileInterval } from './seeded-random.ts';
import { bootstrapWorseBy, groupRows, worseBy } from './slices/slice-bootstrap.ts';
import { crossSlices, type SliceAssignment, sliceColumn } from './slices/slice-columns.ts';
import type { CheckData, CheckEvaluator, Interval, SlicesCheckSpec } from './suite-types.ts';

const MAX_LISTED = 100;

export interface SliceResult {
  readonly column: string;
  readonly slice: string;
  readonly rows: number;
  readonly value: number | null;
  readonly overall: number | null;
  readonly worse_by: number | null;
  readonly interval: Interval | null;
  readonly judged: boolean;
  readonly failed: boolean;
}

export const evaluateSlices: CheckEvaluator<SlicesCheckSpec> = async (spec, data, seed) => {
  const rows = metricRowsOf(data, data.scored, spec.metric, spec.name);
  const assignments = sliceAssignments(spec, data);
  const overall = metricOfRows(spec.metric, rows, allRows(data.rows));

  const groups = assignments.map((a) => groupRows(a.ids, a.labels.length));
  const sizes = groups.map((g) => sizesOf(g.offsets));
  const judged = sizes.map((counts) => counts.map((count) => count >= spec.min_rows));
  if (!judged.some((slices) => slices.some(Boolean))) {
    throw new BallastError(
      'test_data_insufficient',
      `check ${spec.name}: no slice has ${spec.min_rows} rows or more (the data has ${data.rows}), so no slice can be judged`,
    );
  }
  const stats =
    spec.bootstrap > 0 ? bootstrapWorseBy({ metric: spec.metric, rows, assignments, judged, rounds: spec.bootstrap, seed }) : undefined;

  const results: SliceResult[] = [];
  assignments.forEach((assignment, a) => {
    const { offsets, rows: grouped } = groups[a]!;
    assignment.labels.forEach((label, s) => {
      const count = sizes[a]![s]!;
      if (count === 0) return;
      const value = metricOfRows(spec.metric, rows, grouped.subarray(offsets[s]!, offsets[s + 1]!));
      const worse = worseBy(spec.metric, overall, value);
      const isJudged = judged[a]![s]!;
      const interval = isJudged && stats !== undefined ? percentileInterval(stats[a]![s]!, spec.confidence) : null;
      const failed = isJudged && (interval === null ? worse > spec.margin : interval[0] > spec.margin);
      results.push({
        column: assignment.column,
        slice: label,
        rows: count,
        value: wireNumber(value),
        overall: wireNumber(overall),
        worse_by: wireNumber(worse),
        interval: interval === null || Number.isNaN(interval[0]) ? null : interval,
        judged: isJudged,
        failed,
      });
    });
  });
  results.sort(worstFirst);

  const judgedResults = results.filter((r) => r.judged);
  const failed = results.filter((r) => r.failed);
  const worst = judgedResults.reduce<SliceResult | undefined>(
    (w, r) => (r.worse_by !== null && (w === undefined || r.worse_by > w.worse_by!) ? r : w),
    undefined,
  );
  const intervals: Record<string, Interval> = {};
  if (worst?.interval) intervals['worst_slice_worse_by'] = worst.interval;
  return {
    name: spec.name,
    type: 'slices',
    severity: spec.severity,
    passed: failed.length === 0,
    values: { overall: wireNumber(overall), worst_slice_worse_by: worst?.worse_by ?? null },
    bounds: {},
    intervals,
    details: {
      metric: spec.metric,
      margin: spec.margin,
      total: results.length,
      judged: judgedResults.length,
      slices: results.slice(0, Math.max(MAX_LISTED, failed.length)),
    },
    message: message(spec, overall, judgedResults.length, failed, worst),
  };
};

/** Counts per slice from a groups' offsets. */
function sizesOf(offsets: Int32Array): number[] {
  return Array.from({ length: offsets.length - 1 }, (_, s) => offsets[s + 1]! - offsets[s]!);
}

function sliceAssignments(spec: SlicesCheckSpec, data: CheckData): SliceAssignment[] {
  const names = spec.columns ?? data.inputs;
  const crossings = spec.crossings ?? [];
  const cache = new Map<string, SliceAssignment>();
  const sliced = (name: string, path: (string | number)[]): SliceAssignment => {
    let assignment = cache.get(name);
    if (assignment !== undefined) return assignment;
    const column = data.columns.get(name);
    if (column === undefined) {
      throw new BallastError('invalid_test_suite', `check ${spec.name}: the data has no column ${name} to slice`, [
        { code: 'invalid_value', path: ['checks', spec.name, ...path], message: `the data has no column ${name}` },
      ]);
    }
    assignment = sliceColumn(name, column, spec.bins);
    cache.set(name, assignment);
    return assignment;
  };
  return [
    ...names.map((name, i) => sliced(name, ['columns', i])),
    ...crossings.map(([a, b], i) => crossSlices(sliced(a, ['crossings', i, 0]), sliced(b, ['crossings', i, 1]))),
  ];
}

/** Failed, then judged, then the rest; within each, the largest worse-by first (undefined last). */
function worstFirst(x: SliceResult, y: SliceResult): number {
  if (x.failed !== y.failed) return x.failed ? -1 : 1;
  if (x.judged !== y.judged) return x.judged ? -1 : 1;
  return (y.worse_by ?? Number.NEGATIVE_INFINITY) - (x.worse_by ?? Number.NEGATIVE_INFINITY) || 0;
}

function describe(r: SliceResult): string {
  const where = r.column.includes(' & ') ? r.slice : `${r.column}=${r.slice}`;
  const interval = r.interval === null ? '' : ` [${formatValue(r.interval[0])}, ${formatValue(r.interval[1])}]`;
  return `${where} (${r.rows} rows) by ${formatValue(r.worse_by ?? Number.NaN)}${interval}`;
}

function message(
  spec: SlicesCheckSpec,
  overall: number,
  judged: number,
  failed: readonly SliceResult[],
  worst: SliceResult | undefined,
): string {
  const head = `${spec.metric} ${formatValue(overall)} overall`;
  if (failed.length > 0) {
    const shown = failed.slice(0, 3).map(describe).join('; ');
    const more = failed.length > 3 ? `; and ${failed.length - 3} more` : '';
    return `${failed.length} of ${judged} judged slices are worse than overall by more than ${spec.margin} (${head}): ${shown}${more}`;
  }
  const worstText = worst === undefined ? '' : `; worst ${describe(worst)}`;
  return `no judged slice of ${judged} is worse than overall by more than ${spec.margin} (${head})${worstText}`;
}
