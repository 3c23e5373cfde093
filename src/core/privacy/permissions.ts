import { BallastError } from '../errors.ts';
import type { Role } from '../serving-records.ts';

/**
 * Permissions a token may hold beyond what its role allows. `sensitive:read`: see the values of a
 * version's sensitive and pii columns unmasked (every such read is audited). Admins hold every
 * permission, so the first token of a fresh install can read everything it administers.
 */
export const PERMISSIONS = ['sensitive:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The permissions named, each once, in PERMISSIONS' order; an unknown name is invalid_argument. */
export function parsePermissions(names: readonly string[]): Permission[] {
  for (const name of names) {
    if (!(PERMISSIONS as readonly string[]).includes(name)) {
      throw new BallastError('invalid_argument', `permission "${name}" is not one of ${PERMISSIONS.join(', ')}`);
    }
  }
  return PERMISSIONS.filter((p) => names.includes(p));
}

export function holdsPermission(
  holder: { readonly role: Role; readonly permissions?: readonly string[] },
  permission: Permission,
): boolean {
  return holder.role === 'admin' || (holder.permissions ?? []).includes(permission);
}
