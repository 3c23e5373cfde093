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
  it('takes a Redis online store from the flag or BALLAST_ONLINE_STORE; "database" (the default) names the table', () => {
    expect(resolveSettings({}, { BALLAST_ONLINE_STORE: 'redis://h:6379' }, '/srv').onlineStoreUrl).toBe('redis://h:6379');
    expect(resolveSettings({ onlineStore: 'redis://flag:1' }, { BALLAST_ONLINE_STORE: 'redis://h:6379' }, '/srv').onlineStoreUrl).toBe(
      'redis://flag:1',
    );
    expect(resolveSettings({ onlineStore: 'database' }, { BALLAST_ONLINE_STORE: 'redis://h:6379' }, '/srv')).not.toHaveProperty(
      'onlineStoreUrl',
    );
    expect(resolveSettings({}, { BALLAST_ONLINE_STORE: '' }, '/srv')).not.toHaveProperty('onlineStoreUrl');
  });
});
