/**
 * The bootstrap of how much worse than overall each slice is.
 *
 * What is resampled: all n rows of the test data, with replacement, n at a time — the ordinary bootstrap of
 * the data set. In each round the overall metric is the metric of the whole resample and a slice's metric
 * that of the resampled rows falling in the slice, so slice and overall move together (a slice's bad rows
 * drawn twice also weigh on overall), and the slice's size varies as it would in a new sample.
 * worse-by = overall − slice when a higher metric is better, slice − overall otherwise (positive: worse).
 *
 * Two ways to draw the same thing:
 *   - Metrics of the confusion matrix alone (accuracy, balanced accuracy, precision, recall, F1,
 *     specificity): a resample of n rows puts Multinomial(n, cell shares) rows into the 2·k² cells
 *     "(in the slice | not) × true class × predicted class", so each round draws that multinomial
 *     (binomial-sampler.ts) — time independent of n, which is what makes a million rows cheap.
 *   - Every other metric (ROC AUC, log loss, ECE, regression errors, …): the rows are drawn, once per
 *     round for all columns together, and each slice's metric is computed on its drawn rows.
 * Either way a round's statistics for one slice have the same distribution; only the cost differs.
 */
import { METRICS, type MetricName } from '../../performance/metric-registry.ts';
import { countsMatrix, isCountMetric, metricOfCounts, metricOfRows, type MetricRows, rowCount } from '../metric-rows.ts';
import { SeededRandom } from '../seeded-random.ts';
import { multinomialDraw } from '../binomial-sampler.ts';
import type { SliceAssignment } from './slice-columns.ts';

/** Rows grouped by slice: the rows of slice s are rows[offsets[s] … offsets[s + 1]). */
export interface SliceGroups {
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
}

/** How much worse than overall a slice's value is, positive meaning worse. */
export function worseBy(metric: MetricName, overall: number, slice: number): number {
  return METRICS[metric].higherIsBetter ? overall - slice : slice - overall;
}

/** The rows listed in `source` (default every row, in order) grouped by their slice id: a counting sort. */
export function groupRows(ids: Int32Array, slices: number, source?: Int32Array): SliceGroups {
  const length = source === undefined ? ids.length : source.length;
  const offsets = new Int32Array(slices + 1);
  for (let i = 0; i < length; i++) offsets[ids[source === undefined ? i : source[i]!]! + 1]! += 1;
  for (let s = 0; s < slices; s++) offsets[s + 1]! += offsets[s]!;
  const next = offsets.slice(0, slices);
  const rows = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const row = source === undefined ? i : source[i]!;
    rows[next[ids[row]!]!++] = row;
  }
  return { offsets, rows };
}

export interface SliceBootstrapInput {
  readonly metric: MetricName;
  readonly rows: MetricRows;
  readonly assignments: readonly SliceAssignment[];
  /** judged[a][s]: whether slice s of assignment a gets an interval. */
  readonly judged: readonly (readonly boolean[])[];
  readonly rounds: number;
  readonly seed: number;
}

/** stats[a][s]: the worse-by of each round for a judged slice (empty for the others); NaN where a round's slice metric is undefined. */
export function bootstrapWorseBy(input: SliceBootstrapInput): Float64Array[][] {
  const random = new SeededRandom(input.seed);
  const stats = input.judged.map((slices) => slices.map((judged) => new Float64Array(judged ? input.rounds : 0)));
  if (input.rows.task === 'classification' && isCountMetric(input.metric)) countBootstrap(input, input.rows, random, stats);
  else rowBootstrap(input, random, stats);
  return stats;
}

function countBootstrap(
  input: SliceBootstrapInput,
  rows: MetricRows & { task: 'classification' },
  random: SeededRandom,
  stats: Float64Array[][],
): void {
  const { k, truth, predicted } = rows;
  const cells = k * k;
  const n = truth.length;
  const weights = new Float64Array(2 * cells);
  const drawn = new Float64Array(2 * cells);
  const overall = new Float64Array(cells);
  input.assignments.forEach((assignment, a) => {
    if (!input.judged[a]!.some(Boolean)) return;
    const slices = assignment.labels.length;
    const perSlice = new Float64Array(slices * cells);
    const total = new Float64Array(cells);
    for (let row = 0; row < n; row++) {
      const cell = truth[row]! * k + predicted[row]!;
      perSlice[assignment.ids[row]! * cells + cell]! += 1;
      total[cell]! += 1;
    }
    for (let s = 0; s < slices; s++) {
      if (!input.judged[a]![s]) continue;
      for (let c = 0; c < cells; c++) {
        weights[c] = perSlice[s * cells + c]!;
        weights[cells + c] = total[c]! - weights[c]!;
      }
      const out = stats[a]![s]!;
      for (let round = 0; round < input.rounds; round++) {
        multinomialDraw(random, n, weights, drawn);
        for (let c = 0; c < cells; c++) overall[c] = drawn[c]! + drawn[cells + c]!;
        const slice = metricOfCounts(input.metric, countsMatrix(drawn, k, 0));
        out[round] = worseBy(input.metric, metricOfCounts(input.metric, countsMatrix(overall, k, 0)), slice);
      }
    }
  });
}

function rowBootstrap(input: SliceBootstrapInput, random: SeededRandom, stats: Float64Array[][]): void {
  const n = rowCount(input.rows);
  const resample = new Int32Array(n);
  const active = input.assignments.map((_, a) => input.judged[a]!.some(Boolean));
  for (let round = 0; round < input.rounds; round++) {
    for (let i = 0; i < n; i++) resample[i] = random.nextInt(n);
    const overall = metricOfRows(input.metric, input.rows, resample);
    input.assignments.forEach((assignment, a) => {
      if (!active[a]) return;
      const groups = groupRows(assignment.ids, assignment.labels.length, resample);
      input.judged[a]!.forEach((judged, s) => {
        if (!judged) return;
        const slice = metricOfRows(input.metric, input.rows, groups.rows.subarray(groups.offsets[s]!, groups.offsets[s + 1]!));
        stats[a]![s]![round] = worseBy(input.metric, overall, slice);
      });
    });
  }
}
