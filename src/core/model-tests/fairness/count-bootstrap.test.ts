import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { FAIRNESS_METRICS } from '../suite-types.ts';
import { countCells, FN, FP, TN, TP } from './cell-counts.ts';
import { bootstrapDisparities } from './count-bootstrap.ts';
import { disparities } from './disparities.ts';
import { buildGroupings } from './groupings.ts';
import { encodeSensitiveColumn } from './sensitive-groups.ts';
import { fairnessScenario } from './testing/fairness-fixtures.ts';

function quantile(values: Float64Array, q: number): number {
  const sorted = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  return sorted[below]! + (sorted[Math.min(below + 1, sorted.length - 1)]! - sorted[below]!) * (position - below);
}

function meanAndSd(values: Float64Array): { mean: number; sd: number } {
  const defined = Array.from(values).filter((v) => !Number.isNaN(v));
  const mean = defined.reduce((s, v) => s + v, 0) / defined.length;
  return { mean, sd: Math.sqrt(defined.reduce((s, v) => s + (v - mean) ** 2, 0) / (defined.length - 1)) };
}

describe('bootstrapDisparities (counts drawn as a multinomial)', () => {
  // The sex × race rows of the Fairlearn fixture: 3,000 rows, 7 crossed groups, one of them small.
  const scenario = fairnessScenario('intersection');
  const encoded = ['sex', 'race'].map((name) => encodeSensitiveColumn(scenario.columns[name]!.map(String)));
  const positive = 1;
  const truth = Uint8Array.from(scenario.labels, (label) => (label === positive ? 1 : 0));
  const selected = Uint8Array.from(scenario.predicted, (label) => (label === positive ? 1 : 0));
  const cells = countCells(encoded, truth, selected);
  const groupings = buildGroupings(['sex', 'race'], encoded, cells, true);
  const crossing = groupings[2]!;

  it('has the distribution of a bootstrap that resamples rows (mean, spread and the interval ends of every aggregate)', () => {
    const rounds = 2000;
    const fromCounts = bootstrapDisparities(cells, groupings, rounds, 11)[2]!;

    // The textbook bootstrap: draw n row indexes with replacement, count the crossing's groups, aggregate.
    const random = new SeededRandom(12);
    const rows = truth.length;
    const groupOfRow = Int32Array.from({ length: rows }, (_, row) => encoded[0]!.codes[row]! * 4 + encoded[1]!.codes[row]!);
    const comboOfKey = new Map(crossing.groupKeys.map((key, i) => [key, i]));
    const groupIndex = Int32Array.from(groupOfRow, (key) =>
      comboOfKey.get(`sex=${encoded[0]!.names[key >> 2]}, race=${encoded[1]!.names[key & 3]}`)!,
    );
    const fromRows = FAIRNESS_METRICS.map(() => new Float64Array(rounds));
    const counts = new Float64Array(crossing.groupKeys.length * 4);
    for (let round = 0; round < rounds; round++) {
      counts.fill(0);
      for (let i = 0; i < rows; i++) {
        const row = random.nextInt(rows);
        const outcome = truth[row] ? (selected[row] ? TP : FN) : selected[row] ? FP : TN;
        counts[groupIndex[row]! * 4 + outcome]!++;
      }
      const values = disparities(counts, crossing.groupKeys.length);
      FAIRNESS_METRICS.forEach((_, m) => (fromRows[m]![round] = values[m]!));
    }

    FAIRNESS_METRICS.forEach((metric, m) => {
      const a = meanAndSd(fromCounts[m]!);
      const b = meanAndSd(fromRows[m]!);
      // Two independent runs of 2,000 rounds: the means differ by about sd·√(2/2000) ≈ 0.03 sd; allow 0.15 sd.
      expect(Math.abs(a.mean - b.mean), `${metric} mean`).toBeLessThan(0.15 * b.sd);
      expect(Math.abs(a.sd / b.sd - 1), `${metric} sd`).toBeLessThan(0.1);
      for (const q of [0.025, 0.975]) {
        expect(Math.abs(quantile(fromCounts[m]!, q) - quantile(fromRows[m]!, q)), `${metric} q${q}`).toBeLessThan(0.3 * b.sd);
      }
    });
  });

  it('is driven by the seed alone', () => {
    const a = bootstrapDisparities(cells, groupings, 50, 5);
    const b = bootstrapDisparities(cells, groupings, 50, 5);
    const c = bootstrapDisparities(cells, groupings, 50, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
