import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureDefinitions } from '../../core/features/feature-definitions.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { currentFeatureSet } from './current-feature-set.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

const definitions: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [],
  sources: [],
  featureViews: [],
  onDemandFeatures: [],
};

describe('currentFeatureSet', () => {
  it('is the newest applied version, or the one asked for', async () => {
    const ctx = await testContext(factory);
    try {
      await expect(currentFeatureSet(ctx)).rejects.toMatchObject({ code: 'feature_set_not_found', message: /ballast features apply/ });
      const entry = { definitions, sha256: 'a'.repeat(64), sourceFile: 'features.yaml', createdBy: 'a', createdAt: 't' };
      await ctx.store.featureSets.append(entry);
      await ctx.store.featureSets.append({ ...entry, createdAt: 't2' });
      expect((await currentFeatureSet(ctx)).version).toBe(2);
      expect((await currentFeatureSet(ctx, 1)).createdAt).toBe('t');
      await expect(currentFeatureSet(ctx, 9)).rejects.toMatchObject({ code: 'feature_set_not_found', message: /version 9/ });
    } finally {
      await ctx.close();
    }
  });
});
