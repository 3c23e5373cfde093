import { roleAllows, type Role } from '../../core/serving-records.ts';
import type { Store } from '../../store/store.ts';

/**
 * The role a CLI user acts with: the highest role among the active (not revoked) tokens named after
 * them. The CLI has no token of its own, so an organisation that wants four-eyes approvals on the CLI
 * creates a token named after each approver (`ballast tokens create --name ana --role approver`); a user with
 * no such token has no role (undefined) and may not approve or override a gate.
 */
export async function actorRole(store: Pick<Store, 'tokens'>, actor: string): Promise<Role | undefined> {
  let best: Role | undefined;
  for (const token of await store.tokens.list())
    if (token.name === actor && token.revokedAt === null && (best === undefined || !roleAllows(best, token.role))) best = token.role;
  return best;
}
