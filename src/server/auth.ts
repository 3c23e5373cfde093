import { createHash, timingSafeEqual } from 'node:crypto';
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

interface Verified {
  readonly principal: Principal | undefined;
  readonly until: number;
}

/** The Authorization header last verified on a connection, and what it verified to. */
interface ConnectionAuth {
  readonly header: Buffer;
  readonly verified: Verified;
  readonly generation: number;
}

/**
 * Authenticates every request unless its route is marked public. Verified tokens are remembered
 * for a few seconds (keyed by their hash, never the token) so the hot path does not query the
 * database per request; a revocation reaches every replica within that time.
 *
 * A keep-alive connection usually sends the same header on every request, so each connection
 * also remembers the last header it verified: a request repeating it (compared in constant time)
 * skips the SHA-256 of the token, ~2 µs of the event loop per request in a profile at concurrency
 * 64. It expires with the hash cache's entry and with forget().
 */
export function installAuth(
  app: FastifyInstance,
  store: Pick<Store, 'tokens'>,
  options: { cacheMs?: number; disabled?: boolean } = {},
): { forget(): void } {
  const cacheMs = options.cacheMs ?? 5000;
  const cache = new Map<string, Verified>();
  const byConnection = new WeakMap<object, ConnectionAuth>();
  let generation = 0;
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // A path no route has needs a token of any role: a viewer learns it is 404 (not 403, as if an
    // admin route were there), a caller without a token learns nothing about which paths exist.
    const access: Access = request.routeOptions.config?.access ?? (request.is404 ? 'viewer' : 'admin');
    if (access === 'public') return;
    if (options.disabled) {
      request.principal = { tokenId: 'none', name: 'local (auth disabled)', role: 'admin', permissions: [] };
      return;
    }
    const header = request.headers.authorization;
    if (header === undefined) throw new BallastError('unauthorized', 'send Authorization: Bearer <token>');
    const now = Date.now();
    const headerBytes = Buffer.from(header, 'latin1');
    const connection = request.raw.socket;
    const seen = byConnection.get(connection);
    let cached: Verified | undefined;
    if (
      seen !== undefined &&
      seen.generation === generation &&
      seen.verified.until >= now &&
      seen.header.length === headerBytes.length &&
      timingSafeEqual(seen.header, headerBytes)
    ) {
      cached = seen.verified;
    } else {
      const asked = generation;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new BallastError('unauthorized', 'send Authorization: Bearer <token>');
      const key = createHash('sha256').update(match[1]!).digest('base64');
      cached = cache.get(key);
      if (cached === undefined || cached.until < now) {
        cached = { principal: await authenticate(store, match[1]!), until: now + cacheMs };
        if (cache.size > 10_000) cache.clear();
        // A forget() while the store was being asked must not be undone by this answer.
        if (asked === generation) cache.set(key, cached);
      }
      byConnection.set(connection, { header: headerBytes, verified: cached, generation: asked });
    }
    if (cached.principal === undefined) throw new BallastError('unauthorized', 'the token is unknown or revoked');
    if (!roleAllows(cached.principal.role, access)) {
      throw new BallastError(
        'forbidden',
        `this needs the ${access} role; the token "${cached.principal.name}" has ${cached.principal.role}`,
      );
    }
    request.principal = cached.principal;
  });
  return {
    forget: () => {
      cache.clear();
      generation++;
    },
  };
}
