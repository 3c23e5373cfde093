import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PermutationSource } from '../../core/explain/permutation-importance.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { loadModelFile } from '../load-model.ts';
import { computePermutationImportance, permutationImportanceWire } from './permutation-importance.ts';

const DIR = 'test/fixtures/explain/permutation-importance';
const fixture = JSON.parse(readFileSync(`${DIR}/permutation-importance-fixtures.json`, 'utf8')) as {
  classification: {
    permutations: number[][][];
    metrics: Record<string, { baseline: number; importances_mean: number[]; ranking_mean: number[] }>;
  };
};

/**
 * The use case on scikit-learn's logistic regression exported to ONNX (float32 inside, so its probabilities
 * differ from sklearn's float64 ones by ~1e-7) and its labelled CSV: replaying sklearn's shuffles gives
 * sklearn's importances within 1e-3, and the seeded shuffles give sklearn's ranking.
 */
describe('computePermutationImportance', async () => {
  const { loaded, description } = await loadModelFile(RUNTIMES, `${DIR}/logistic.onnx`);
  afterAll(() => loaded.close());
  const request = { model: loaded, description, dataFile: `${DIR}/labelled.csv`, label: 'default' };

  it("replays scikit-learn's shuffles on the ONNX export to sklearn's roc_auc importances", async () => {
    const replay: PermutationSource = (feature, repeat) => Int32Array.from(fixture.classification.permutations[feature]![repeat]!);
    const report = await computePermutationImportance({ ...request, metric: 'roc_auc', permutations: replay });
    const expected = fixture.classification.metrics['roc_auc']!;
    expect(report.result.baseline).toBeCloseTo(expected.baseline, 3);
    for (const feature of report.result.features) {
      expect(Math.abs(feature.importanceMean - expected.importances_mean[Number(feature.feature.slice(1))]!)).toBeLessThan(1e-3);
    }
  });

  it('ranks the features as sklearn does with the default metric (accuracy) and seeded shuffles, and answers snake_case', async () => {
    const report = await computePermutationImportance({ ...request, repeats: 20, seed: 3 });
    const expected = fixture.classification.metrics['accuracy']!.ranking_mean;
    const order = expected.map((_, f) => f).sort((a, b) => expected[b]! - expected[a]!);
    expect(report.result.metric).toBe('accuracy');
    expect(report.result.features.map((f) => f.feature)).toEqual(order.map((f) => `f${f}`));
    const wire = permutationImportanceWire(report);
    expect(Object.keys(wire)).toEqual([
      'model',
      'data',
      'label',
      'rows',
      'metric',
      'higher_is_better',
      'baseline',
      'repeats',
      'seed',
      'features',
    ]);
    expect(Object.keys(wire.features[0]!)).toEqual(['feature', 'importance_mean', 'importance_std', 'importances', 'rank']);
    expect(wire.features[0]).toMatchObject({ feature: 'f0', rank: 1 });
    expect(wire.rows).toBe(300);
  });

  it('refuses a missing label column and a metric of the other task before scoring', async () => {
    await expect(computePermutationImportance({ ...request, label: 'outcome' })).rejects.toMatchObject({ code: 'missing_column' });
    await expect(computePermutationImportance({ ...request, metric: 'rmse' })).rejects.toThrow(/rmse is a regression metric/);
    await expect(computePermutationImportance({ ...request, metric: 'auc' })).rejects.toThrow(/not a metric; known: accuracy/);
  });
});
