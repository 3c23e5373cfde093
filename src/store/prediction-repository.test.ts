import { afterAll, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

function prediction(id: string, overrides: Partial<PredictionLogRecord> = {}): PredictionLogRecord {
  return {
    id,
    at: '2026-12-01T10:00:00.000Z',
    deploymentId: 'd1',
    deploymentName: 'credit',
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 1,
    requestId: null,
    features: ['x'],
    inputs: { x: 1 },
    output: { label: 'yes', probabilities: [0.3, 0.7] },
    latencyMs: 0.5,
    ...overrides,
  };
}

for (const factory of storeFactories()) {
  describe(`the prediction log's answering role on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('stores each role, stable for a record without one, and reads a row from before roles as having none', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        const canary = prediction('01PROLE0000000000000000001', { role: 'canary' });
        const variant = prediction('01PROLE0000000000000000002', { role: 'variant' });
        const unstated = prediction('01PROLE0000000000000000003');
        const old = prediction('01PROLE0000000000000000004');
        await store.predictions.insertMany([canary, variant, unstated, old]);
        await store.db.updateTable('predictions').set({ role: null }).where('id', '=', old.id).execute();

        const stored = await store.db.selectFrom('predictions').select(['id', 'role']).orderBy('id').execute();
        expect(stored.map((r) => r.role)).toEqual(['canary', 'variant', 'stable', null]);
        expect(await store.predictions.findById(canary.id)).toEqual(canary);
        expect((await store.predictions.findById(unstated.id))?.role).toBe('stable');
        const listed = await store.predictions.list({ deployment: 'credit', limit: 10 });
        expect(listed.map((p) => p.role)).toEqual([undefined, 'stable', 'variant', 'canary']);
        expect(listed[0]).not.toHaveProperty('role');
      } finally {
        await store.close();
      }
    });

    it("keeps an ensemble's members inside the output JSON and reads them back", async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        const output = {
          label: 'yes',
          probabilities: [0.35, 0.65],
          members: [
            { model: { name: 'credit', version: 1 }, label: 'yes', probabilities: [0.2, 0.8] },
            { model: { name: 'credit', version: 2 }, label: 'no', probabilities: [0.5, 0.5] },
          ],
        };
        const record = prediction('01PROLE0000000000000000009', { output, role: 'stable' });
        await store.predictions.insertMany([record]);
        expect((await store.predictions.findById(record.id))?.output).toEqual(output);
      } finally {
        await store.close();
      }
    });
  });
}
