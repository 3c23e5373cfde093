import { afterAll, describe, expect, it } from 'vitest';
import type { ModelSignature } from '../core/signature.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { Store } from './store.ts';
import { storeFactories } from './testing/test-stores.ts';

const at = '2026-11-25T10:00:00.000Z';
const signature: ModelSignature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'regression' } };
const config = { maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 1 };

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
  for (const version of [1, 2]) {
    await store.versions.insert({
      id: `v${version}`,
      modelId: 'm1',
      version,
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
}

function prediction(id: string, deploymentName: string): PredictionLogRecord {
  return {
    id,
    at,
    deploymentId: 'd1',
    deploymentName,
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 1,
    requestId: `r-${id}`,
    features: ['x'],
    inputs: { x: 1.5 },
    output: { value: 2.25 },
    latencyMs: 0.4,
    role: 'stable',
  };
}

for (const factory of storeFactories()) {
  describe(`serving store on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('creates deployments, moves them only from the revision read, and keeps every revision', async () => {
      const store = await factory.create();
      try {
        await seed(store);
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
        expect(await store.deployments.findByName('credit')).toMatchObject({ modelName: 'credit', modelVersion: 1, revision: 1, config });
        expect(await store.deployments.update('d1', 1, { versionId: 'v2', config, actor: 'bob', at })).toBe(true);
        expect(await store.deployments.update('d1', 1, { versionId: 'v1', config, actor: 'eve', at })).toBe(false);
        expect(await store.deployments.findByName('credit')).toMatchObject({ modelVersion: 2, revision: 2, updatedBy: 'bob' });
        expect((await store.deployments.revisions('d1')).map((r) => [r.revision, r.modelVersion, r.actor])).toEqual([
          [2, 2, 'bob'],
          [1, 1, 'ann'],
        ]);
        expect((await store.deployments.list()).map((d) => d.name)).toEqual(['credit']);
      } finally {
        await store.close();
      }
    });

    it('stores token hashes, revokes once and counts active admins', async () => {
      const store = await factory.create();
      try {
        await store.tokens.insert({
          id: 't1',
          name: 'admin',
          role: 'admin',
          secretHash: 'f'.repeat(64),
          createdBy: 'system',
          createdAt: at,
          revokedAt: null,
        });
        await store.tokens.insert({
          id: 't2',
          name: 'ci',
          role: 'operator',
          secretHash: 'e'.repeat(64),
          createdBy: 'admin',
          createdAt: at,
          revokedAt: null,
        });
        expect(await store.tokens.countActiveAdmins()).toBe(1);
        expect(await store.tokens.revoke('t2', at)).toBe(true);
        expect(await store.tokens.revoke('t2', at)).toBe(false);
        expect((await store.tokens.findById('t2'))?.revokedAt).toBe(at);
        expect((await store.tokens.list()).map((t) => t.role)).toEqual(['admin', 'operator']);
      } finally {
        await store.close();
      }
    });

    it('logs predictions in bulk and pages them newest first', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const records = Array.from({ length: 1203 }, (_, i) => prediction(`01P${String(i).padStart(23, '0')}`, i % 3 === 0 ? 'a' : 'b'));
        await store.predictions.insertMany(records);
        expect(await store.predictions.count()).toBe(1203);
        expect(await store.predictions.count('a')).toBe(401);
        expect(await store.predictions.findById(records[5]!.id)).toEqual(records[5]);
        const page = await store.predictions.list({ deployment: 'a', limit: 2 });
        expect(page.map((r) => r.id)).toEqual([records[1200]!.id, records[1197]!.id]);
        const next = await store.predictions.list({ deployment: 'a', limit: 1, before: page[1]!.id });
        expect(next[0]!.id).toBe(records[1194]!.id);
        // By request id; a record without one is never matched (the index keeps only those with one).
        const shared = { ...prediction('01Q00000000000000000000001', 'a'), requestId: 'batch-7' };
        await store.predictions.insertMany([
          shared,
          { ...prediction('01Q00000000000000000000002', 'b'), requestId: 'batch-7' },
          { ...prediction('01Q00000000000000000000003', 'a'), requestId: null },
        ]);
        expect((await store.predictions.list({ requestId: 'batch-7', limit: 10 })).map((r) => r.id)).toEqual([
          '01Q00000000000000000000002',
          '01Q00000000000000000000001',
        ]);
        expect((await store.predictions.list({ requestId: 'batch-7', deployment: 'a', limit: 10 })).map((r) => r.id)).toEqual([shared.id]);
        expect(await store.predictions.list({ requestId: 'none-such', limit: 10 })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it("stores a prediction's inputs as values in signature order and reads them back by name", async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const sent = { ...prediction('01PINPUTS00000000000000001', 'a'), inputs: { extra: 'not a feature', x: 2 } };
        await store.predictions.insertMany([sent]);
        const { inputs } = await store.db.selectFrom('predictions').select('inputs').where('id', '=', sent.id).executeTakeFirstOrThrow();
        expect(inputs).toBe('[2]');
        expect(await store.predictions.findById(sent.id)).toEqual({ ...sent, inputs: { x: 2 } });
        // A row written as an object (before the array form) reads as it was written.
        await store.db.updateTable('predictions').set({ inputs: '{"x":3,"old":true}' }).where('id', '=', sent.id).execute();
        expect((await store.predictions.findById(sent.id))?.inputs).toEqual({ x: 3, old: true });
        // A version the registry does not have: the values stay readable, named by position.
        const orphan = {
          ...prediction('01PINPUTS00000000000000002', 'a'),
          versionId: 'gone',
          features: ['p', 'q'],
          inputs: { p: 1, q: 'two' },
        };
        await store.predictions.insertMany([orphan]);
        expect(await store.predictions.findById(orphan.id)).toMatchObject({ features: ['0', '1'], inputs: { 0: 1, 1: 'two' } });
      } finally {
        await store.close();
      }
    });

    it('stores contracts by content hash, flagged violations with predictions, and violation counts per window', async () => {
      const store = await factory.create();
      try {
        const contract = { format: 'ballast.contract/v1' as const, columns: { x: { type: 'number' as const, min: 0 } } };
        await store.contracts.insert(
          { id: 'c1', sha256: 'c'.repeat(64), name: 'credit', contract, createdBy: 'ann', createdAt: at },
          JSON.stringify(contract),
        );
        expect((await store.contracts.findBySha256('c'.repeat(64)))?.contract).toEqual(contract);
        expect((await store.contracts.findById('c1'))?.name).toBe('credit');
        await seed(store);
        const flagged = {
          ...prediction('01PFLAG0000000000000000000', 'a'),
          violations: [{ column: 'x', code: 'out_of_range', message: 'below 0' }],
        };
        await store.predictions.insertMany([flagged]);
        expect(await store.predictions.findById(flagged.id)).toEqual(flagged);
        const counts = [
          { deployment: 'a', windowStart: '2026-11-25T10:00:00.000Z', column: 'x', code: 'out_of_range', policy: 'flag', count: 2 },
        ];
        await store.contracts.addViolationCounts(counts);
        await store.contracts.addViolationCounts(counts);
        expect(await store.contracts.violationCounts('a', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z')).toEqual(
          [{ ...counts[0], deployment: undefined, count: 4 }].map(({ deployment: _d, ...r }) => r),
        );
      } finally {
        await store.close();
      }
    });
  });
}
