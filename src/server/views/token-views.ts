import type { TokenSummary } from '../../app/tokens.ts';
import { list, nullableStr, obj, str } from './wire-schema.ts';

/** Tokens on the wire: never the secret's hash. */
export function tokenView(t: TokenSummary) {
  return { id: t.id, name: t.name, role: t.role, created_at: t.createdAt, created_by: t.createdBy, revoked_at: t.revokedAt };
}
export const tokenListSchema = obj({
  tokens: list(obj({ id: str, name: str, role: str, created_at: str, created_by: str, revoked_at: nullableStr })),
});
export const tokenCreatedSchema = obj({ id: str, name: str, role: str, token: str, note: str });
