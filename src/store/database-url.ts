import path from 'node:path';
import { BallastError } from '../core/errors.ts';

export type DatabaseTarget = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };

/**
 * `sqlite:PATH` (relative paths resolve against the working directory), `sqlite::memory:`, or a
 * `postgres://` / `postgresql://` URL. Anything else is refused before a driver sees it.
 */
export function parseDatabaseUrl(value: string, cwd: string): DatabaseTarget {
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) return { dialect: 'postgres', url: value };
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (file === '') throw new BallastError('invalid_argument', 'database "sqlite:" names no file; use sqlite:PATH or sqlite::memory:');
    if (file === ':memory:') return { dialect: 'sqlite', file };
    if (file.includes('\0')) throw new BallastError('invalid_argument', 'database path contains a NUL byte');
    return { dialect: 'sqlite', file: path.resolve(cwd, file) };
  }
  throw new BallastError('invalid_argument', `database "${redact(value)}" is not sqlite:PATH or postgres://…`);
}

/** Hides a password in a URL before it reaches a message or a log line. */
export function redact(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
