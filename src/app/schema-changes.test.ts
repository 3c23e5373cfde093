import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('the schema change report at registration', () => {
  it("compares the new training data with the previous version's", async () => {
    const ctx = await testContext(factory);
    try {
      const model = path.join(EXAMPLES, 'model.xgb.json');
      const first = await registerModel(ctx, {
        name: 'credit',
        modelFile: model,
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
      });
      expect(first.schemaChanges).toEqual([]);
      const same = await registerModel(ctx, {
        name: 'credit',
        modelFile: model,
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
      });
      expect(same.schemaChanges).toEqual([]);
      const drifted = await registerModel(ctx, {
        name: 'credit',
        modelFile: model,
        trainingData: path.join(EXAMPLES, 'live_drifted.csv'),
        importance: false,
        labelColumn: 'default',
      });
      const purpose = drifted.schemaChanges.find((c) => c.column === 'purpose');
      expect(purpose?.message).toContain('green_energy');
      expect(drifted.schemaChanges.every((c) => typeof c.breaking === 'boolean')).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
