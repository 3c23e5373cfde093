import { describe, expect, it } from 'vitest';
import { CalibrationBins, calibration, calibrationEdges } from './calibration.ts';
import { close, inputOf, references } from './testing/references.ts';

describe('calibration against sklearn.calibration.calibration_curve(strategy="uniform", n_bins=10)', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => {
      const summary = calibration(inputOf(c));
      const ref = c.calibration;
      expect(summary.points.map((p) => p.bin)).toEqual(ref.bins);
      expect(summary.points.map((p) => p.count)).toEqual(ref.counts);
      summary.points.forEach((p, i) => {
        expect(close(p.meanPredicted, ref.prob_pred[i]!)).toBe(true);
        expect(close(p.observedFrequency, ref.prob_true[i]!)).toBe(true);
      });
      expect(close(summary.ece, ref.ece)).toBe(true);
      expect(close(summary.mce, ref.mce)).toBe(true);
    });
  }

  it('puts a score on an interior edge in the lower bin (right-closed bins, as np.searchsorted side="left")', () => {
    const bins = new CalibrationBins(10);
    expect([0, 0.1, 0.10000000000000002, 0.2, 0.3, 0.30000000000000004, 0.9, 1].map((p) => bins.binOf(p))).toEqual([
      0, 0, 1, 1, 2, 2, 8, 9,
    ]);
    expect(calibrationEdges(10)[2]).toBe(0.30000000000000004);
  });

  it('merges exactly and survives JSON', () => {
    const a = new CalibrationBins();
    const b = new CalibrationBins();
    const all = new CalibrationBins();
    [
      [0.05, true],
      [0.35, false],
      [0.36, true],
    ].forEach(([p, y]) => {
      a.add(p as number, y as boolean);
      all.add(p as number, y as boolean);
    });
    [
      [0.95, true],
      [0.37, false],
    ].forEach(([p, y]) => {
      b.add(p as number, y as boolean);
      all.add(p as number, y as boolean);
    });
    const merged = CalibrationBins.fromJSON(JSON.parse(JSON.stringify(a.merge(b))));
    expect(merged.summary()).toEqual(all.summary());
    expect(() => merged.merge(new CalibrationBins(5))).toThrow(RangeError);
  });

  it('has no points and NaN errors when empty', () => {
    expect(new CalibrationBins().summary()).toEqual({ ece: Number.NaN, mce: Number.NaN, points: [] });
  });
});
