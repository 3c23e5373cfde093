import { describe, expect, it } from 'vitest';
import { KllSketch } from '../sketches/kll.ts';
import { mulberry32, normal } from '../sketches/testing/random-data.ts';
import { RegressionWindow } from './regression-window.ts';
import { close, orNaN, references } from './testing/references.ts';

function windowOf(yTrue: readonly number[], yPred: readonly number[], parts = 3): RegressionWindow {
  const windows = Array.from({ length: parts }, (_, i) => new RegressionWindow(200, 1000 + i));
  yTrue.forEach((y, i) => expect(windows[i % parts]!.add(y, yPred[i]!)).toEqual([]));
  const [first, ...rest] = windows;
  const merged = RegressionWindow.fromJSON(JSON.parse(JSON.stringify(first!)));
  for (const w of rest) merged.merge(RegressionWindow.fromJSON(JSON.parse(JSON.stringify(w))));
  return merged;
}

/** The normalised rank of x among values: the share strictly below plus half the share equal (a midpoint). */
function trueRankRange(values: readonly number[], x: number): [number, number] {
  const below = values.filter((v) => v < x).length;
  const atOrBelow = values.filter((v) => v <= x).length;
  return [below / values.length, atOrBelow / values.length];
}

describe('RegressionWindow against scikit-learn 1.9, after merging windows through JSON', () => {
  for (const c of references.regression) {
    it(c.name, () => {
      const m = windowOf(c.y_true, c.y_pred).metrics();
      expect(close(m.mae, c.mae)).toBe(true);
      expect(close(m.rmse, c.rmse)).toBe(true);
      expect(Math.abs(m.mape - c.mape)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.mape));
      expect({ r2: m.r2, ok: close(m.r2, orNaN(c.r2)) }).toMatchObject({ ok: true });
      // The sketched median: its rank among the true |e| is within the sketch's bound of one half.
      const errors = c.y_true.map((y, i) => Math.abs(y - c.y_pred[i]!));
      const [low, high] = trueRankRange(errors, m.median_absolute_error);
      expect(low - m.median_absolute_error_rank_error).toBeLessThanOrEqual(0.5);
      expect(high + m.median_absolute_error_rank_error).toBeGreaterThanOrEqual(0.5);
    });
  }

  it('keeps R² exact for large targets with a small spread, where Σy² − (Σy)²/n would cancel', () => {
    const random = mulberry32(5);
    const yTrue = Array.from({ length: 1000 }, () => 1e8 + normal(random));
    const yPred = yTrue.map((y) => y + 0.5 * normal(random));
    let mean = 0;
    for (const y of yTrue) mean += y / yTrue.length;
    const total = yTrue.reduce((s, y) => s + (y - mean) ** 2, 0);
    const residual = yTrue.reduce((s, y, i) => s + (y - yPred[i]!) ** 2, 0);
    expect(windowOf(yTrue, yPred, 4).metrics().r2).toBeCloseTo(1 - residual / total, 9);
  });

  it('states the median error of its sketch, and it holds on 20,000 rows merged from four windows', () => {
    const random = mulberry32(11);
    const yTrue = Array.from({ length: 20000 }, () => 10 * normal(random));
    const yPred = yTrue.map((y) => y + Math.exp(normal(random)));
    const m = windowOf(yTrue, yPred, 4).metrics();
    expect(m.median_absolute_error_rank_error).toBe(KllSketch.rankErrorBound(200));
    const [low, high] = trueRankRange(
      yTrue.map((y, i) => Math.abs(y - yPred[i]!)),
      m.median_absolute_error,
    );
    expect(Math.max(low - 0.5, 0.5 - high)).toBeLessThanOrEqual(m.median_absolute_error_rank_error);
  });

  it('refuses NaN, ∞ and a string target whole, leaving the window as it was', () => {
    const window = new RegressionWindow();
    window.add(1, 2);
    const before = JSON.stringify(window);
    expect(window.add(Number.NaN, Number.POSITIVE_INFINITY, ['feedback', 2]).map((i) => i.path)).toEqual([
      ['feedback', 2, 'value'],
      ['feedback', 2, 'prediction'],
    ]);
    expect(window.add('3' as unknown as number, 3)[0]!.message).toBe('must be a finite number, got "3"');
    expect(JSON.stringify(window)).toBe(before);
  });

  it('gives NaN for an empty window and refuses a state whose counts disagree', () => {
    const m = new RegressionWindow().metrics();
    expect([m.mae, m.rmse, m.mape, m.r2, m.median_absolute_error]).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(() => RegressionWindow.fromJSON({ ...new RegressionWindow().toJSON(), count: 2 })).toThrow(/counts 2 rows/);
  });
});
