import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { PcaReconstructionModel } from '../core/drift/pca-reconstruction.ts';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import { KllSketch } from '../core/sketches/kll.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { ModelSignature } from '../core/signature.ts';
import type { WindowProfileRecord } from './monitoring-repository.ts';
import type { Store } from './store.ts';
import { storeFactories } from './testing/test-stores.ts';

const at = '2026-11-25T10:00:00.000Z';
const signature: ModelSignature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'regression' } };

async function seed(store: Store) {
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
}

function profileOf(values: readonly number[]): DatasetProfile {
  const profile = new DatasetProfile({ columns: [{ name: 'x', kind: 'numeric', edges: [1, 2], range: [0, 3] }] });
  values.forEach((x, i) => profile.addRecord({ x }, (i + 0.5) / values.length));
  return profile;
}

function part(windowStart: string, source: string, values: readonly number[], windowMs = 60_000): WindowProfileRecord {
  const profile = profileOf(values);
  return {
    deployment: 'credit',
    versionId: 'v1',
    windowStart,
    windowMs,
    source,
    rows: values.length,
    profile: profile.toJSON(),
    reconstruction: { count: 2, mean: 1.5, m2: 0.5, min: 1, max: 2 },
    status: 'complete',
    updatedAt: at,
  };
}

/** The table row of a part, as the repository writes the columns that predate 0010. */
function toRowOf(p: WindowProfileRecord) {
  return {
    deployment_name: p.deployment,
    window_start: p.windowStart,
    window_ms: p.windowMs,
    version_id: p.versionId,
    source: p.source,
    rows: p.rows,
    profile: JSON.stringify(p.profile),
    reconstruction: JSON.stringify(p.reconstruction),
    status: p.status,
    updated_at: p.updatedAt,
  };
}

for (const factory of storeFactories()) {
  describe(`monitoring repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('saves, replaces and finds a version reference with its multivariate model', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        expect(await store.monitoring.findReference('v1')).toBeUndefined();
        const model: PcaReconstructionModel = {
          columns: ['x', 'y'],
          means: [0, 1],
          stds: [1, 2],
          components: [[0.6, 0.8]],
          explainedVarianceRatio: [0.9],
          reference: { count: 10, meanError: 0.25, errorStd: 0.1 },
        };
        const first = profileOf([0.5, 1.5]);
        await store.monitoring.saveReference({ versionId: 'v1', profile: first.toJSON(), multivariate: null, rows: 2, createdAt: at });
        const second = profileOf([0.5, 1.5, 2.5]);
        await store.monitoring.saveReference({
          versionId: 'v1',
          profile: second.toJSON(),
          multivariate: model,
          rows: 3,
          createdAt: '2026-11-25T11:00:00.000Z',
        });
        const found = await store.monitoring.findReference('v1');
        expect(found).toEqual({
          versionId: 'v1',
          profile: second.toJSON(),
          multivariate: model,
          rows: 3,
          createdAt: '2026-11-25T11:00:00.000Z',
        });
        expect(DatasetProfile.fromJSON(found!.profile).column('x')!.count).toBe(3);
      } finally {
        await store.close();
      }
    });

    it('keeps one part per window, version and source, replaces a re-flushed part and reads windows in [from, to)', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        expect(await store.monitoring.latestWindowEnd('credit')).toBeUndefined();
        await store.monitoring.insertWindows([
          part('2026-11-25T10:00:00.000Z', 'p1', [0.5]),
          part('2026-11-25T10:00:00.000Z', 'p2', [1.5, 2.5]),
          part('2026-11-25T10:01:00.000Z', 'p1', [1]),
        ]);
        // The same part flushed again (a retry) replaces the first write rather than adding to it.
        await store.monitoring.insertWindows([part('2026-11-25T10:01:00.000Z', 'p1', [1, 2])]);
        const windows = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:02:00.000Z');
        expect(windows.map((w) => [w.windowStart, w.source, w.rows])).toEqual([
          ['2026-11-25T10:00:00.000Z', 'p1', 1],
          ['2026-11-25T10:00:00.000Z', 'p2', 2],
          ['2026-11-25T10:01:00.000Z', 'p1', 2],
        ]);
        expect(windows[0]).toEqual(part('2026-11-25T10:00:00.000Z', 'p1', [0.5]));
        expect(await store.monitoring.windows('credit', '2026-11-25T10:00:30.000Z', '2026-11-25T10:01:00.000Z')).toEqual([]);
        expect(await store.monitoring.windows('other', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z')).toEqual([]);
        // Readers merge a window's parts.
        const merged = DatasetProfile.fromJSON(windows[0]!.profile).merge(DatasetProfile.fromJSON(windows[1]!.profile));
        expect(merged.rows).toBe(3);
        expect(await store.monitoring.latestWindowEnd('credit')).toBe('2026-11-25T10:02:00.000Z');
        await store.monitoring.insertWindows([part('2026-11-25T10:01:00.000Z', 'hourly', [1], 3_600_000)]);
        expect(await store.monitoring.latestWindowEnd('credit')).toBe('2026-11-25T11:01:00.000Z');
        expect(await store.monitoring.latestWindowEnd('credit', 'hourly')).toBe('2026-11-25T10:02:00.000Z');

        await store.monitoring.deleteWindowParts('credit', '2026-11-25T10:00:00.000Z', 60_000, ['p1', 'p3']);
        await store.monitoring.deleteWindowParts('credit', '2026-11-25T10:00:00.000Z', 60_000, []);
        expect(
          (await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z')).map((w) => w.source),
        ).toEqual(['p2']);
      } finally {
        await store.close();
      }
    });

    it("keeps a part's latency sketch and error count, and reads parts without them (written before 0010) as unknown", async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const sketch = new KllSketch(400, 1);
        for (const ms of [1.5, 2.25, 40]) sketch.add(ms);
        const known = { ...part('2026-11-25T10:00:00.000Z', 'p1', [0.5]), latency: sketch.toJSON(), errors: 3 };
        await store.monitoring.insertWindows([known, part('2026-11-25T10:00:00.000Z', 'p2', [1])]);
        // A retried flush replaces both.
        await store.monitoring.insertWindows([{ ...known, errors: 4 }]);
        // A row as migration 0010 leaves those written before it.
        await store.db
          .insertInto('window_profiles')
          .values({ ...toRowOf(part('2026-11-25T10:00:00.000Z', 'p3', [2])), latency: null, errors: null })
          .execute();
        const [p1, p2, p3] = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z');
        expect(p1).toEqual({ ...known, errors: 4 });
        expect(KllSketch.fromJSON(p1!.latency!).quantile(0.5)).toBe(2.25);
        for (const unknown of [p2!, p3!]) expect([unknown.latency ?? null, unknown.errors ?? null]).toEqual([null, null]);
      } finally {
        await store.close();
      }
    });

    it('pages logged predictions of a deployment by time range in id order', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const start = Date.parse('2026-11-25T10:00:00.000Z');
        const newId = monotonicFactory(() => 0.5);
        const records: PredictionLogRecord[] = [];
        for (let i = 0; i < 7; i++) {
          const time = start + i * 20_000;
          records.push({
            id: newId(time),
            at: new Date(time).toISOString(),
            deploymentId: 'd1',
            deploymentName: i === 3 ? 'other' : 'credit',
            versionId: 'v1',
            modelName: 'credit',
            modelVersion: 1,
            requestId: null,
            features: ['x'],
            inputs: { x: i },
            output: { value: i * 2 },
            latencyMs: 1,
            role: i === 5 ? 'canary' : 'stable',
          });
        }
        await store.predictions.insertMany(records);
        const from = '2026-11-25T10:00:20.000Z';
        const to = '2026-11-25T10:02:00.000Z';
        const page1 = await store.monitoring.loggedTimes('credit', from, to, 2);
        expect(page1.map((r) => r.at)).toEqual(['2026-11-25T10:00:20.000Z', '2026-11-25T10:00:40.000Z']);
        const page2 = await store.monitoring.loggedTimes('credit', from, to, 2, page1[1]!.id);
        expect(page2.map((r) => r.at)).toEqual(['2026-11-25T10:01:20.000Z', '2026-11-25T10:01:40.000Z']);
        expect(await store.monitoring.loggedTimes('credit', from, to, 2, page2[1]!.id)).toEqual([]);
        const full = await store.monitoring.loggedPredictions('credit', from, to, 10);
        expect(full).toEqual(records.filter((r) => r.deploymentName === 'credit' && r.at >= from && r.at < to));
      } finally {
        await store.close();
      }
    });
  });
}
