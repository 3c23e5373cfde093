import { afterAll, describe, expect, it } from 'vitest';
import type { ModelSignature } from '../core/signature.ts';
import { storeFactories } from './testing/test-stores.ts';
import type { Store } from './store.ts';

const signature: ModelSignature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'binary', classes: [0, 1] } };
const at = '2026-11-25T10:00:00.000Z';
const sha = (c: string) => c.repeat(64);

async function seed(store: Store) {
  await store.artifacts.insertIfAbsent({ sha256: sha('a'), sizeBytes: 10, mediaType: 'application/json', createdAt: at });
  await store.artifacts.insertIfAbsent({ sha256: sha('d'), sizeBytes: 99, mediaType: 'text/csv', createdAt: at });
  await store.models.insert({
    id: 'm1',
    name: 'fraud',
    description: 'd',
    owner: 'risk',
    intendedUse: 'u',
    tags: ['t1'],
    createdBy: 'ann',
    createdAt: at,
  });
  await store.snapshots.insert({
    id: 's1',
    sha256: sha('d'),
    rowCount: 3,
    columnCount: 2,
    columns: [
      { name: 'x', type: 'number', missing: 0 },
      { name: 'y', type: 'integer', missing: 1 },
    ],
    labelColumn: 'y',
    source: 'train.csv',
    createdBy: 'ann',
    createdAt: at,
  });
  for (const version of [1, 2]) {
    await store.versions.insert({
      id: `v${version}`,
      modelId: 'm1',
      version,
      artifactSha256: sha('a'),
      format: 'xgboost',
      signature,
      snapshotId: version === 1 ? 's1' : null,
      contractId: null,
      codeRef: 'abc123',
      parameters: { depth: 3 },
      metrics: { auc: 0.8 },
      createdBy: 'ann',
      createdAt: at,
    });
  }
}

for (const factory of storeFactories()) {
  describe(`store on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('stores models, versions and snapshots and reads them back', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        expect(await store.models.findByName('fraud')).toMatchObject({ id: 'm1', tags: ['t1'], intendedUse: 'u' });
        expect(await store.models.findByName('nope')).toBeUndefined();
        await store.models.updateMetadata('m1', { owner: 'fraud-team', tags: ['a', 'b'] });
        expect(await store.models.findByName('fraud')).toMatchObject({ owner: 'fraud-team', tags: ['a', 'b'], description: 'd' });
        expect(await store.models.list()).toEqual([expect.objectContaining({ name: 'fraud', versionCount: 2, latestVersion: 2 })]);
        expect(await store.versions.nextVersionNumber('m1')).toBe(3);
        const v1 = await store.versions.find('m1', 1);
        expect(v1).toMatchObject({ modelName: 'fraud', signature, parameters: { depth: 3 }, metrics: { auc: 0.8 }, snapshotId: 's1' });
        expect((await store.versions.latest('m1'))?.version).toBe(2);
        expect((await store.versions.listBySnapshot('s1')).map((v) => v.version)).toEqual([1]);
        expect(await store.snapshots.findBySha256(sha('d'))).toMatchObject({ rowCount: 3, columns: [{ name: 'x' }, { name: 'y' }] });
        expect((await store.snapshots.findBySha256Prefix('ddd')).map((s) => s.id)).toEqual(['s1']);
        expect(await store.artifacts.find(sha('a'))).toMatchObject({ sizeBytes: 10 });
      } finally {
        await store.close();
      }
    });

    it('keeps one record per artifact and refuses a second version with the same number', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        await store.artifacts.insertIfAbsent({ sha256: sha('a'), sizeBytes: 10, mediaType: 'application/json', createdAt: at });
        await expect(
          store.versions.insert({
            id: 'v9',
            modelId: 'm1',
            version: 2,
            artifactSha256: sha('a'),
            format: 'xgboost',
            signature,
            snapshotId: null,
            contractId: null,
            codeRef: null,
            parameters: {},
            metrics: {},
            createdBy: 'ann',
            createdAt: at,
          }),
        ).rejects.toThrow();
      } finally {
        await store.close();
      }
    });

    it('moves an alias in one step and lists aliases with their versions', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        await store.aliases.set({ modelId: 'm1', alias: 'champion', versionId: 'v1', updatedBy: 'ann', updatedAt: at });
        expect((await store.aliases.find('m1', 'champion'))?.version).toBe(1);
        await store.aliases.set({ modelId: 'm1', alias: 'champion', versionId: 'v2', updatedBy: 'bob', updatedAt: at });
        expect(await store.aliases.find('m1', 'champion')).toMatchObject({ version: 2, updatedBy: 'bob' });
        expect(await store.aliases.listForModel('m1')).toHaveLength(1);
        expect(await store.aliases.remove('m1', 'champion')).toBe(true);
        expect(await store.aliases.find('m1', 'champion')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('rolls a failed transaction back whole', async () => {
      const store = await factory.create();
      try {
        await expect(
          store.transaction(async (tx) => {
            await tx.models.insert({
              id: 'm2',
              name: 'churn',
              description: '',
              owner: '',
              intendedUse: '',
              tags: [],
              createdBy: 'ann',
              createdAt: at,
            });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.models.findByName('churn')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('refuses a version whose artifact is not recorded (foreign keys hold)', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        await expect(
          store.versions.insert({
            id: 'v3',
            modelId: 'm1',
            version: 3,
            artifactSha256: sha('f'),
            format: 'onnx',
            signature,
            snapshotId: null,
            contractId: null,
            codeRef: null,
            parameters: {},
            metrics: {},
            createdBy: 'ann',
            createdAt: at,
          }),
        ).rejects.toThrow();
      } finally {
        await store.close();
      }
    });
  });
}
