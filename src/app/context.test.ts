import { describe, expect, it } from 'vitest';
import { resolveSettings } from './context.ts';

describe('resolveSettings', () => {
  it('defaults to SQLite under ./.ballast', () => {
    expect(resolveSettings({}, {}, '/srv')).toEqual({ dataDir: '/srv/.ballast', databaseUrl: 'sqlite:/srv/.ballast/ballast.db' });
  });
  it('takes the environment, ignoring empty variables, and lets flags win', () => {
    expect(resolveSettings({}, { BALLAST_DB: 'postgres://h/db', BALLAST_DATA_DIR: '/data' }, '/srv')).toEqual({
      dataDir: '/data',
      databaseUrl: 'postgres://h/db',
    });
    expect(resolveSettings({}, { BALLAST_DB: '', BALLAST_DATA_DIR: '' }, '/srv').databaseUrl).toBe('sqlite:/srv/.ballast/ballast.db');
    expect(resolveSettings({ db: 'sqlite:x.db', dataDir: 'd' }, { BALLAST_DB: 'postgres://h/db' }, '/srv')).toEqual({
      dataDir: '/srv/d',
      databaseUrl: 'sqlite:x.db',
    });
  });
});
