/**
 * Online feature lookup in-process: the latency of reading one entity's 10 features from each online
 * store, side by side in one run. The target is p99 ≤ 1 ms.
 *
 *   npx tsx bench/online-lookup.bench.ts      # BENCH_ENTITIES (100,000), BENCH_LOOKUPS per store (20,000)
 *
 * Stores: the database's table on embedded SQLite, PostgreSQL when BENCH_POSTGRES_URL is set, and
 * Redis (a redis-server started here from /usr/bin/redis-server on a free loopback port, or
 * BENCH_REDIS_URL). Each store is filled with BENCH_ENTITIES entities (not timed), then the lookups
 * run interleaved in rounds of 500 per store, each awaited before the next (one caller, no
 * concurrency), keys drawn at random. Two calls are timed:
 *
 * - `store.read(view, [key])`: the online store alone;
 * - `lookupFeatures(ctx, view, [key])`: what `GET /v1/features/{view}` and `ballast features get`
 *   call — the applied definitions read from the database, the view checked, the row shaped.
 *
 * Also timed: a batch of 100 keys per call (the `POST …/lookup` form), per key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseOnlineStore, type OnlineStore } from '../src/app/features/online-store.ts';
import { lookupFeatures } from '../src/app/features/lookup-features.ts';
import { redisOnlineStore } from '../src/app/features/redis-online-store.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../src/app/features/testing/redis-server.ts';
import { testContext } from '../src/app/testing/test-context.ts';
import type { FeatureDefinitions } from '../src/core/features/feature-definitions.ts';
import type { OnlineFeatureRow } from '../src/store/online-feature-repository.ts';
import { openStore } from '../src/store/store.ts';
import type { StoreFactory } from '../src/store/testing/test-stores.ts';

const entities = Number(process.env.BENCH_ENTITIES ?? 100_000);
const lookups = Number(process.env.BENCH_LOOKUPS ?? 20_000);
const ROUND = 500;
const BATCH = 100;
const FEATURES = Array.from({ length: 10 }, (_, i) => `f${i}`);

const definitions: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'tx', path: '/bench/tx.csv', timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'tx',
      ttlSeconds: null,
      features: FEATURES.map((name) => ({ name, type: 'number' as const })),
    },
  ],
  onDemandFeatures: [],
};

// A seeded generator: the same keys and values every run.
let seed = 18;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const keyOf = (i: number) => `c${i}`;
const rows: OnlineFeatureRow[] = Array.from({ length: entities }, (_, i) => ({
  entityKey: keyOf(i),
  eventTime: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 30 * 86400_000)).toISOString(),
  values: Object.fromEntries(FEATURES.map((f) => [f, Math.round(random() * 1e6) / 100])),
}));

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-lookup-bench-'));
const factoryOf = (url: string, dialect: 'sqlite' | 'postgres', schema?: string): StoreFactory => ({
  dialect,
  create: () => openStore(url, schema === undefined ? undefined : { schema }),
  cleanup: async () => {},
});

interface Subject {
  readonly name: string;
  readonly ctx: Awaited<ReturnType<typeof testContext>>;
  readonly online: OnlineStore;
  readonly samples: { read: number[]; lookup: number[]; batch: number[] };
  /** CPU time of this process during the single-key lookups (Redis's own CPU is in its process). */
  cpuMicros: number;
}

const subjects: Subject[] = [];
let redis: TestRedis | undefined;
try {
  const add = async (name: string, factory: StoreFactory, online?: OnlineStore) => {
    const base = await testContext(factory);
    const ctx = { ...base, ...(online === undefined ? {} : { onlineStore: online }) };
    await ctx.store.transaction((tx) =>
      tx.featureSets.append({ definitions, sha256: 'b'.repeat(64), sourceFile: 'bench', createdBy: 'bench', createdAt: 'now' }),
    );
    const store = online ?? databaseOnlineStore(ctx.store);
    for (let i = 0; i < rows.length; i += 10_000) await store.write('tx', rows.slice(i, i + 10_000), 1, 'now');
    subjects.push({ name, ctx, online: store, samples: { read: [], lookup: [], batch: [] }, cpuMicros: 0 });
  };
  await add('database (SQLite)', factoryOf(`sqlite:${path.join(dir, 'ballast.db')}`, 'sqlite'));
  if (process.env.BENCH_POSTGRES_URL)
    await add('database (PostgreSQL)', factoryOf(process.env.BENCH_POSTGRES_URL, 'postgres', `bench_${process.pid}`));
  const redisUrl = process.env.BENCH_REDIS_URL ?? (hasRedisServer ? (redis = await startTestRedis()).url : undefined);
  if (redisUrl !== undefined)
    await add(
      'Redis',
      factoryOf(`sqlite:${path.join(dir, 'redis-side.db')}`, 'sqlite'),
      redisOnlineStore(redisUrl, { keyPrefix: `bench${process.pid}:` }),
    );
  else console.log('Redis: not measured (no /usr/bin/redis-server and no BENCH_REDIS_URL)');

  const time = async (work: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const randomKey = () => keyOf(Math.floor(random() * entities));
  // Warm-up: statements prepared, connections made, the JIT settled.
  for (const s of subjects)
    for (let i = 0; i < 2000; i++) {
      await s.online.read('tx', [randomKey()]);
      await lookupFeatures(s.ctx, 'tx', [randomKey()]);
    }
  const load = loadavg()[0]!;
  for (let done = 0; done < lookups; done += ROUND)
    for (const s of subjects) {
      for (let i = 0; i < ROUND; i++) s.samples.read.push(await time(() => s.online.read('tx', [randomKey()])));
      const cpu = process.cpuUsage();
      for (let i = 0; i < ROUND; i++) s.samples.lookup.push(await time(() => lookupFeatures(s.ctx, 'tx', [randomKey()])));
      const used = process.cpuUsage(cpu);
      s.cpuMicros += used.user + used.system;
      for (let i = 0; i < ROUND / 20; i++) {
        const keys = Array.from({ length: BATCH }, randomKey);
        s.samples.batch.push((await time(() => lookupFeatures(s.ctx, 'tx', keys))) / BATCH);
      }
    }

  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };
  const ms = (x: number) => x.toFixed(3);
  console.log(
    `${entities.toLocaleString('en')} entities × ${FEATURES.length} features; ${lookups.toLocaleString('en')} lookups per store and call, interleaved; load average ${load.toFixed(1)}`,
  );
  console.log('store                  call                     p50 ms  p99 ms  p99.9 ms  max ms  p99 ≤ 1 ms');
  for (const s of subjects)
    for (const [call, samples] of [
      ['store read, 1 key', s.samples.read],
      ['lookupFeatures, 1 key', s.samples.lookup],
      ['lookupFeatures, 100/key', s.samples.batch],
    ] as const) {
      const p99 = quantile(samples, 0.99);
      const cells = [quantile(samples, 0.5), p99, quantile(samples, 0.999), Math.max(...samples)].map(ms);
      console.log(
        `${s.name.padEnd(22)} ${call.padEnd(24)} ${cells[0]!.padStart(6)}  ${cells[1]!.padStart(6)}  ${cells[2]!.padStart(8)}  ${cells[3]!.padStart(6)}  ${p99 <= 1 ? 'yes' : 'no'}`,
      );
    }
  for (const s of subjects)
    console.log(`${s.name}: lookupFeatures, 1 key: ${(s.cpuMicros / s.samples.lookup.length).toFixed(0)} µs CPU per call in this process`);
  if (subjects.length > 1) {
    const base = subjects[0]!;
    for (const s of subjects.slice(1))
      console.log(
        `${s.name} / ${base.name}, p99 of lookupFeatures 1 key: ${(quantile(s.samples.lookup, 0.99) / quantile(base.samples.lookup, 0.99)).toFixed(2)}×`,
      );
  }
} finally {
  for (const s of subjects) {
    await s.online.close();
    await s.ctx.close();
  }
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_POSTGRES_URL) {
    const client = new pg.Client({ connectionString: process.env.BENCH_POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "bench_${process.pid}" cascade`);
    await client.end();
  }
}
