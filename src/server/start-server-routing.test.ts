import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppContext, type Settings } from '../app/context.ts';
import { deploy } from '../app/deployments.ts';
import { registerModel } from '../app/register-model.ts';
import { changeRouting } from '../app/routing-change.ts';
import { canary } from '../app/serving/testing/routed-versions.ts';
import { readInstances } from '../app/simulate.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import type { DeploymentRouting } from '../core/rollouts/deployment-routing.ts';
import { POSTGRES_SKIPPED } from '../store/testing/test-stores.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { inThreadExecutor } from './testing/test-server.ts';

const ADMIN = 'routing-test-admin-token-0123456789abcdef';
const postgresUrl = process.env.BALLAST_TEST_POSTGRES_URL;

/** Where the two servers' store lives: one SQLite file, or one PostgreSQL database (made here, dropped after). */
interface SharedStore {
  readonly name: string;
  settings(): Promise<Settings>;
  cleanup(): Promise<void>;
}

function sqliteShared(): SharedStore {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-routing-'));
  return {
    name: 'one SQLite file',
    settings: async () => ({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * A database of its own rather than a schema: the server opens its store from a URL alone, and the
 * migrator, not told a schema, would find other tests' bookkeeping tables in theirs.
 */
function postgresShared(url: string): SharedStore {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-routing-'));
  const database = `ballast_routing_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    name: 'one PostgreSQL database',
    async settings() {
      await admin(`create database "${database}"`);
      created = true;
      const own = new URL(url);
      own.pathname = `/${database}`;
      return { dataDir, databaseUrl: own.toString() };
    },
    async cleanup() {
      if (created) await admin(`drop database if exists "${database}" with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const stores = [sqliteShared(), ...(postgresUrl ? [postgresShared(postgresUrl)] : [])];
if (!postgresUrl) describe.skip(POSTGRES_SKIPPED, () => it('runs these tests again on one PostgreSQL database', () => {}));
afterAll(async () => {
  for (const store of stores) await store.cleanup();
});

async function serve(settings: Settings): Promise<RunningServer> {
  return startServer(settings, 'test', {
    host: '127.0.0.1',
    port: 0,
    logger: false,
    loadExecutor: inThreadExecutor,
    adminToken: ADMIN,
    logWriter: 'event-loop',
    alertIntervalMs: 3_600_000,
  });
}

/** Per instance, the version that answered it (one real HTTP request). */
async function versions(server: RunningServer, instances: readonly Record<string, unknown>[]): Promise<number[]> {
  const response = await fetch(`${server.url}/v1/deployments/credit/predict`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ instances }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { predictions: { model: { version: number }; role: string }[] };
  return body.predictions.map((p) => p.model.version);
}

/** Milliseconds until `server` answers as `expected`, polling; fails past the deadline. */
async function honouredWithin(server: RunningServer, probe: readonly Record<string, unknown>[], expected: number[], since: number) {
  for (;;) {
    const answered = await versions(server, probe);
    if (answered.join() === expected.join()) return performance.now() - since;
    if (performance.now() - since > 3000) throw new Error(`still answering ${answered.join()} 3 s after the change`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const shared of stores) {
  describe(`two servers on ${shared.name}`, () => {
    it('both route by a routing change made on the store within 2 s, the same sticky keys the same way, also after a restart', async () => {
      const settings = await shared.settings();
      const ctx = await openAppContext(settings, 'operator');
      const servers: RunningServer[] = [];
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
        await deploy(ctx, { name: 'credit', model: 'credit:1' });
        const model = (await ctx.store.models.findByName('credit'))!;
        const v2 = (await ctx.store.versions.find(model.id, 2))!;
        servers.push(await serve(settings), await serve(settings));
        const rows = await readInstances(path.join(EXAMPLES, 'live.csv'), 4000);
        // Distinct keys: the live file's applicant ids.
        expect(new Set(rows.map((r) => r.applicant_id)).size).toBe(4000);
        const probe = rows.slice(0, 40);
        expect(await versions(servers[0]!, probe)).toEqual(probe.map(() => 1));

        const change = (routing: DeploymentRouting) => changeRouting(ctx, 'credit', () => ({ routing, action: 'test.route', details: {} }));
        const rollout = canary(v2.id, { weight: 25, stickyKey: { kind: 'field', name: 'applicant_id' } });
        let since = performance.now();
        await change({ rollout });
        // What the first server answers once it routes by the change (it must be a mix at 25%).
        let expected: number[] = [];
        for (let i = 0; i < 60 && !expected.includes(2); i++) {
          expected = await versions(servers[0]!, probe);
          if (!expected.includes(2)) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const elapsed = [performance.now() - since, await honouredWithin(servers[1]!, probe, expected, since)];
        expect(expected).toContain(1);
        for (const ms of elapsed) expect(ms).toBeLessThan(2000);

        // Over 4,000 keys, 25% ± 2.5 points go to the candidate (σ = 0.68 points), the same keys on both servers.
        const onFirst = await versions(servers[0]!, rows);
        const share = onFirst.filter((v) => v === 2).length / rows.length;
        expect(Math.abs(share - 0.25)).toBeLessThan(0.025);
        expect(await versions(servers[1]!, rows)).toEqual(onFirst);
        // A restarted server routes every key as before.
        await servers.shift()!.stop();
        servers.push(await serve(settings));
        expect(await versions(servers[1]!, rows.slice(0, 500))).toEqual(onFirst.slice(0, 500));

        // Aborting sends everything back to stable on both, within 2 s.
        since = performance.now();
        await change({});
        const stable = probe.map(() => 1);
        for (const server of servers) expect(await honouredWithin(server, probe, stable, since)).toBeLessThan(2000);
      } finally {
        for (const server of servers) await server.stop();
        await ctx.close();
      }
    }, 60_000);
  });
}
