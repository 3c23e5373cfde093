import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureDefinitions } from '../core/features/feature-definitions.ts';
import type { PipelineRunRecord } from '../core/pipelines/pipeline-definition.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'tx', path: '/data/tx.csv', timestamp: 'event_time' }],
  featureViews: [{ name: 'tx', entity: 'customer', source: 'tx', ttlSeconds: 604800, features: [{ name: 'spend_7d', type: 'number' }] }],
  onDemandFeatures: [],
};

function run(id: string, startedAt: string): PipelineRunRecord {
  return {
    id,
    pipeline: 'examples/credit/pipeline.yaml',
    pipelineSha256: 'a'.repeat(64),
    gitCommit: null,
    gitDirty: null,
    tools: { node: 'v20.20.2', python: null, pipFreezeSha256: null },
    params: { seed: 1 },
    steps: [],
    status: 'succeeded',
    startedAt,
    finishedAt: startedAt,
    createdBy: 'tester',
  };
}

for (const factory of storeFactories()) {
  describe(`feature store and pipeline repositories on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('numbers applied feature definitions from 1 and reads the newest as current', async () => {
      const store = await factory.create();
      try {
        expect(await store.featureSets.latest()).toBeUndefined();
        const entry = { definitions: DEFINITIONS, sha256: 'b'.repeat(64), sourceFile: 'features.yaml', createdBy: 'a', createdAt: 't1' };
        expect((await store.featureSets.append(entry)).version).toBe(1);
        expect((await store.featureSets.append({ ...entry, createdAt: 't2' })).version).toBe(2);
        expect(await store.featureSets.latest()).toMatchObject({ version: 2, definitions: DEFINITIONS, createdAt: 't2' });
        expect((await store.featureSets.findByVersion(1))?.createdAt).toBe('t1');
        expect((await store.featureSets.list()).map((s) => s.version)).toEqual([2, 1]);
      } finally {
        await store.close();
      }
    });

    it('keeps the latest event per entity online: an older value never replaces a newer one', async () => {
      const store = await factory.create();
      try {
        const newer = { entityKey: 'c1', values: { spend_7d: 10 }, eventTime: '2026-01-02T00:00:00.000Z' };
        await store.onlineFeatures.upsert(
          'tx',
          [newer, { entityKey: 'c2', values: { spend_7d: null }, eventTime: '2026-01-01T00:00:00.000Z' }],
          1,
          'now',
        );
        await store.onlineFeatures.upsert(
          'tx',
          [{ entityKey: 'c1', values: { spend_7d: 5 }, eventTime: '2026-01-01T00:00:00.000Z' }],
          1,
          'now',
        );
        const got = await store.onlineFeatures.get('tx', ['c1', 'c2', 'c3']);
        expect(got.get('c1')).toEqual(newer);
        expect(got.get('c2')?.values).toEqual({ spend_7d: null });
        expect(got.has('c3')).toBe(false);
        await store.onlineFeatures.upsert(
          'tx',
          [{ entityKey: 'c2', values: { spend_7d: 7 }, eventTime: '2026-01-03T00:00:00.000Z' }],
          2,
          'now',
        );
        expect((await store.onlineFeatures.get('tx', ['c2'])).get('c2')?.values).toEqual({ spend_7d: 7 });
        expect(await store.onlineFeatures.count('tx')).toBe(2);
      } finally {
        await store.close();
      }
    });

    it('remembers where the last successful materialisation of a view ended', async () => {
      const store = await factory.create();
      try {
        const base = { view: 'tx', featureSetVersion: 1, startTime: null, createdBy: 'a', startedAt: 't' };
        await store.materializations.start({ ...base, id: 'm1', endTime: '2026-01-01T00:00:00.000Z' });
        await store.materializations.finish('m1', 'succeeded', 3, 't');
        await store.materializations.start({ ...base, id: 'm2', endTime: '2026-02-01T00:00:00.000Z' });
        expect(await store.materializations.lastSucceededEnd('tx', 1)).toBe('2026-01-01T00:00:00.000Z');
        await store.materializations.finish('m2', 'failed', 0, 't');
        expect(await store.materializations.lastSucceededEnd('tx', 1)).toBe('2026-01-01T00:00:00.000Z');
        expect(await store.materializations.lastSucceededEnd('tx', 2)).toBeUndefined();
        expect((await store.materializations.list('tx')).map((m) => m.status).sort()).toEqual(['failed', 'succeeded']);
      } finally {
        await store.close();
      }
    });

    it('stores pipeline runs whole and keeps the first cache entry of a step hash', async () => {
      const store = await factory.create();
      try {
        await store.pipelineRuns.save(run('r1', '2026-01-01T00:00:00.000Z'));
        await store.pipelineRuns.save(run('r2', '2026-01-02T00:00:00.000Z'));
        expect(await store.pipelineRuns.find('r1')).toEqual(run('r1', '2026-01-01T00:00:00.000Z'));
        expect((await store.pipelineRuns.list()).map((r) => r.id)).toEqual(['r2', 'r1']);
        const entry = { stepHash: 'h', stepName: 'train', outs: { 'model.json': 'c'.repeat(64) }, runId: 'r1', createdAt: 't' };
        await store.pipelineRuns.cache(entry);
        await store.pipelineRuns.cache({ ...entry, runId: 'r2' });
        expect(await store.pipelineRuns.cached('h')).toEqual(entry);
        expect(await store.pipelineRuns.cached('other')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it("merges a version's provenance: a pipeline run added later keeps its training set", async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['spend_7d']);
        const trainingSet = { featureSetVersion: 2, features: ['tx:spend_7d'], entitiesSha256: 'e', sources: { tx: 's' } };
        await store.provenance.save({ versionId: 'v1', trainingSet });
        await store.provenance.save({ versionId: 'v1', pipelineRunId: 'r1', pipelineStep: 'train' });
        expect(await store.provenance.find('v1')).toEqual({ versionId: 'v1', trainingSet, pipelineRunId: 'r1', pipelineStep: 'train' });
        expect(await store.provenance.versionsOfRun('r1')).toEqual(['v1']);
        expect(await store.provenance.find('v2')).toBeUndefined();
        const stored = { sha256: 'f'.repeat(64), provenance: trainingSet, output: 'train.csv', rows: 3, createdBy: 'a', createdAt: 't' };
        await store.provenance.saveTrainingSet(stored);
        await store.provenance.saveTrainingSet({ ...stored, rows: 4 });
        expect(await store.provenance.findTrainingSet('f'.repeat(64))).toEqual(stored);
        expect(await store.provenance.findTrainingSet('0'.repeat(64))).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
}
