import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redact } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it('reads SQLite paths relative to the working directory and in memory', () => {
    expect(parseDatabaseUrl('sqlite:.ballast/b.db', '/srv')).toEqual({ dialect: 'sqlite', file: '/srv/.ballast/b.db' });
    expect(parseDatabaseUrl('sqlite:/var/b.db', '/srv')).toEqual({ dialect: 'sqlite', file: '/var/b.db' });
    expect(parseDatabaseUrl('sqlite::memory:', '/srv')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });
  it('reads PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('postgresql://u:p@h/db', '/')).toEqual({ dialect: 'postgres', url: 'postgresql://u:p@h/db' });
  });
  it('refuses other schemes without echoing a password', () => {
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db', '/')).toThrow(
      'database "mysql://u:***@h/db" is not sqlite:PATH or postgres://…',
    );
    expect(() => parseDatabaseUrl('sqlite:', '/')).toThrow(/names no file/);
  });
  it('redacts passwords', () => {
    expect(redact('postgres://ballast:hunter2@db:5432/x')).toBe('postgres://ballast:***@db:5432/x');
  });
});
