import { afterAll, describe, expect, it } from 'vitest';
import type { DeploymentConfig } from '../core/serving-records.ts';
import type { Store } from './store.ts';
import { storeFactories } from './testing/test-stores.ts';

const at = '2026-11-25T10:00:00.000Z';

for (const factory of storeFactories()) {
  describe(`deployment configs on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('reads a config stored before the log sample rate existed as logging everything, and keeps a stored rate', async () => {
      const store = await factory.create();
      try {
        await registerVersion(store);
        // Written as an older Ballast wrote it: without the field.
        const older = { maxBatchSize: 8, maxDelayMs: 1 } as DeploymentConfig;
        await store.deployments.insert({
          id: 'd1',
          name: 'credit',
          versionId: 'v1',
          config: older,
          revision: 1,
          createdBy: 'ann',
          createdAt: at,
          updatedBy: 'ann',
          updatedAt: at,
        });
        expect((await store.deployments.findByName('credit'))!.config).toEqual({ maxBatchSize: 8, maxDelayMs: 1, logSampleRate: 1 });
        expect(
          await store.deployments.update('d1', 1, {
            versionId: 'v1',
            config: { maxBatchSize: 8, maxDelayMs: 1, logSampleRate: 0.05 },
            actor: 'bob',
            at,
          }),
        ).toBe(true);
        expect((await store.deployments.list())[0]!.config.logSampleRate).toBe(0.05);
        expect((await store.deployments.revisions('d1')).map((r) => [r.revision, r.config.logSampleRate])).toEqual([
          [2, 0.05],
          [1, 1],
        ]);
      } finally {
        await store.close();
      }
    });

    it('keeps the routing on every revision, keeps it through a move that does not name one, and stores none as null', async () => {
      const store = await factory.create();
      try {
        await registerVersion(store);
        const config = { maxBatchSize: 8, maxDelayMs: 1, logSampleRate: 1 };
        await store.deployments.insert({
          id: 'd1',
          name: 'credit',
          versionId: 'v1',
          config,
          revision: 1,
          createdBy: 'ann',
          createdAt: at,
          updatedBy: 'ann',
          updatedAt: at,
        });
        expect((await store.deployments.findByName('credit'))!.routing).toEqual({});
        const shadow = { versionId: 'v1', sample: 0.5, startedAt: at, startedBy: 'bob' };
        expect(await store.deployments.update('d1', 1, { versionId: 'v1', config, routing: { shadow }, actor: 'bob', at })).toBe(true);
        // A deploy or an alert's rollback names no routing: the shadow stays.
        expect(await store.deployments.update('d1', 2, { versionId: 'v1', config, actor: 'alert:x', at })).toBe(true);
        expect((await store.deployments.findByName('credit'))!.routing).toEqual({ shadow });
        expect(await store.deployments.update('d1', 3, { versionId: 'v1', config, routing: {}, actor: 'bob', at })).toBe(true);
        expect((await store.deployments.list())[0]!.routing).toEqual({});
        expect((await store.deployments.revisions('d1')).map((r) => [r.revision, r.routing])).toEqual([
          [4, {}],
          [3, { shadow }],
          [2, { shadow }],
          [1, {}],
        ]);
        // A stale revision changes nothing.
        expect(await store.deployments.update('d1', 3, { versionId: 'v1', config, routing: { shadow }, actor: 'eve', at })).toBe(false);
      } finally {
        await store.close();
      }
    });
  });
}

async function registerVersion(store: Store): Promise<void> {
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
    signature: { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'regression' } },
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'ann',
    createdAt: at,
  });
}
