import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRepository } from './event-repository.ts';
import { FeedbackRepository } from './feedback-repository.ts';
import type { Database } from './schema.ts';
import { openStore } from './store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-request-id-join-'));
const file = path.join(dir, 'ballast.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await (await openStore(`sqlite:${file}`)).close();
});

interface Query {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** Runs `join` on a repository over the migrated file and answers the statements it ran, as SQLite got them. */
async function queriesOf(join: (db: Kysely<Database>) => Promise<unknown>): Promise<Query[]> {
  const queries: Query[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(file) }),
    log: (event) => {
      if (event.level === 'query') queries.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await join(db);
  } finally {
    await db.destroy();
  }
  return queries;
}

function planOf(query: Query): string {
  const db = new SQLite(file, { readonly: true });
  try {
    const rows = db.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[];
    return rows.map((row) => row.detail).join('\n');
  } finally {
    db.close();
  }
}

// Without statistics (Ballast never runs ANALYZE) SQLite's planner preferred the (deployment_name,
// id) index for `request_id in (…)`, reading every prediction of the deployment for each chunk of
// labels or events; a join by request id must search the partial index on request_id (migration
// 0006) once per id instead.
const repositories = {
  feedback: (db: Kysely<Database>, keys: { predictionIds: string[]; requestIds: string[] }) =>
    new FeedbackRepository(db, 'sqlite').joinTargets('credit', keys),
  events: (db: Kysely<Database>, keys: { predictionIds: string[]; requestIds: string[] }) =>
    new EventRepository(db, 'sqlite').joinTargets('credit', keys),
};

describe.each(Object.entries(repositories))('the %s repository on SQLite', (_, joinTargets) => {
  it('joins request ids to predictions through the request_id index, not through every prediction of the deployment', async () => {
    const queries = await queriesOf((db) => joinTargets(db, { predictionIds: [], requestIds: ['r-1', 'r-2', 'r-3'] }));
    expect(queries).toHaveLength(1);
    const plan = planOf(queries[0]!);
    expect(plan).toContain('USING INDEX predictions_request_id (request_id=?)');
    expect(plan).not.toContain('predictions_deployment_id');
    expect(plan).not.toMatch(/\bSCAN (predictions|p)\b/);
  });

  it('joins prediction ids through the (deployment_name, id) index, one search per id', async () => {
    const queries = await queriesOf((db) => joinTargets(db, { predictionIds: ['p-1', 'p-2'], requestIds: [] }));
    expect(queries).toHaveLength(1);
    expect(planOf(queries[0]!)).toMatch(/INDEX predictions_deployment_id \(deployment_name=\? AND id=\?\)/);
  });
});
