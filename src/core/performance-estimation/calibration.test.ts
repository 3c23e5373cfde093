import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binIndexEdges, expectedCalibrationError, needsCalibration } from './calibration.ts';

const fixtures = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/performance-estimation/isotonic.json', import.meta.url), 'utf8'),
) as {
  needs_calibration: Array<{ name: string; labels: number[]; scores: number[]; needs_calibration: boolean }>;
};

describe('needsCalibration', () => {
  // On already calibrated scores the decision follows the random splits (other seeds decide either way);
  // it agrees because the splits are NannyML's own draws.
  for (const c of fixtures.needs_calibration) {
    it(`decides as NannyML's needs_calibration on ${c.name} scores (${c.needs_calibration})`, () => {
      expect(needsCalibration(c.labels, c.scores)).toBe(c.needs_calibration);
    });
  }

  it('decides the same with tied scores, -0 among them, as with the scores sorted by a comparator', () => {
    // Scores with two decimals tie in long runs, across the check's bins; -0 and 0 are one score.
    const scores = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? -0 : Math.round(((i * 7919) % 1000) / 10) / 100));
    const labels = scores.map((s, i) => (s * 1.6 - 0.3 + ((i * 31) % 17) / 40 > 0.5 ? 1 : 0));
    const byComparator = Uint32Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
    expect(needsCalibration(labels, scores)).toBe(needsCalibration(labels, scores, byComparator));
  });

  it('does not calibrate one class or almost perfectly separated scores', () => {
    expect(needsCalibration([1, 1, 1], [0.2, 0.5, 0.9])).toBe(false);
    expect(
      needsCalibration(
        Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 1)),
        Array.from({ length: 100 }, (_, i) => (i < 50 ? 0.45 : 0.55)),
      ),
    ).toBe(false);
  });
});

describe('binIndexEdges (NannyML’s equal-count bins)', () => {
  it('cuts floor(n / bins) wide bins, the last one taking the rest', () => {
    expect(binIndexEdges(105, 10).at(-1)).toEqual([90, 105]);
    expect(binIndexEdges(105, 10)).toHaveLength(10);
  });

  it('makes more bins than asked when the width rounds down, as NannyML does', () => {
    expect(binIndexEdges(25, 10)).toHaveLength(12); // n <= 2 × bins: 12 bins of 2, the last [22, 25)
  });
});

describe('expectedCalibrationError', () => {
  it('weighs each bin’s |mean score − mean label| by its size', () => {
    const edges = binIndexEdges(4, 2);
    expect(edges).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], edges)).toBeCloseTo(0.5 * 0.2 + 0.5 * 0.3, 12);
  });
});
