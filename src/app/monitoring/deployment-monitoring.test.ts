import { afterAll, describe, expect, it } from 'vitest';
import { normal, seeded } from '../../core/contracts/testing/sample-distributions.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import {
  classifications,
  seedPerformanceDeployment,
  sendLabels,
  T0 as PERFORMANCE_T0,
} from '../performance/testing/performance-test-data.ts';
import { deploymentMonitoring } from './deployment-monitoring.ts';
import { newLatencySketch } from './window-latency.ts';

const at = '2026-11-25T09:00:00.000Z';
const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const signature: ModelSignature = {
  inputs: [
    { name: 'x', type: 'number' },
    { name: 'city', type: 'string' },
  ],
  output: { kind: 'regression' },
};

function rows(n: number, seed: number, shift = 0, cities = ['Oslo', 'Lima']): Record<string, unknown>[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({ x: i % 50 === 0 ? null : normal(random) + shift, city: cities[i % cities.length] }));
}

const referenceRows = rows(5000, 1);
const probe = new SchemaProbe(['x', 'city']);
for (const r of referenceRows) probe.addRecord(r);
const schema = probe.schema();

function profileOf(data: readonly Record<string, unknown>[]): DatasetProfile {
  const profile = new DatasetProfile(schema);
  data.forEach((r, i) => profile.addRecord(r, (i * 0.618033988749895) % 1));
  return profile;
}

function part(
  minute: number,
  source: string,
  data: readonly Record<string, unknown>[],
  status: WindowProfileRecord['status'] = 'complete',
): WindowProfileRecord {
  return {
    deployment: 'credit',
    versionId: 'v1',
    windowStart: new Date(T0 + minute * 60_000).toISOString(),
    windowMs: 60_000,
    source,
    rows: data.length,
    profile: profileOf(data).toJSON(),
    reconstruction: null,
    status,
    updatedAt: at,
  };
}

async function seed(store: Store): Promise<void> {
  await store.artifacts.insertIfAbsent({ sha256: 'a'.repeat(64), sizeBytes: 1, mediaType: 'application/json', createdAt: at });
  await store.models.insert({
    id: 'm1',
    name: 'credit',
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 'ann',
    createdAt: at,
  });
  await store.versions.insert({
    id: 'v1',
    modelId: 'm1',
    version: 1,
    artifactSha256: 'a'.repeat(64),
    format: 'xgboost',
    signature,
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'ann',
    createdAt: at,
  });
  await store.deployments.insert({
    id: 'd1',
    name: 'credit',
    versionId: 'v1',
    config: { maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 1 },
    revision: 1,
    createdBy: 'ann',
    createdAt: at,
    updatedBy: 'ann',
    updatedAt: at,
  });
  await store.monitoring.saveReference({
    versionId: 'v1',
    profile: profileOf(referenceRows).toJSON(),
    multivariate: null,
    rows: referenceRows.length,
    createdAt: at,
  });
}

for (const factory of storeFactories()) {
  describe(`deployment monitoring on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('merges window parts, compares each window with the reference and reports data quality', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const shifted = rows(3000, 3, 0.5, ['Oslo', 'Lima', 'Pune']);
        await store.monitoring.insertWindows([
          part(0, 'proc-a', rows(1500, 2)),
          part(0, 'proc-b', rows(1500, 4)),
          part(1, 'proc-a', shifted.slice(0, 2000)),
          part(1, 'recovery', shifted.slice(2000), 'rebuilt'),
        ]);
        await store.contracts.addViolationCounts([
          {
            deployment: 'credit',
            windowStart: new Date(T0 + 60_000).toISOString(),
            column: 'x',
            code: 'out_of_range',
            policy: 'flag',
            count: 7,
          },
        ]);
        const live = [part(2, 'proc-a', rows(100, 9))];
        const result = await deploymentMonitoring(
          { store, clock: () => new Date(T0 + 150_000), baseWindowMs: 60_000, liveWindows: () => live },
          'credit',
          { from: new Date(T0).toISOString() },
        );
        expect(result).toMatchObject({
          deployment: 'credit',
          window: '1m',
          window_ms: 60_000,
          reference: { model: 'credit', version: 1, rows: 5000 },
        });
        expect(result.windows.map((w) => [w.start, w.rows, w.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 3000, 'complete'],
          ['2026-11-25T10:01:00.000Z', 3000, 'rebuilt'],
          ['2026-11-25T10:02:00.000Z', 100, 'live'],
        ]);
        const [same, drifted] = result.windows;
        expect(same!.drift!.columns.map((c) => [c.name, c.drifted])).toEqual([
          ['x', false],
          ['city', false],
        ]);
        expect(drifted!.drift!.columns.map((c) => [c.name, c.drifted])).toEqual([
          ['x', true],
          ['city', true],
        ]);
        expect(drifted!.drift!.dataset.drifted).toBe(true);
        const quality = drifted!.quality;
        expect(quality.violations).toEqual([{ column: 'x', code: 'out_of_range', policy: 'flag', count: 7 }]);
        expect(quality.columns.find((c) => c.name === 'city')).toMatchObject({ new_categories: ['Pune'], new_category_count: 1 });
        expect(quality.columns.find((c) => c.name === 'x')!.missing_share).toBeCloseTo(60 / 3000, 12);
        expect(quality.columns.find((c) => c.name === 'x')!.out_of_range_share!).toBeGreaterThan(0);
        expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);

        const hourly = await deploymentMonitoring({ store, clock: () => new Date(T0 + 150_000), baseWindowMs: 60_000 }, 'credit', {
          from: new Date(T0).toISOString(),
          window: '1h',
        });
        expect(hourly.windows.map((w) => [w.start, w.rows, w.status])).toEqual([['2026-11-25T10:00:00.000Z', 6000, 'rebuilt']]);
      } finally {
        await store.close();
      }
    });

    it("merges the latency sketches and error counts of a window's parts, and says unknown where a part does not know", async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const timed = (p: WindowProfileRecord, latencies: readonly number[], errors: number | null): WindowProfileRecord => {
          const sketch = newLatencySketch(latencies.length);
          for (const ms of latencies) sketch.add(ms);
          return { ...p, latency: sketch.toJSON(), errors };
        };
        await store.monitoring.insertWindows([
          timed(part(0, 'proc-a', rows(30, 2)), [1, 2, 3], 1),
          timed(part(0, 'proc-b', rows(20, 4)), [4, 5], 0),
          timed(part(1, 'proc-a', rows(10, 5)), [10], 0),
          // Rebuilt from the log after a crash: its latency is known, its failed requests are not.
          timed(part(1, 'recovery', rows(10, 6), 'rebuilt'), [20], null),
          // Written before Ballast kept latency.
          part(2, 'proc-a', rows(10, 7)),
        ]);
        // The current minute, in memory: no request answered, two failed.
        const live = [timed(part(3, 'proc-a', []), [], 2)];
        const sources = { store, clock: () => new Date(T0 + 230_000), baseWindowMs: 60_000, liveWindows: () => live };
        const result = await deploymentMonitoring(sources, 'credit', { from: new Date(T0).toISOString() });
        expect(result.windows.map((w) => [w.start, w.rows, w.latency])).toEqual([
          ['2026-11-25T10:00:00.000Z', 50, { p50_ms: 3, p95_ms: 5, p99_ms: 5, errors: 1 }],
          ['2026-11-25T10:01:00.000Z', 20, { p50_ms: 10, p95_ms: 20, p99_ms: 20, errors: null }],
          ['2026-11-25T10:02:00.000Z', 10, null],
          ['2026-11-25T10:03:00.000Z', 0, { p50_ms: null, p95_ms: null, p99_ms: null, errors: 2 }],
        ]);
        expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
        // Coarser windows merge the parts of their base windows.
        const twoMinutes = await deploymentMonitoring(sources, 'credit', { from: new Date(T0).toISOString(), window: '2m' });
        expect(twoMinutes.windows.map((w) => [w.start, w.latency])).toEqual([
          ['2026-11-25T10:00:00.000Z', { p50_ms: 4, p95_ms: 20, p99_ms: 20, errors: null }],
          ['2026-11-25T10:02:00.000Z', null],
        ]);
      } finally {
        await store.close();
      }
    });

    it('refuses unknown deployments, bad windows and bad ranges with clear errors', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const sources = { store, clock: () => new Date(T0), baseWindowMs: 60_000 };
        await expect(deploymentMonitoring(sources, 'nope', {})).rejects.toMatchObject({ code: 'deployment_not_found' });
        await expect(deploymentMonitoring(sources, 'credit', { window: '90s' })).rejects.toMatchObject({
          code: 'invalid_argument',
          message: expect.stringMatching(/multiple of the 1m base window/),
        });
        await expect(deploymentMonitoring(sources, 'credit', { from: 'yesterday' })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(
          deploymentMonitoring(sources, 'credit', { from: '2026-11-25T11:00:00Z', to: '2026-11-25T10:00:00Z' }),
        ).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(deploymentMonitoring(sources, 'credit', { from: '2026-01-01T00:00:00Z', window: '1m' })).rejects.toMatchObject({
          code: 'invalid_argument',
          message: expect.stringMatching(/more than 1440 windows/),
        });
        const empty = await deploymentMonitoring(sources, 'credit', {});
        expect(empty.windows).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it("puts each window's performance beside its drift when asked, and only then", async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        const reference = (await store.monitoring.findReference('v1'))!;
        await store.monitoring.insertWindows([
          {
            deployment: 'credit',
            versionId: 'v1',
            windowStart: new Date(PERFORMANCE_T0).toISOString(),
            windowMs: 60_000,
            source: 'proc-a',
            rows: 200,
            profile: reference.profile,
            reconstruction: null,
            status: 'complete',
            updatedAt: at,
          },
        ]);
        const { records, rows } = classifications(PERFORMANCE_T0, 200, 4);
        await store.predictions.insertMany(records);
        await sendLabels(
          store,
          rows.slice(0, 120).map((r) => ({ predictionId: r.id, label: r.truth })),
          '2026-11-25T10:30:00Z',
        );
        const sources = { store, clock: () => new Date(PERFORMANCE_T0 + 600_000), baseWindowMs: 60_000 };
        const query = { from: new Date(PERFORMANCE_T0).toISOString() };
        const plain = await deploymentMonitoring(sources, 'credit', query);
        expect(plain.windows).toHaveLength(1);
        expect(plain.windows[0]).not.toHaveProperty('performance');
        const withPerformance = await deploymentMonitoring(sources, 'credit', { ...query, performance: true });
        const performance = withPerformance.windows[0]!.performance!;
        expect(performance).toMatchObject({ rows: 200, labelled_rows: 120, skipped_labels: 0 });
        expect(performance.metrics.accuracy!.realized).toBeCloseTo(
          rows.slice(0, 120).filter((r) => r.truth === r.predicted).length / 120,
          12,
        );
        expect(performance).not.toHaveProperty('model');
      } finally {
        await store.close();
      }
    });
  });
}
