import type { TokenSummary } from '../../app/tokens.ts';
import { list, nullableStr, obj, str } from './wire-schema.ts';

/** Tokens on the wire: never the secret's hash. */
export function tokenView(t: TokenSummary) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    created_at: t.createdAt,
    created_by: t.createdBy,
    revoked_at: t.revokedAt,
    permissions: t.permissions ?? [],
  };
}
export const tokenListSchema = obj({
  tokens: list(obj({ id: str, name: str, role: str, created_at: str, created_by: str, revoked_at: nullableStr, permissions: list(str) })),
});
export const tokenCreatedSchema = obj({ id: str, name: str, role: str, permissions: list(str), token: str, note: str });
