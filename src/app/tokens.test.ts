import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { authenticate, createToken, ensureAdminToken, listTokens, revokeToken, tokenId } from './tokens.ts';
import { testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`tokens on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('makes an admin token once, stores only its hash, and authenticates it', async () => {
      const ctx = await testContext(factory);
      try {
        const first = await ensureAdminToken(ctx, undefined);
        expect(first).toMatch(/^blt_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
        expect(await ensureAdminToken(ctx, undefined)).toBeUndefined();
        const stored = await ctx.store.tokens.findById(tokenId(first!));
        expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
        // The secret is everything after the id's underscore: base64url may itself begin with '_' or '-'.
        const secret = first!.slice(`blt_${tokenId(first!)}_`.length);
        expect(secret).toHaveLength(43);
        expect(JSON.stringify(await ctx.store.tokens.list())).not.toContain(secret);
        expect(await authenticate(ctx.store, first!)).toMatchObject({ role: 'admin', name: 'admin' });
        expect(await authenticate(ctx.store, first!.slice(0, -1) + (first!.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
        expect(await authenticate(ctx.store, 'short')).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it('lists tokens without the hashes of their secrets', async () => {
      const ctx = await testContext(factory);
      try {
        await ensureAdminToken(ctx, undefined);
        const { record } = await createToken(ctx, { name: 'watcher', role: 'viewer' });
        const listed = await listTokens(ctx);
        expect(listed.map((t) => t.name).sort()).toEqual(['admin', 'watcher']);
        expect(listed.find((t) => t.id === record.id)).toEqual({
          id: record.id,
          name: 'watcher',
          role: 'viewer',
          createdBy: 'tester',
          createdAt: record.createdAt,
          revokedAt: null,
          permissions: [],
        });
        for (const token of listed) expect(token).not.toHaveProperty('secretHash');
      } finally {
        await ctx.close();
      }
    });

    it("stores a token's permissions, the principal carries them, and an unknown permission is refused", async () => {
      const ctx = await testContext(factory);
      try {
        const { token, record } = await createToken(ctx, { name: 'auditor', role: 'viewer', permissions: ['sensitive:read'] });
        expect(record.permissions).toEqual(['sensitive:read']);
        expect(await authenticate(ctx.store, token)).toMatchObject({ role: 'viewer', permissions: ['sensitive:read'] });
        expect((await listTokens(ctx)).find((t) => t.id === record.id)?.permissions).toEqual(['sensitive:read']);
        await expect(createToken(ctx, { name: 'x', role: 'viewer', permissions: ['sensitive:write'] })).rejects.toMatchObject({
          code: 'invalid_argument',
        });
        expect((await listTokens(ctx)).map((t) => t.name)).not.toContain('x');
      } finally {
        await ctx.close();
      }
    });

    it('adopts BALLAST_ADMIN_TOKEN, and revocation stops a token (but never the last admin)', async () => {
      const ctx = await testContext(factory);
      try {
        const supplied = 'a-test-admin-token-of-some-length';
        expect(await ensureAdminToken(ctx, supplied)).toBeUndefined();
        expect(await authenticate(ctx.store, supplied)).toMatchObject({ role: 'admin' });
        const { token, record } = await createToken(ctx, { name: 'ci', role: 'operator' });
        expect(await authenticate(ctx.store, token)).toMatchObject({ role: 'operator', name: 'ci' });
        await revokeToken(ctx, record.id);
        expect(await authenticate(ctx.store, token)).toBeUndefined();
        await expect(revokeToken(ctx, record.id)).rejects.toMatchObject({ code: 'token_not_found' });
        await expect(revokeToken(ctx, tokenId(supplied))).rejects.toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(/last admin token/),
        });
        await expect(createToken(ctx, { name: 'again', role: 'viewer', token: supplied })).rejects.toMatchObject({ code: 'conflict' });
        await expect(createToken(ctx, { name: 'x', role: 'root' })).rejects.toThrow(/not one of/);
        expect((await ctx.store.audit.list()).map((e) => e.action)).toEqual(['token.create', 'token.create', 'token.revoke']);
      } finally {
        await ctx.close();
      }
    });
  });
}
