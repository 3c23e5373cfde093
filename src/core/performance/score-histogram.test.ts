import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../sketches/testing/random-data.ts';
import { scoredClasses } from './ranking-metrics.ts';
import { ScoreHistogram } from './score-histogram.ts';
import { averagePrecisionFromGroups, groupsFromScores, rocAucFromGroups } from './threshold-groups.ts';
import { close, orNaN, references } from './testing/references.ts';

function histogramOf(scores: ArrayLike<number>, positive: ArrayLike<boolean>, bins?: number): ScoreHistogram {
  const h = new ScoreHistogram(bins);
  for (let i = 0; i < scores.length; i++) h.add(scores[i]!, positive[i]!);
  return h;
}

/** Scores of a seeded data set: a positive's score is shifted up; `spread` squeezes all scores towards 0.5. */
function dataSet(
  seed: number,
  n: number,
  kind: 'logistic' | 'squeezed' | 'grid' | 'uniform',
): { scores: Float64Array; positive: boolean[] } {
  const random = mulberry32(seed);
  const scores = new Float64Array(n);
  const positive: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const y = random() < 0.3;
    positive.push(y);
    const z = (y ? 1 : -1) + 1.5 * normal(random);
    const p = 1 / (1 + Math.exp(-z));
    scores[i] =
      kind === 'logistic' ? p : kind === 'squeezed' ? 0.5 + (p - 0.5) * 0.004 : kind === 'grid' ? Math.round(p * 20) / 20 : random();
  }
  return { scores, positive };
}

describe('ScoreHistogram', () => {
  describe('equals scikit-learn on the binned scores (metric-references.json)', () => {
    for (const c of references.binary) {
      it(c.name, () => {
        const h = histogramOf(
          c.probabilities.map((row) => row[1]!),
          c.y_true.map((y) => y === c.classes[1]),
          references.histogram_bins,
        );
        expect(close(h.rocAuc().value, orNaN(c.histogram_roc_auc))).toBe(true);
        expect(close(h.averagePrecision().value, c.histogram_average_precision)).toBe(true);
      });
    }
    for (const c of references.multiclass) {
      it(`${c.name} (one-vs-rest macro ROC AUC)`, () => {
        const classes = scoredClasses(c.classes.length);
        const aucs = classes.map(
          (k) =>
            histogramOf(
              c.probabilities.map((row) => row[k]!),
              c.y_true.map((y) => y === c.classes[k]),
            ).rocAuc().value,
        );
        const macro = aucs.reduce((a, b) => a + b, 0) / aucs.length;
        expect(close(macro, orNaN(c.histogram_roc_auc))).toBe(true);
      });
    }
  });

  describe('stays within its stated error bound of the exact metric', () => {
    const kinds = ['logistic', 'squeezed', 'grid', 'uniform'] as const;
    for (const kind of kinds) {
      for (const bins of [10, 1000]) {
        it(`${kind} scores, ${bins} bins, 50 seeded data sets`, () => {
          let worstAucSlack = Number.POSITIVE_INFINITY;
          for (let seed = 1; seed <= 50; seed++) {
            const { scores, positive } = dataSet(seed * 7919 + bins, 20 + seed * 37, kind);
            const exactGroups = groupsFromScores(scores, positive);
            const h = histogramOf(scores, positive, bins);
            const auc = h.rocAuc();
            const ap = h.averagePrecision();
            const aucError = Math.abs(auc.value - rocAucFromGroups(exactGroups));
            const apError = Math.abs(ap.value - averagePrecisionFromGroups(exactGroups));
            expect(aucError).toBeLessThanOrEqual(auc.errorBound + 1e-12);
            expect(apError).toBeLessThanOrEqual(ap.errorBound + 1e-12);
            worstAucSlack = Math.min(worstAucSlack, auc.errorBound - aucError);
          }
          expect(worstAucSlack).toBeGreaterThanOrEqual(-1e-12);
        });
      }
    }

    it('is small for spread scores on 1,000 bins', () => {
      const { scores, positive } = dataSet(42, 400, 'logistic');
      const h = histogramOf(scores, positive);
      expect(h.rocAuc().errorBound).toBeLessThan(0.005);
      expect(h.averagePrecision().errorBound).toBeLessThan(0.01);
    });

    it('is attained when a bin holds positives all above its negatives', () => {
      const h = histogramOf([0.5001, 0.5002, 0.5003, 0.5004], [false, false, true, true]);
      expect(h.rocAuc()).toEqual({ value: 0.5, errorBound: 0.5 });
      const exact = rocAucFromGroups(groupsFromScores([0.5001, 0.5002, 0.5003, 0.5004], [0, 0, 1, 1]));
      expect(exact).toBe(1);
      // AP: exact 1, binned 2/4 = 0.5; the bound max(hi − H, H − lo) = max(1 − 0.5, 0.5 − 1/3) covers the 0.5.
      expect(h.averagePrecision()).toEqual({ value: 0.5, errorBound: 0.5 });
    });

    it('is zero when no bin holds both a positive and a negative, for AUC', () => {
      expect(histogramOf([0.1, 0.9], [false, true]).rocAuc()).toEqual({ value: 1, errorBound: 0 });
    });
  });

  it('puts 1.0 in the top bin and 0 in the first', () => {
    const h = new ScoreHistogram(1000);
    expect([0, 0.0009999, 0.001, 0.5, 0.9999, 1].map((s) => h.binOf(s))).toEqual([0, 0, 1, 500, 999, 999]);
  });

  it('merges exactly and survives JSON (sparse pairs)', () => {
    const { scores, positive } = dataSet(3, 300, 'logistic');
    const whole = histogramOf(scores, positive);
    const a = histogramOf(scores.subarray(0, 120), positive.slice(0, 120));
    const b = histogramOf(scores.subarray(120), positive.slice(120));
    const merged = ScoreHistogram.fromJSON(JSON.parse(JSON.stringify(a.merge(b))));
    expect(merged.rocAuc()).toEqual(whole.rocAuc());
    expect(merged.averagePrecision()).toEqual(whole.averagePrecision());
    expect(JSON.stringify(merged.toJSON()).length).toBeLessThan(
      JSON.stringify({ p: Array.from(merged.positive), n: Array.from(merged.negative) }).length,
    );
    expect(() => merged.merge(new ScoreHistogram(10))).toThrow(RangeError);
    expect(() => ScoreHistogram.fromJSON({ bins: 10, positive: [[10, 1]], negative: [] })).toThrow(/outside/);
  });
});
