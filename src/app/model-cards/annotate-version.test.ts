import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { annotateVersion } from './annotate-version.ts';

for (const factory of storeFactories()) {
  describe(`annotateVersion on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('sets, adds to, replaces and clears fields, keeping what is not named, each change audited version.annotate', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        await annotateVersion(ctx, {
          ref: 'model-v1:1',
          intendedUse: ' retail loans ',
          outOfScope: { items: ['mortgages'], replace: false },
          limitations: { items: ['thin files'], replace: false },
        });
        const added = await annotateVersion(ctx, {
          ref: 'model-v1:1',
          outOfScope: { items: ['business loans', 'mortgages'], replace: false },
        });
        expect(added.annotations).toMatchObject({
          intendedUse: 'retail loans',
          outOfScope: ['mortgages', 'business loans'],
          limitations: ['thin files'],
          updatedBy: 'tester',
        });
        const replaced = await annotateVersion(ctx, { ref: 'model-v1:1', intendedUse: null, limitations: { items: [], replace: true } });
        expect(replaced.annotations).toMatchObject({ intendedUse: null, outOfScope: ['mortgages', 'business loans'], limitations: [] });
        expect(await ctx.store.modelCards.annotationsOf('v1')).toEqual(replaced.annotations);
        const audit = (await ctx.store.audit.list()).filter((e) => e.action === 'version.annotate');
        expect(audit).toHaveLength(3);
        expect(audit[2]).toMatchObject({ objectType: 'model_version', objectId: 'v1' });
      } finally {
        await ctx.close();
      }
    });

    it('reports every bad field at once and writes nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const error = await annotateVersion(ctx, {
          ref: 'model-v1:1',
          intendedUse: 7,
          outOfScope: { items: ['ok', '  '], replace: true },
          limitations: { items: ['x'.repeat(2001)], replace: false },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BallastError);
        expect((error as BallastError).code).toBe('invalid_argument');
        expect((error as BallastError).issues.map((i) => i.path)).toEqual([['intended_use'], ['out_of_scope', 1], ['limitations', 0]]);
        await expect(annotateVersion(ctx, { ref: 'model-v1:1' })).rejects.toThrow('give an intended use');
        expect(await ctx.store.modelCards.annotationsOf('v1')).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });
  });
}
