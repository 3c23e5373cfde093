import { execFileSync } from 'node:child_process';

/** What code a registration points at, and where that reference came from. */
export interface CodeReference {
  /** A git commit (40 hex digits), or `ballast@VERSION` when there is no git checkout. */
  readonly ref: string;
  readonly source: 'git commit' | 'package version';
}

/** The commit checked out in `dir`, or undefined outside a git checkout (an npm install) or without git. */
export function gitCommitOf(dir: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The code reference of the example models the demo registers: they were trained by
 * examples/credit/train.py in this repository, so the commit checked out is the code that made
 * them; an installed package has no commit, and its version names the code instead.
 */
export function codeReferenceOf(
  dir: string,
  packageVersion: string,
  gitCommit: (dir: string) => string | undefined = gitCommitOf,
): CodeReference {
  const commit = gitCommit(dir);
  return commit !== undefined ? { ref: commit, source: 'git commit' } : { ref: `ballast@${packageVersion}`, source: 'package version' };
}
