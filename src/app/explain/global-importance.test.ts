import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { EXPLAIN_METHODS } from '../../core/explain/explanation.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { registerModel } from '../register-model.ts';
import { testContext } from '../testing/test-context.ts';
import {
  AGNOSTIC_IMPORTANCE_ROWS,
  DEFAULT_IMPORTANCE_ROWS,
  findImportance,
  importanceView,
  recomputeImportance,
} from './global-importance.ts';
import { writeImportanceModel } from './testing/importance-model.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return (error as BallastError).code;
  }
  throw new Error('expected a BallastError');
}

for (const factory of storeFactories()) {
  describe(`global importance on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('is computed at registration on a default sample (200 rows for trees, 50 otherwise), ranking the dominant feature first', async () => {
      const ctx = await testContext(factory);
      try {
        const files = writeImportanceModel(ctx.dir, 300);
        const registered = await registerModel(ctx, {
          name: 'toy',
          modelFile: files.modelFile,
          trainingData: files.trainingData,
          labelColumn: 'y',
        });
        expect(registered.importance).toEqual({ status: 'computed' });
        const { importance } = await findImportance(ctx, 'toy:1');
        // This hand-made LightGBM model has no node counts, so it is explained model-agnostically.
        const defaultRows = importance.method === 'tree_shap' ? DEFAULT_IMPORTANCE_ROWS : AGNOSTIC_IMPORTANCE_ROWS;
        expect(importance.sampleRows).toBe(defaultRows);
        expect(EXPLAIN_METHODS).toContain(importance.method);
        expect(importance.features.map((f) => [f.feature, f.rank])).toEqual([
          ['b', 1],
          ['a', 2],
          ['c', 3],
        ]);
        // b moves the output ten times as far as a; c is never split on.
        expect(importance.features[0]!.importance).toBeGreaterThan(5 * importance.features[1]!.importance);
        expect(importance.features[2]!.importance).toBeCloseTo(0, 12);
        const view = importanceView(registered.version, importance);
        expect(view).toMatchObject({ model: 'toy', version: 1, sample_rows: defaultRows, seed: 0, computed_at: importance.computedAt });
        expect(view.features[0]).toEqual({ feature: 'b', importance: importance.features[0]!.importance, rank: 1 });
      } finally {
        await ctx.close();
      }
    });

    it('takes sizes and a seed, and recomputing with the same ones gives the same ranking, audited', async () => {
      const ctx = await testContext(factory);
      try {
        const files = writeImportanceModel(ctx.dir);
        const options = { sampleRows: 12, backgroundRows: 6, seed: 5 };
        await registerModel(ctx, {
          name: 'toy',
          modelFile: files.modelFile,
          trainingData: files.trainingData,
          labelColumn: 'y',
          importance: options,
        });
        const first = (await findImportance(ctx, 'toy')).importance;
        expect(first).toMatchObject({ sampleRows: 12, seed: 5 });
        const again = await recomputeImportance(ctx, 'toy:1', options);
        expect(again.importance.features).toEqual(first.features);
        expect(again.importance.computedAt > first.computedAt).toBe(true);
        expect((await findImportance(ctx, 'toy:1')).importance.computedAt).toBe(again.importance.computedAt);
        const entries = await ctx.store.audit.list(0);
        expect(entries.at(-1)).toMatchObject({
          action: 'importance.recompute',
          objectId: 'toy:1',
          details: { method: first.method, sampleRows: 12, seed: 5 },
        });
      } finally {
        await ctx.close();
      }
    });

    it('never fails a registration: without training data, when not asked for, or when it cannot be computed', async () => {
      const ctx = await testContext(factory);
      try {
        const files = writeImportanceModel(ctx.dir);
        const bare = await registerModel(ctx, { name: 'toy', modelFile: files.modelFile });
        expect(bare.importance).toEqual({ status: 'skipped', reason: expect.stringMatching(/no training data/) });
        expect(await codeOf(findImportance(ctx, 'toy:1'))).toBe('importance_not_found');
        await expect(findImportance(ctx, 'toy:1')).rejects.toThrow(/registered without training data/);

        const withData = { name: 'toy', modelFile: files.modelFile, trainingData: files.trainingData, labelColumn: 'y' };
        const off = await registerModel(ctx, { ...withData, importance: false });
        expect(off.importance).toEqual({ status: 'skipped', reason: expect.stringMatching(/ballast importance toy:2 --recompute/) });
        await expect(findImportance(ctx, 'toy:2')).rejects.toThrow(/ballast importance toy:2 --recompute/);

        const failed = await registerModel(ctx, { ...withData, importance: { sampleRows: 0 } });
        expect(failed.version.version).toBe(3);
        expect(failed.importance).toEqual({ status: 'skipped', reason: expect.stringMatching(/sample rows must be a whole number/) });
        expect(await ctx.store.importance.findByVersion(failed.version.id)).toBeUndefined();
        expect(await codeOf(recomputeImportance(ctx, 'toy:1'))).toBe('explain_unavailable');
      } finally {
        await ctx.close();
      }
    });
  });
}
