import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { createToken, revokeToken } from '../tokens.ts';
import { reviewerRole } from './reviewer-role.ts';

for (const factory of storeFactories()) {
  describe(`reviewerRole (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it("is the highest role among the actor's active tokens, and undefined without one", async () => {
      const ctx = await testContext(factory);
      try {
        await createToken(ctx, { name: 'bo', role: 'viewer' });
        const approver = await createToken(ctx, { name: 'bo', role: 'approver' });
        await createToken(ctx, { name: 'ana', role: 'operator' });
        expect(await reviewerRole(ctx.store, 'bo')).toBe('approver');
        expect(await reviewerRole(ctx.store, 'carl')).toBeUndefined();
        await revokeToken(ctx, approver.record.id);
        expect(await reviewerRole(ctx.store, 'bo')).toBe('viewer');
      } finally {
        await ctx.close();
      }
    });
  });
}
