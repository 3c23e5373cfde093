import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from './store.ts';

/**
 * One factory per dialect, so a single test suite runs against every store (as hono runs one suite
 * against every runtime). PostgreSQL runs when BALLAST_TEST_POSTGRES_URL is set; in CI it must be.
 */
export interface StoreFactory {
  readonly dialect: 'sqlite' | 'postgres';
  create(): Promise<Store>;
  /** Removes every database this factory made. */
  cleanup(): Promise<void>;
}

export const postgresTestUrl = process.env.BALLAST_TEST_POSTGRES_URL;

if (process.env.CI === 'true' && !postgresTestUrl) {
  throw new Error('CI must set BALLAST_TEST_POSTGRES_URL so the PostgreSQL half of the store tests runs');
}

export function sqliteFactory(): StoreFactory {
  const dirs: string[] = [];
  return {
    dialect: 'sqlite',
    async create() {
      const dir = mkdtempSync(path.join(tmpdir(), 'ballast-store-'));
      dirs.push(dir);
      return openStore(`sqlite:${path.join(dir, 'ballast.db')}`);
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresFactory(url: string): StoreFactory {
  const schemas: string[] = [];
  return {
    dialect: 'postgres',
    async create() {
      const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      schemas.push(schema);
      return openStore(url, { schema });
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export function storeFactories(): StoreFactory[] {
  return postgresTestUrl ? [sqliteFactory(), postgresFactory(postgresTestUrl)] : [sqliteFactory()];
}

