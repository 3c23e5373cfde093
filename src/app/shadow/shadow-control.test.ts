import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../alerts/testing/rollback-fixtures.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { inProcessPreparer } from './in-process-preparer.ts';
import { startShadow, stopShadow, type ShadowPreparer } from './shadow-control.ts';

for (const factory of storeFactories()) {
  describe(`starting and stopping a shadow on ${factory.dialect}`, () => {
    let ctx: Awaited<ReturnType<typeof testContext>>;
    beforeEach(async () => {
      ctx = await testContext(factory);
      await twoVersionDeployment(ctx); // credit-risk serves credit:2; credit:1 is the earlier version
    });
    afterEach(() => ctx.close());
    afterAll(() => factory.cleanup());

    const deployment = () => ctx.store.deployments.findByName('credit-risk');
    const actions = async () => (await ctx.store.audit.list()).map((e) => e.action).filter((a) => a.startsWith('shadow.'));
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: { code: string; message: string; issues?: { path: unknown[] }[] }) => ({
          code: error.code,
          message: error.message,
          paths: error.issues?.map((i) => i.path),
        }),
      );

    it('starts a shadow after its smoke request, as one audited revision, and stops it the same way', async () => {
      const before = (await deployment())!;
      const started = await startShadow(
        ctx,
        { deployment: 'credit-risk', model: 'credit:1', sample: 0.25 },
        { preparer: inProcessPreparer(ctx) },
      );
      expect(started.model).toEqual({ name: 'credit', version: 1 });
      const after = (await deployment())!;
      expect(after.revision).toBe(before.revision + 1);
      expect(after.versionId).toBe(before.versionId);
      expect(after.routing.shadow).toEqual({
        versionId: (await ctx.store.versions.findById(after.routing.shadow!.versionId))!.id,
        sample: 0.25,
        startedAt: started.shadow.startedAt,
        startedBy: 'tester',
      });
      expect((await ctx.store.versions.findById(after.routing.shadow!.versionId))!.version).toBe(1);
      await stopShadow(ctx, 'credit-risk');
      const stopped = (await deployment())!;
      expect(stopped.routing.shadow).toBeUndefined();
      expect(stopped.revision).toBe(before.revision + 2);
      expect(await actions()).toEqual(['shadow.start', 'shadow.stop']);
    });

    it('refuses a bad sample, the stable version itself and a version reading other inputs, writing nothing', async () => {
      const before = (await deployment())!;
      const preparer = inProcessPreparer(ctx);
      for (const sample of [0, 1.5, Number.NaN]) {
        expect(await refusal(startShadow(ctx, { deployment: 'credit-risk', model: 'credit:1', sample }, { preparer }))).toMatchObject({
          code: 'invalid_argument',
          paths: [['sample']],
        });
      }
      expect(await refusal(startShadow(ctx, { deployment: 'credit-risk', model: 'credit:2' }, { preparer }))).toMatchObject({
        code: 'invalid_argument',
        message: 'credit:2 is the version deployment "credit-risk" serves; a shadow must be another version',
      });
      await registerTestVersion(ctx.store, 'vother', ['age', 'favourite_colour']);
      expect(await refusal(startShadow(ctx, { deployment: 'credit-risk', model: 'model-vother:1' }, { preparer }))).toMatchObject({
        code: 'invalid_argument',
        paths: [['model', 'inputs', 'favourite_colour']],
      });
      expect(await refusal(startShadow(ctx, { deployment: 'nothing', model: 'credit:1' }, { preparer }))).toMatchObject({
        code: 'deployment_not_found',
      });
      expect((await deployment())!.revision).toBe(before.revision);
      expect(await actions()).toEqual([]);
    });

    it('refuses a version that does not load or answers its smoke request with no number, and closes what it loaded', async () => {
      const before = (await deployment())!;
      let discarded = 0;
      const broken = (answer: 'throw' | 'nan'): ShadowPreparer => ({
        async prepare() {
          if (answer === 'throw') throw new Error('the artifact is corrupt');
          return {
            predict: async (batch) => ({ kind: 'regression', values: new Float64Array(batch.rowCount).fill(Number.NaN) }),
            discard: async () => void discarded++,
          };
        },
      });
      expect(await refusal(startShadow(ctx, { deployment: 'credit-risk', model: 'credit:1' }, { preparer: broken('throw') }))).toEqual({
        code: 'shadow_model_failed',
        message: 'credit:1 did not load: the artifact is corrupt',
        paths: [],
      });
      expect(await refusal(startShadow(ctx, { deployment: 'credit-risk', model: 'credit:1' }, { preparer: broken('nan') }))).toEqual({
        code: 'shadow_model_failed',
        message:
          'credit:1 did not answer a smoke request of 5 rows from its training snapshot: its prediction for row 1 is not a number (NaN)',
        paths: [],
      });
      expect(discarded).toBe(1);
      expect((await deployment())!.revision).toBe(before.revision);
    });

    it('says there is no shadow to stop', async () => {
      expect(await refusal(stopShadow(ctx, 'credit-risk'))).toMatchObject({ code: 'shadow_not_found' });
      expect(await actions()).toEqual([]);
    });
  });
}
