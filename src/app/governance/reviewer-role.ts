import { ROLES, type Role } from '../../core/serving-records.ts';
import type { Store } from '../../store/store.ts';

/**
 * The role a person acting on the CLI holds: the highest role among the active tokens whose name is
 * theirs (BALLAST_ACTOR or the login name). The CLI has no token of its own, so a team that wants
 * periodic reviews recorded from the CLI creates a token named after each approver
 * (`ballast tokens create --name bo --role approver`). Undefined when no active token has the name.
 */
export async function reviewerRole(store: Pick<Store, 'tokens'>, actor: string): Promise<Role | undefined> {
  let best: Role | undefined;
  for (const token of await store.tokens.list()) {
    if (token.revokedAt !== null || token.name !== actor) continue;
    if (best === undefined || ROLES.indexOf(token.role) > ROLES.indexOf(best)) best = token.role;
  }
  return best;
}
