import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext, resolveSettings } from '../src/app/context.ts';
import { hasRedisServer, REDIS_SKIPPED, startTestRedis, type TestRedis } from '../src/app/features/testing/redis-server.ts';
import type { FeatureDefinitions } from '../src/core/features/feature-definitions.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/features/materialize');
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  { end: string; rows: Record<string, { event_time: string; spend: number | null; n_tx: number }> }
>;

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'transactions', path: path.join(FIXTURES, 'source.csv'), timestamp: 'event_time', createdTimestamp: 'created' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'transactions',
      ttlSeconds: null,
      features: [
        { name: 'spend', type: 'number' },
        { name: 'n_tx', type: 'integer' },
      ],
    },
  ],
  onDemandFeatures: [],
};

let dir: string;
let redis: TestRedis | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-features-cli-'));
  // Applied through the store: `ballast features apply` belongs to the definitions' own tests.
  const ctx = await openAppContext(resolveSettings({ dataDir: path.join(dir, 'data') }, {}, dir), 'ci');
  try {
    await ctx.store.transaction((tx) =>
      tx.featureSets.append({
        definitions: DEFINITIONS,
        sha256: 'a'.repeat(64),
        sourceFile: 'features.yaml',
        createdBy: 'ci',
        createdAt: 't',
      }),
    );
  } finally {
    await ctx.close();
  }
  if (hasRedisServer) redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ballast(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci', BALLAST_ONLINE_STORE: '', ...env } });
}

describe('ballast features materialize and features get', () => {
  it('materialises into the database, then serves the values; a second run is up to date', async () => {
    const end = EXPECTED.all!.end;
    const first = await ballast({}, 'features', 'materialize', '--end', end);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')).toEqual([
      'feature set v1 -> database online store',
      'VIEW  START (EXCLUSIVE)  END                       ROWS  STATUS',
      'tx    beginning          2026-01-21T00:00:00.000Z  40    succeeded',
      '',
    ]);
    const again = await ballast({}, 'features', 'materialize', '--end', end, '--json');
    expect(JSON.parse(again.stdout)).toEqual({
      feature_set_version: 1,
      online_store: 'database',
      views: [{ view: 'tx', start: '2026-01-21T00:00:00.000Z', end: '2026-01-21T00:00:00.000Z', rows: 0, status: 'up_to_date' }],
    });

    const expected = EXPECTED.all!.rows['7']!;
    const got = await ballast({}, 'features', 'get', 'tx', '7', 'nobody', '--json');
    expect(JSON.parse(got.stdout)).toEqual({
      view: 'tx',
      features: ['spend', 'n_tx'],
      rows: [
        { key: '7', found: true, event_time: expected.event_time, values: { spend: expected.spend, n_tx: expected.n_tx } },
        { key: 'nobody', found: false, event_time: null, values: { spend: null, n_tx: null } },
      ],
    });
    const text = await ballast({}, 'features', 'get', 'tx', '7', 'nobody');
    expect(text.stdout.split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['KEY', 'EVENT', 'TIME', 'SPEND', 'N_TX'],
      ['7', expected.event_time, String(expected.spend ?? '-'), String(expected.n_tx)],
      ['nobody', 'not', 'found', '-', '-'],
      [''],
    ]);
  }, 180_000);

  it('exits 2 naming an unknown view, and for a bad --end', async () => {
    const unknown = await ballast({}, 'features', 'get', 'nope', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no feature view is named "nope" (views: tx)');
    const bad = await ballast({}, 'features', 'materialize', '--end', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--end "soon" is not a time');
  }, 180_000);

  it.skipIf(!hasRedisServer)(
    'uses Redis with --online-store or BALLAST_ONLINE_STORE, and exits 1 when Redis is down',
    async () => {
      // The runs recorded so far filled the database's table; a newly chosen store is filled with an explicit window.
      const byFlag = await ballast(
        {},
        '--online-store',
        redis!.url,
        'features',
        'materialize',
        '--start',
        '2025-12-01T00:00:00Z',
        '--end',
        EXPECTED.first_week!.end,
        '--json',
      );
      expect(byFlag.stderr).toBe('');
      expect(JSON.parse(byFlag.stdout)).toMatchObject({ online_store: 'redis', views: [{ view: 'tx', rows: 39, status: 'succeeded' }] });
      const got = await ballast({ BALLAST_ONLINE_STORE: redis!.url }, 'features', 'get', 'tx', '7', '--json');
      expect(JSON.parse(got.stdout).rows[0].event_time).toBe(EXPECTED.first_week!.rows['7']!.event_time);
      await redis!.stop();
      try {
        const down = await ballast({ BALLAST_ONLINE_STORE: redis!.url }, 'features', 'get', 'tx', '7');
        expect(down.code).toBe(1);
        expect(down.stderr).toContain(`the Redis online store at redis://127.0.0.1:${redis!.port} cannot be reached`);
      } finally {
        await redis!.start();
      }
    },
    180_000,
  );
});

if (!hasRedisServer) describe.skip(REDIS_SKIPPED, () => it('runs the CLI against Redis', () => {}));
