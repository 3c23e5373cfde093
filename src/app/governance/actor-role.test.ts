import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { createToken, revokeToken } from '../tokens.ts';
import { actorRole } from './actor-role.ts';

for (const factory of storeFactories()) {
  describe(`actorRole (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it("is the highest role among the actor's active tokens, and undefined without one", async () => {
      const ctx = await testContext(factory);
      try {
        await createToken(ctx, { name: 'bo', role: 'viewer' });
        const approver = await createToken(ctx, { name: 'bo', role: 'approver' });
        await createToken(ctx, { name: 'ana', role: 'operator' });
        expect(await actorRole(ctx.store, 'bo')).toBe('approver');
        expect(await actorRole(ctx.store, 'carl')).toBeUndefined();
        await revokeToken(ctx, approver.record.id);
        expect(await actorRole(ctx.store, 'bo')).toBe('viewer');
      } finally {
        await ctx.close();
      }
    });
  });
}
