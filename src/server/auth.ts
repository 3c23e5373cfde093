import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BallastError } from '../core/errors.ts';
import { roleAllows, type Role } from '../core/serving-records.ts';
import { authenticate, type Principal } from '../app/tokens.ts';
import type { Store } from '../store/store.ts';

/** What a route needs: `public` (health, the dashboard's files) or at least this role. */
export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Authenticates every request unless its route is marked public. Verified tokens are remembered
 * for a few seconds (keyed by their hash, never the token) so the hot path does not query the
 * database per request; a revocation reaches every replica within that time.
 */
export function installAuth(app: FastifyInstance, store: Pick<Store, 'tokens'>, options: { cacheMs?: number; disabled?: boolean } = {}): { forget(): void } {
  const cacheMs = options.cacheMs ?? 5000;
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access: Access = request.routeOptions.config?.access ?? 'admin';
    if (access === 'public') return;
    if (options.disabled) {
      request.principal = { tokenId: 'none', name: 'local (auth disabled)', role: 'admin' };
      return;
    }
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new BallastError('unauthorized', 'send Authorization: Bearer <token>');
    const key = createHash('sha256').update(match[1]!).digest('base64');
    const now = Date.now();
    let cached = cache.get(key);
    if (cached === undefined || cached.until < now) {
      cached = { principal: await authenticate(store, match[1]!), until: now + cacheMs };
      if (cache.size > 10_000) cache.clear();
      cache.set(key, cached);
    }
    if (cached.principal === undefined) throw new BallastError('unauthorized', 'the token is unknown or revoked');
    if (!roleAllows(cached.principal.role, access)) {
      throw new BallastError('forbidden', `this needs the ${access} role; the token "${cached.principal.name}" has ${cached.principal.role}`);
    }
    request.principal = cached.principal;
  });
  return { forget: () => cache.clear() };
}
