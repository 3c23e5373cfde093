import { afterAll, describe, expect, it } from 'vitest';
import type { BallastError } from '../../core/errors.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { actorRole } from './actor-role.ts';
import { setPolicy, showPolicy } from './policy.ts';
import { createToken, revokeToken } from '../tokens.ts';

for (const factory of storeFactories()) {
  describe(`policies and actor roles on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('sets a policy whole (audited with the previous one) and shows it; a model without one shows none', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        expect(await showPolicy(ctx, 'model-v1')).toEqual({ model: 'model-v1', policy: undefined });
        await setPolicy(ctx, { model: 'model-v1', requireSuites: ['smoke', 'fairness'], requireApproval: true });
        const replaced = await setPolicy(ctx, { model: 'model-v1', requireSuites: ['smoke'] });
        expect(replaced.policy).toMatchObject({ requireSuites: ['smoke'], requireApproval: false, updatedBy: 'tester' });
        expect((await showPolicy(ctx, 'model-v1')).policy).toEqual(replaced.policy);
        expect((await ctx.store.audit.list()).at(-1)).toMatchObject({
          action: 'policy.set',
          objectId: 'model-v1',
          details: {
            require_suites: ['smoke'],
            require_approval: false,
            previous: { require_suites: ['smoke', 'fairness'], require_approval: true },
          },
        });
      } finally {
        await ctx.close();
      }
    });

    it('reports every problem of a policy at once; an unknown model is model_not_found', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const error = (await setPolicy(ctx, { model: 'model-v1', requireSuites: ['a', '', 'a'], requireApproval: 'yes' }).catch(
          (e: unknown) => e,
        )) as BallastError;
        expect(error.code).toBe('invalid_argument');
        expect(error.issues.map((i) => [i.code, i.path])).toEqual([
          ['invalid_value', ['require_suites', 1]],
          ['duplicate', ['require_suites', 2]],
          ['invalid_type', ['require_approval']],
        ]);
        const unknown = (await setPolicy(ctx, { model: 'nope', requireSuites: [] }).catch((e: unknown) => e)) as BallastError;
        expect(unknown.code).toBe('model_not_found');
        expect(await ctx.store.governance.policy('m-v1')).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it("takes a CLI user's role from the highest active token named after them", async () => {
      const ctx = await testContext(factory);
      try {
        expect(await actorRole(ctx.store, 'bo')).toBeUndefined();
        await createToken(ctx, { name: 'bo', role: 'viewer' });
        const { record } = await createToken(ctx, { name: 'bo', role: 'admin' });
        await createToken(ctx, { name: 'bo', role: 'approver' });
        await createToken(ctx, { name: 'cy', role: 'operator' });
        await createToken(ctx, { name: 'root', role: 'admin' }); // the last admin token cannot be revoked
        expect(await actorRole(ctx.store, 'bo')).toBe('admin');
        await revokeToken(ctx, record.id);
        expect(await actorRole(ctx.store, 'bo')).toBe('approver');
        expect(await actorRole(ctx.store, 'ana')).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });
  });
}
