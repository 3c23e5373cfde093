import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BallastError } from '../core/errors.ts';
import { parsePermissions } from '../core/privacy/permissions.ts';
import { parseRole, type Role, type TokenRecord } from '../core/serving-records.ts';
import { auditedTransaction } from './audit.ts';
import type { AppContext } from './context.ts';
import type { Store } from '../store/store.ts';

export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  /** The token's permissions beyond its role (`sensitive:read`); see holdsPermission. */
  readonly permissions: readonly string[];
}

const TOKEN_FORMAT = /^blt_([0-9A-Z]{26})_[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * A token is `blt_<id>_<secret>`: the id finds the record, the secret's hash is compared in
 * constant time. A token supplied from outside (BALLAST_ADMIN_TOKEN) may be any long string; its
 * id is then derived from its hash, so lookups work the same way.
 */
export function tokenId(token: string): string {
  const match = TOKEN_FORMAT.exec(token);
  return match ? match[1]! : `H${sha256(token).toString('hex').slice(0, 25).toUpperCase()}`;
}

function newSecretToken(id: string): string {
  return `blt_${id}_${randomBytes(32).toString('base64url')}`;
}

export async function createToken(
  ctx: AppContext,
  input: { name: string; role: string; token?: string; permissions?: readonly string[] },
): Promise<{ token: string; record: TokenRecord }> {
  const role = parseRole(input.role);
  const permissions = parsePermissions(input.permissions ?? []);
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw new BallastError('invalid_argument', 'token name must be 1-200 characters');
  if (input.token !== undefined && input.token.length < 24)
    throw new BallastError('invalid_argument', 'a supplied token must be at least 24 characters');
  const id = input.token !== undefined ? tokenId(input.token) : ctx.newId();
  const token = input.token ?? newSecretToken(id);
  const record: TokenRecord = {
    id,
    name,
    role,
    secretHash: sha256(token).toString('hex'),
    createdBy: ctx.actor,
    createdAt: ctx.clock().toISOString(),
    revokedAt: null,
    permissions,
  };
  await auditedTransaction(ctx, async (tx, audit) => {
    if (await tx.tokens.findById(id)) throw new BallastError('conflict', 'that token already exists');
    await tx.tokens.insert(record);
    await audit({
      action: 'token.create',
      objectType: 'token',
      objectId: id,
      details: { name, role, ...(permissions.length > 0 ? { permissions } : {}) },
    });
  });
  return { token, record };
}

export async function revokeToken(ctx: AppContext, id: string): Promise<void> {
  await auditedTransaction(ctx, async (tx, audit) => {
    const token = await tx.tokens.findById(id);
    if (token === undefined || token.revokedAt !== null) throw new BallastError('token_not_found', `no active token has id "${id}"`);
    if (token.role === 'admin' && (await tx.tokens.countActiveAdmins()) <= 1) {
      throw new BallastError('conflict', 'refusing to revoke the last admin token: create another admin token first');
    }
    await tx.tokens.revoke(id, ctx.clock().toISOString());
    await audit({ action: 'token.revoke', objectType: 'token', objectId: id, details: { name: token.name, role: token.role } });
  });
}

/** A token as it may be shown: everything but the hash of its secret. */
export type TokenSummary = Omit<TokenRecord, 'secretHash'>;

/** Every token, active and revoked, without the hashes of their secrets (`tokens list`, GET /v1/tokens). */
export async function listTokens(ctx: Pick<AppContext, 'store'>): Promise<TokenSummary[]> {
  return (await ctx.store.tokens.list()).map(({ secretHash: _hash, ...token }) => token);
}

/** Checks a bearer token; undefined when it is unknown, wrong or revoked. */
export async function authenticate(store: Pick<Store, 'tokens'>, token: string): Promise<Principal | undefined> {
  if (token.length < 24 || token.length > 512) return undefined;
  const record = await store.tokens.findById(tokenId(token));
  if (record === undefined || record.revokedAt !== null) return undefined;
  const expected = Buffer.from(record.secretHash, 'hex');
  const actual = sha256(token);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return { tokenId: record.id, name: record.name, role: record.role, permissions: record.permissions ?? [] };
}

/**
 * On first start there is no token: make an admin token (or adopt BALLAST_ADMIN_TOKEN) and return
 * it so it can be printed once. Returns undefined when nothing new was made.
 */
export async function ensureAdminToken(ctx: AppContext, supplied: string | undefined): Promise<string | undefined> {
  if (supplied !== undefined) {
    const existing = await ctx.store.tokens.findById(tokenId(supplied));
    if (existing !== undefined) {
      if (existing.revokedAt !== null) throw new BallastError('invalid_argument', 'BALLAST_ADMIN_TOKEN names a revoked token');
      return undefined;
    }
    await createToken(ctx, { name: 'admin (BALLAST_ADMIN_TOKEN)', role: 'admin', token: supplied });
    return undefined;
  }
  if ((await ctx.store.tokens.countActiveAdmins()) > 0) return undefined;
  return (await createToken(ctx, { name: 'admin', role: 'admin' })).token;
}
