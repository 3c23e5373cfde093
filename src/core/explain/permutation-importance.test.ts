import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScoredRows } from '../model-tests/suite-types.ts';
import type { MetricName } from '../performance/metric-registry.ts';
import type { ExplainBatch } from './explanation.ts';
import { permutationImportance, seededPermutations, type PermutationSource } from './permutation-importance.ts';

/**
 * Against scikit-learn's permutation_importance (test/fixtures/explain/permutation-importance/make_fixtures.py,
 * scikit-learn 1.9.1). The models are reproduced by formula in float64. With sklearn's own shuffles replayed
 * (the fixture's permutations) every importance must equal sklearn's to 1e-12; with Ballast's seeded shuffles
 * (another random stream) the ranking must be sklearn's and the means close.
 */
interface Case {
  x: number[][];
  y: number[];
  coef: number[];
  intercept: number;
  permutations: number[][][];
  metrics: Record<
    string,
    { baseline: number; importances: number[][]; importances_mean: number[]; importances_std: number[]; ranking_mean: number[] }
  >;
}
const fixture = JSON.parse(readFileSync('test/fixtures/explain/permutation-importance/permutation-importance-fixtures.json', 'utf8')) as {
  repeats: number;
  classification: Case;
  regression: Case;
};

function batchOf(x: number[][]): ExplainBatch {
  return { rowCount: x.length, columns: x[0]!.map((_, f) => Float64Array.from(x, (row) => row[f]!)) };
}

function linear(data: Case, batch: ExplainBatch): Float64Array {
  return Float64Array.from({ length: batch.rowCount }, (_, r) =>
    data.coef.reduce((z, w, f) => z + w * (batch.columns[f]![r] as number), data.intercept),
  );
}

const logistic = async (batch: ExplainBatch): Promise<ScoredRows> => {
  const z = linear(fixture.classification, batch);
  const probabilities = new Float64Array(2 * batch.rowCount);
  const labelIndex = new Int32Array(batch.rowCount);
  z.forEach((v, r) => {
    const p = 1 / (1 + Math.exp(-v));
    probabilities[2 * r] = 1 - p;
    probabilities[2 * r + 1] = p;
    labelIndex[r] = v > 0 ? 1 : 0; // LogisticRegression.predict: the decision function's sign
  });
  return { kind: 'classification', classes: [0, 1], probabilities, labelIndex };
};
const regressor = async (batch: ExplainBatch): Promise<ScoredRows> => ({ kind: 'regression', values: linear(fixture.regression, batch) });

const cases = [
  ['classification', fixture.classification, logistic, Int32Array],
  ['regression', fixture.regression, regressor, Float64Array],
] as const;

function run(
  data: Case,
  score: (b: ExplainBatch) => Promise<ScoredRows>,
  labels: Int32Array | Float64Array,
  metric: string,
  permutations: PermutationSource,
  repeats: number,
) {
  return permutationImportance({
    batch: batchOf(data.x),
    featureNames: data.coef.map((_, f) => `x${f}`),
    labels,
    metric: metric as MetricName,
    repeats,
    score,
    permutations,
  });
}

describe('permutation importance against scikit-learn', () => {
  for (const [task, data, score, Labels] of cases) {
    const labels = Labels.from(data.y);
    for (const [metric, expected] of Object.entries(data.metrics)) {
      it(`replays sklearn's shuffles to sklearn's importances (${task}, ${metric})`, async () => {
        const replay: PermutationSource = (feature, repeat) => Int32Array.from(data.permutations[feature]![repeat]!);
        const result = await run(data, score, labels, metric, replay, fixture.repeats);
        expect(result.baseline).toBeCloseTo(expected.baseline, 12);
        for (const feature of result.features) {
          const f = Number(feature.feature.slice(1));
          feature.importances.forEach((v, r) => expect(Math.abs(v - expected.importances[f]![r]!)).toBeLessThan(1e-12));
          expect(Math.abs(feature.importanceMean - expected.importances_mean[f]!)).toBeLessThan(1e-12);
          expect(Math.abs(feature.importanceStd - expected.importances_std[f]!)).toBeLessThan(1e-12);
        }
      });

      it(`ranks the features as sklearn does with its own seeded shuffles (${task}, ${metric})`, async () => {
        const result = await run(
          data,
          score,
          labels,
          metric,
          seededPermutations(
            3,
            data.coef.map((_, f) => `x${f}`),
          ),
          20,
        );
        const sklearnOrder = expected.ranking_mean.map((_, f) => f).sort((a, b) => expected.ranking_mean[b]! - expected.ranking_mean[a]!);
        expect(result.features.map((f) => f.feature)).toEqual(sklearnOrder.map((f) => `x${f}`));
        // Other shuffles, the same expectation: each mean within a tenth of the largest importance of sklearn's.
        const largest = Math.max(...expected.ranking_mean);
        for (const feature of result.features) {
          expect(Math.abs(feature.importanceMean - expected.ranking_mean[Number(feature.feature.slice(1))]!)).toBeLessThan(largest / 10);
        }
      });
    }
  }

  it('gives the same importances for the same seed, and refuses a metric of the other task or bad repeats', async () => {
    const data = fixture.regression;
    const names = data.coef.map((_, f) => `x${f}`);
    const labels = Float64Array.from(data.y);
    const once = await run(data, regressor, labels, 'mae', seededPermutations(11, names), 2);
    const again = await run(data, regressor, labels, 'mae', seededPermutations(11, names), 2);
    expect(again).toEqual(once);
    await expect(run(data, regressor, labels, 'roc_auc', seededPermutations(1, names), 2)).rejects.toThrow(
      /roc_auc is a classification metric/,
    );
    await expect(run(data, regressor, labels, 'mae', seededPermutations(1, names), 0)).rejects.toThrow(/repeats must be a whole number/);
  });
});
