import { describe, expect, it } from 'vitest';
import type { MetricRows } from './metric-rows.ts';
import { betterBy, pairedBootstrap } from './paired-bootstrap.ts';
import { percentileInterval, SeededRandom } from './seeded-random.ts';

/** Two models on the same 4000 rows: the tested one right 85% of the time, the other 80%, their errors correlated. */
function answers(): { truth: Int32Array; tested: Int32Array; other: Int32Array } {
  const random = new SeededRandom(8);
  const n = 4000;
  const truth = new Int32Array(n);
  const tested = new Int32Array(n);
  const other = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    truth[row] = random.nextInt(2);
    const hard = random.nextFloat() < 0.15;
    tested[row] = hard ? 1 - truth[row]! : truth[row]!;
    other[row] = hard || random.nextFloat() < 0.06 ? 1 - truth[row]! : truth[row]!;
  }
  return { truth, tested, other };
}

describe('the paired bootstrap', () => {
  it('orients the difference so positive means the tested model is better', () => {
    expect(betterBy('accuracy', 0.9, 0.8)).toBeCloseTo(0.1, 12);
    expect(betterBy('rmse', 1, 3)).toBe(2);
  });

  it('gives the same interval resampling counts (accuracy) as resampling rows (the MAE of 0/1 answers)', () => {
    const { truth, tested, other } = answers();
    const classification = (predicted: Int32Array): MetricRows => ({
      task: 'classification',
      k: 2,
      truth,
      predicted,
      probabilities: new Float64Array(0),
    });
    const regression = (predicted: Int32Array): MetricRows => ({
      task: 'regression',
      truth: Float64Array.from(truth),
      predicted: Float64Array.from(predicted),
    });
    const counts = percentileInterval(pairedBootstrap('accuracy', classification(tested), classification(other), 2000, 1), 0.9);
    const rows = percentileInterval(pairedBootstrap('mae', regression(tested), regression(other), 2000, 2), 0.9);
    expect(Math.abs(counts[0] - rows[0])).toBeLessThan(0.003);
    expect(Math.abs(counts[1] - rows[1])).toBeLessThan(0.003);
    // Paired: the shared hard rows cancel, so the interval is about ±1.96·sqrt(0.05/4000) ≈ ±0.007 wide, not
    // the ±0.017 of two independent accuracies.
    expect(counts[1] - counts[0]).toBeLessThan(0.02);
    expect(counts[0]).toBeGreaterThan(0.03);
  });
});
