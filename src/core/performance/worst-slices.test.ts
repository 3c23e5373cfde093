import { describe, expect, it } from 'vitest';
import fixtures from '../../../test/fixtures/slices/slice-fixtures.json' with { type: 'json' };
import { Moments } from '../sketches/moments.ts';
import { type LabelledSummary, type SliceSummary, worstSlices } from './worst-slices.ts';

/** Aggregates a fixture window's rows into per-slice summaries, as the performance scan does. */
function summaries(window: (typeof fixtures.windows)[number]): { slices: SliceSummary[]; overall: LabelledSummary } {
  const overall = { labelledRows: 0, correct: 0, absoluteErrors: new Moments() };
  const bySlice = new Map<
    string,
    { column: string; slice: string; rows: number; labelledRows: number; correct: number; absoluteErrors: Moments }
  >();
  window.outcome.forEach((outcome, i) => {
    const labelled = window.labelled[i]!;
    for (const [column, values] of Object.entries(window.columns)) {
      const key = `${column}=${values[i]}`;
      let s = bySlice.get(key);
      if (!s) bySlice.set(key, (s = { column, slice: values[i]!, rows: 0, labelledRows: 0, correct: 0, absoluteErrors: new Moments() }));
      s.rows++;
      if (!labelled) continue;
      s.labelledRows++;
      s.correct += outcome;
      s.absoluteErrors.add(outcome);
    }
    if (!labelled) return;
    overall.labelledRows++;
    overall.correct += outcome;
    overall.absoluteErrors.add(outcome);
  });
  return { slices: [...bySlice.values()], overall };
}

describe('worstSlices against scipy', () => {
  for (const window of fixtures.windows) {
    it(`finds the ${window.task} slices scipy finds significantly worse, after Benjamini–Hochberg`, () => {
      const { slices, overall } = summaries(window);
      const worst = worstSlices(window.task as 'classification' | 'regression', slices, overall);
      expect(worst.map((w) => [w.column, w.slice, w.rows, w.labelled_rows])).toEqual(
        window.worst.map((w) => [w.column, w.slice, w.rows, w.labelled_rows]),
      );
      expect(worst.length).toBeGreaterThan(0);
      worst.forEach((w, i) => {
        const expected = window.worst[i]!;
        expect(w.value).toBeCloseTo(expected.value, 12);
        expect(w.overall).toBeCloseTo(window.overall, 12);
        expect(Math.abs(w.p_value - expected.p_value)).toBeLessThan(1e-12 + 1e-8 * expected.p_value);
        expect(w.metric).toBe(window.task === 'classification' ? 'accuracy' : 'mae');
      });
    });
  }

  it('leaves out slices with fewer than 30 labelled rows and keeps at most five', () => {
    const overall = { labelledRows: 10_000, correct: 9000, absoluteErrors: { count: 0, mean: 0, m2: 0 } };
    const slice = (name: string, labelledRows: number, correct: number): SliceSummary => ({
      column: 'c',
      slice: name,
      rows: labelledRows,
      labelledRows,
      correct,
      absoluteErrors: { count: 0, mean: 0, m2: 0 },
    });
    const slices = [slice('tiny', 29, 0), ...Array.from({ length: 7 }, (_, i) => slice(`s${i}`, 200, 100 + i))];
    const worst = worstSlices('classification', slices, overall);
    expect(worst.map((w) => w.slice)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });
});
