import { afterAll, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

function prediction(id: string, deploymentName: string, requestId: string | null): PredictionLogRecord {
  return {
    id,
    at: '2026-11-25T10:00:00.000Z',
    deploymentId: 'd1',
    deploymentName,
    versionId: 'v1',
    modelName: 'model-v1',
    modelVersion: 1,
    requestId,
    features: ['x'],
    inputs: { x: 1 },
    output: { value: 2 },
    latencyMs: 1,
  };
}

const entry = (id: string, predictionId: string, label: string | number, receivedAt: string) => ({
  id,
  predictionId,
  deploymentName: 'credit',
  label,
  receivedAt,
  actor: 'watcher',
});

for (const factory of storeFactories()) {
  describe(`feedback repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('keeps every label as history and reads the newest as the current one, keeping a label its JSON type', async () => {
      const store = await factory.create();
      try {
        await store.feedback.insertMany([
          entry('01A', 'p1', 'yes', '2026-11-25T10:00:00.000Z'),
          entry('01C', 'p1', 'no', '2026-11-25T11:00:00.000Z'),
          // Same millisecond as the one before: the later id wins.
          entry('01D', 'p1', 'maybe', '2026-11-25T11:00:00.000Z'),
          entry('01B', 'p2', 1, '2026-11-25T10:30:00.000Z'),
          entry('01E', 'p3', '1', '2026-11-25T10:30:00.000Z'),
        ]);
        const current = await store.feedback.current(['p1', 'p2', 'p3', 'p4']);
        expect([...current.keys()].sort()).toEqual(['p1', 'p2', 'p3']);
        expect(current.get('p1')).toEqual(entry('01D', 'p1', 'maybe', '2026-11-25T11:00:00.000Z'));
        expect(current.get('p2')?.label).toBe(1);
        expect(current.get('p3')?.label).toBe('1');
        expect((await store.feedback.history('p1')).map((e) => e.label)).toEqual(['yes', 'no', 'maybe']);
        expect(await store.feedback.history('p9')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('writes and reads more labels than one statement may bind', async () => {
      const store = await factory.create();
      try {
        const many = Array.from({ length: 1_234 }, (_, i) =>
          entry(`id${String(i).padStart(5, '0')}`, `p${i}`, i, '2026-11-25T10:00:00.000Z'),
        );
        await store.feedback.insertMany(many);
        const current = await store.feedback.current(many.map((e) => e.predictionId));
        expect(current.size).toBe(1_234);
        expect(current.get('p1233')?.label).toBe(1233);
      } finally {
        await store.close();
      }
    });

    it('keeps labels as sent when a batch shares its deployment, time and sender, and when it does not', async () => {
      const store = await factory.create();
      try {
        const odd = ['say "hi" \\ ☃', 0.1 + 0.2, -0, 1e21, '', '[1]'];
        // One batch of shared fields (bound once on SQLite), one whose rows differ in sender.
        await store.feedback.insertMany(odd.map((label, i) => entry(`01A${i}`, `s${i}`, label, '2026-11-25T10:00:00.000Z')));
        await store.feedback.insertMany([
          { ...entry('01B0', 'm0', 'x', '2026-11-25T10:00:00.000Z'), actor: 'a' },
          { ...entry('01B1', 'm1', 'y', '2026-11-25T10:00:00.000Z'), actor: 'b', deploymentName: 'other' },
        ]);
        const current = await store.feedback.current([...odd.map((_, i) => `s${i}`), 'm0', 'm1']);
        odd.forEach((label, i) => expect(current.get(`s${i}`)?.label).toBe(JSON.parse(JSON.stringify(label))));
        expect(current.get('m0')).toMatchObject({ actor: 'a', deploymentName: 'credit', label: 'x' });
        expect(current.get('m1')).toMatchObject({ actor: 'b', deploymentName: 'other', label: 'y' });
      } finally {
        await store.close();
      }
    });

    it('finds the logged predictions of one deployment by prediction id and by request id', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        await store.predictions.insertMany([
          prediction('p1', 'credit', 'r1'),
          prediction('p2', 'credit', 'r1'),
          prediction('p3', 'credit', null),
          prediction('p4', 'other', 'r1'),
          prediction('p5', 'other', null),
        ]);
        const byRequest = await store.feedback.joinTargets('credit', { predictionIds: [], requestIds: ['r1', 'r9'] });
        expect(byRequest).toEqual([
          { predictionId: 'p1', requestId: 'r1', versionId: 'v1' },
          { predictionId: 'p2', requestId: 'r1', versionId: 'v1' },
        ]);
        const byId = await store.feedback.joinTargets('credit', { predictionIds: ['p3', 'p5', 'p3', 'nope'], requestIds: [] });
        expect(byId).toEqual([{ predictionId: 'p3', requestId: null, versionId: 'v1' }]);
      } finally {
        await store.close();
      }
    });
  });
}
