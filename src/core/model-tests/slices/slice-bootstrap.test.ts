import { describe, expect, it } from 'vitest';
import type { MetricRows } from '../metric-rows.ts';
import { percentileInterval, SeededRandom } from '../seeded-random.ts';
import { bootstrapWorseBy, groupRows, worseBy } from './slice-bootstrap.ts';
import { sliceColumn } from './slice-columns.ts';

/** n rows, slice "b" (every third row) right with probability 0.7, the rest with 0.9. */
function rowsOf(n: number): { truth: Int32Array; predicted: Int32Array; group: string[] } {
  const random = new SeededRandom(42);
  const truth = new Int32Array(n);
  const predicted = new Int32Array(n);
  const group: string[] = [];
  for (let row = 0; row < n; row++) {
    const inB = row % 3 === 0;
    group.push(inB ? 'b' : 'a');
    truth[row] = random.nextInt(2);
    predicted[row] = random.nextFloat() < (inB ? 0.7 : 0.9) ? truth[row]! : 1 - truth[row]!;
  }
  return { truth, predicted, group };
}

describe('the slice bootstrap', () => {
  it('groups rows by slice with a counting sort, repeated rows and all', () => {
    const ids = Int32Array.from([1, 0, 1, 2]);
    expect(groupRows(ids, 3)).toEqual({ offsets: Int32Array.from([0, 1, 3, 4]), rows: Int32Array.from([1, 0, 2, 3]) });
    expect(groupRows(ids, 3, Int32Array.from([2, 2, 3, 1]))).toEqual({
      offsets: Int32Array.from([0, 1, 3, 4]),
      rows: Int32Array.from([1, 2, 2, 3]),
    });
  });

  it('orients worse-by so positive is worse whichever way the metric points', () => {
    expect(worseBy('accuracy', 0.9, 0.8)).toBeCloseTo(0.1, 12);
    expect(worseBy('log_loss', 0.3, 0.5)).toBeCloseTo(0.2, 12);
    expect(worseBy('mae', 2, 1)).toBe(-1);
  });

  it('resampling counts (accuracy) and resampling rows (the mean absolute error of 0/1 answers, the error rate) give the same intervals', () => {
    const n = 3000;
    const { truth, predicted, group } = rowsOf(n);
    const assignments = [sliceColumn('g', group, 5)];
    const judged = [[true, true]];
    const classification: MetricRows = { task: 'classification', k: 2, truth, predicted, probabilities: new Float64Array(2 * n) };
    const regression: MetricRows = { task: 'regression', truth: Float64Array.from(truth), predicted: Float64Array.from(predicted) };
    const counts = bootstrapWorseBy({ metric: 'accuracy', rows: classification, assignments, judged, rounds: 2000, seed: 1 });
    const drawnRows = bootstrapWorseBy({ metric: 'mae', rows: regression, assignments, judged, rounds: 2000, seed: 2 });
    for (const s of [0, 1]) {
      const a = percentileInterval(counts[0]![s]!, 0.9);
      const b = percentileInterval(drawnRows[0]![s]!, 0.9);
      expect(Math.abs(a[0] - b[0])).toBeLessThan(0.006);
      expect(Math.abs(a[1] - b[1])).toBeLessThan(0.006);
    }
    // Slice b (every third row, 0.7 right) is worse than overall (≈ 0.83) by ≈ 0.13; its interval says so.
    const b = assignments[0]!.labels.indexOf('b');
    const [low, high] = percentileInterval(counts[0]![b]!, 0.95);
    expect(low).toBeGreaterThan(0.08);
    expect(high).toBeLessThan(0.19);
  });

  it('draws nothing for slices that are not judged, and is reproducible from its seed', () => {
    const { truth, predicted, group } = rowsOf(600);
    const rows: MetricRows = { task: 'classification', k: 2, truth, predicted, probabilities: new Float64Array(1200) };
    const input = {
      metric: 'accuracy' as const,
      rows,
      assignments: [sliceColumn('g', group, 5)],
      judged: [[true, false]],
      rounds: 50,
      seed: 3,
    };
    const once = bootstrapWorseBy(input);
    expect(once[0]![1]).toHaveLength(0);
    expect(once).toEqual(bootstrapWorseBy(input));
    expect(once).not.toEqual(bootstrapWorseBy({ ...input, seed: 4 }));
  });
});
