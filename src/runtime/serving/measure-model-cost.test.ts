import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, LoadedModel, PredictionOutput } from '../model-runtime.ts';
import { medianPredictMs, missingRows } from './measure-model-cost.ts';

const signature = {
  inputs: [
    { name: 'age', type: 'number' },
    { name: 'purpose', type: 'string' },
  ],
  output: { kind: 'regression' },
} as unknown as ModelSignature;

function fakeModel(onPredict: (batch: FeatureBatch) => void): LoadedModel {
  return {
    format: 'xgboost',
    signature,
    async predict(batch): Promise<PredictionOutput> {
      onPredict(batch);
      return { kind: 'regression', values: new Float64Array(batch.rowCount) };
    },
    close: async () => {},
  };
}

describe('missingRows', () => {
  it('gives one column per input, every cell missing in the form the runtimes read', () => {
    const batch = missingRows(signature, 3);
    expect(batch.rowCount).toBe(3);
    expect([...(batch.columns[0] as Float64Array)].every(Number.isNaN)).toBe(true);
    expect(batch.columns[1]).toEqual([null, null, null]);
  });
});

describe('medianPredictMs', () => {
  it('times calls of the asked row count, at most `calls` of them after a warm-up', async () => {
    const sizes: number[] = [];
    const ms = await medianPredictMs(
      fakeModel((b) => sizes.push(b.rowCount)),
      7,
      { calls: 12 },
    );
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(sizes).toHaveLength(5 + 12);
    expect(new Set(sizes)).toEqual(new Set([7]));
  });

  it('stops after its time budget, with at least three timed calls', async () => {
    let calls = 0;
    const slow = fakeModel(() => {
      calls++;
      const until = performance.now() + 2;
      while (performance.now() < until);
    });
    const ms = await medianPredictMs(slow, 1, { calls: 1000, budgetMs: 1 });
    expect(calls).toBe(5 + 3);
    expect(ms).toBeGreaterThanOrEqual(2);
  });

  it('rejects when the model refuses rows of missing values', async () => {
    await expect(
      medianPredictMs(
        fakeModel(() => {
          throw new Error('no missing values here');
        }),
        1,
      ),
    ).rejects.toThrow('no missing values here');
  });
});
