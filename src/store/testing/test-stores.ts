import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';
import { openStore, type Store } from '../store.ts';

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

const postgresTestUrl = process.env.BALLAST_TEST_POSTGRES_URL;

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

function postgresFactory(url: string): StoreFactory {
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

/** What the report shows in place of a file's PostgreSQL half when it does not run. */
export const POSTGRES_SKIPPED = 'postgres: set BALLAST_TEST_POSTGRES_URL to run these tests on PostgreSQL';

/**
 * The factories a suite runs against, called at the top of a test file. Without
 * BALLAST_TEST_POSTGRES_URL the PostgreSQL half is reported as skipped in that file, not silently
 * absent (`skip`: vitest's describe.skip; a test passes its own).
 */
export function storeFactories(
  options: { readonly url?: string; readonly skip?: (name: string, body: () => void) => void } = { url: postgresTestUrl },
): StoreFactory[] {
  if (options.url) return [sqliteFactory(), postgresFactory(options.url)];
  (options.skip ?? describe.skip)(POSTGRES_SKIPPED, () => {
    it('runs every test of this file again on a PostgreSQL store', () => {});
  });
  return [sqliteFactory()];
}

/**
 * Registers a model version whose signature has these numeric inputs (and its model and artifact
 * rows, which it references), for tests that log predictions of it: a logged prediction's inputs
 * are read back by the names in its version's signature.
 */
export async function registerTestVersion(store: Store, versionId: string, features: readonly string[]): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const sha256 = 'f'.repeat(64);
  await store.artifacts.insertIfAbsent({ sha256, sizeBytes: 1, mediaType: 'application/json', createdAt: at });
  const modelId = `m-${versionId}`;
  await store.models.insert({
    id: modelId,
    name: `model-${versionId}`,
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 'test',
    createdAt: at,
  });
  await store.versions.insert({
    id: versionId,
    modelId,
    version: 1,
    artifactSha256: sha256,
    format: 'xgboost',
    signature: { inputs: features.map((name) => ({ name, type: 'number' })), output: { kind: 'regression' } },
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'test',
    createdAt: at,
  });
}
