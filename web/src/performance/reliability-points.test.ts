import { describe, expect, it } from 'vitest';
import { reliabilityDots } from './reliability-points.ts';

const point = (bin: number, score: number, observed: number, count: number) => ({
  bin_start: bin / 10,
  bin_end: bin / 10 + 0.1,
  mean_score: score,
  observed_rate: observed,
  count,
});

describe('reliabilityDots', () => {
  it('places each bin at its mean score and observed rate, sized by the square root of its count, in bin order', () => {
    const dots = reliabilityDots({
      expected_calibration_error: 0.05,
      maximum_calibration_error: 0.1,
      points: [point(5, 0.55, 0.45, 25), point(0, 0.05, 0.06, 100), point(9, 0.95, 1, 1)],
    });
    expect(dots.map((d) => [d.binStart, d.score, d.observed, d.count])).toEqual([
      [0, 0.05, 0.06, 100],
      [0.5, 0.55, 0.45, 25],
      [0.9, 0.95, 1, 1],
    ]);
    expect(dots.map((d) => d.radius)).toEqual([10, 3 + 7 * 0.5, 3 + 7 * 0.1]);
    expect(dots[1]!.gap).toBeCloseTo(-0.1, 12);
  });

  it('leaves out empty bins and values that cannot be drawn', () => {
    const dots = reliabilityDots({
      expected_calibration_error: 0,
      maximum_calibration_error: 0,
      points: [point(0, 0.05, 0.06, 0), point(1, Number.NaN, 0.1, 5), point(2, 0.25, 0.2, 5)],
    });
    expect(dots.map((d) => d.binStart)).toEqual([0.2]);
    expect(dots[0]!.radius).toBe(10);
    expect(reliabilityDots({ expected_calibration_error: 0, maximum_calibration_error: 0, points: [] })).toEqual([]);
  });
});
