import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from './apply-features.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { findFeatureView, listFeatureSets } from './feature-sets.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('feature sets', () => {
  it('says no definitions are applied, then finds the current one, a version and a view', async () => {
    const ctx = await testContext(factory);
    try {
      await expect(currentFeatureSet(ctx)).rejects.toMatchObject({
        code: 'feature_set_not_found',
        message: expect.stringContaining('features apply'),
      });
      await expect(currentFeatureSet(ctx, 1)).rejects.toMatchObject({
        code: 'feature_set_not_found',
        message: expect.stringContaining('features list'),
      });
      const file = await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml'));
      await applyFeatureDefinitions(ctx, file);
      await applyFeatureDefinitions(ctx, { ...file, definitions: { ...file.definitions, onDemandFeatures: [] } });
      expect((await listFeatureSets(ctx)).map((r) => r.version)).toEqual([2, 1]);
      expect((await currentFeatureSet(ctx)).version).toBe(2);
      const first = await currentFeatureSet(ctx, 1);
      expect(first.definitions.onDemandFeatures.map((f) => f.name)).toEqual(['loan_to_income']);
      await expect(currentFeatureSet(ctx, 7)).rejects.toMatchObject({
        code: 'feature_set_not_found',
        message: expect.stringContaining('version 7'),
      });
      expect(findFeatureView(first, 'bureau').ttlSeconds).toBe(90 * 86400);
      expect(() => findFeatureView(first, 'tx')).toThrow(
        expect.objectContaining({ code: 'feature_not_found', message: expect.stringContaining('views: bureau') }),
      );
    } finally {
      await ctx.close();
    }
  });
});
