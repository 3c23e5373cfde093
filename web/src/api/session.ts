import type { Role } from './types.ts';

/** Who is signed in. Kept in sessionStorage (gone when the tab closes), never in a URL. */
export interface Session {
  readonly token: string;
  readonly actor: string;
  readonly role: Role;
}

const key = 'ballast.session';
const roles: readonly Role[] = ['viewer', 'reviewer', 'approver', 'operator', 'admin'];

export function loadSession(storage: Storage): Session | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { token, actor, role } = stored as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || typeof actor !== 'string' || !roles.includes(role as Role)) return undefined;
  return { token, actor, role: role as Role };
}

export function saveSession(storage: Storage, session: Session): void {
  storage.setItem(key, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(key);
}
