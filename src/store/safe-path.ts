import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BallastError } from '../core/errors.ts';

/**
 * Resolves a relative name from a user inside `root`, or refuses it. Refused outright rather than
 * normalised: absolute paths, `..` segments, backslashes, percent-encoding (a later layer might
 * decode it), NUL and control characters. After resolving, the real path (symlinks followed) must
 * still be inside the real root, so a link planted in the store cannot lead out of it.
 */
export function resolveInside(root: string, name: string): string {
  const refuse = (why: string): never => {
    throw new BallastError('path_outside_store', `path ${JSON.stringify(name)} is refused: ${why}`);
  };
  if (name.length === 0) refuse('it is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) refuse('it contains a NUL or control character');
  if (name.includes('\\')) refuse('it contains a backslash');
  if (name.includes('%')) refuse('it contains percent-encoding');
  if (path.isAbsolute(name) || name.startsWith('/')) refuse('it is absolute');
  if (name.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''))
    refuse('it has an empty, "." or ".." segment');
  const realRoot = realpathSync(root);
  const candidate = path.join(realRoot, name);
  let real = candidate;
  try {
    real = realpathSync(candidate);
  } catch {
    // Not there yet (a write to come): its parent must still resolve inside the root.
    let parent = path.dirname(candidate);
    for (;;) {
      try {
        real = path.join(realpathSync(parent), path.relative(parent, candidate));
        break;
      } catch {
        const up = path.dirname(parent);
        if (up === parent) break;
        parent = up;
      }
    }
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) refuse('it leads outside the store');
  return real;
}
