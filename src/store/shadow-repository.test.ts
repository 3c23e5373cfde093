import { afterAll, describe, expect, it } from 'vitest';
import type { ShadowPredictionRecord } from '../core/shadow/shadow-record.ts';
import { storeFactories } from './testing/test-stores.ts';

const row = (id: string, at: string, overrides: Partial<ShadowPredictionRecord> = {}): ShadowPredictionRecord => ({
  id,
  primaryPredictionId: `p${id}`,
  deploymentName: 'credit-risk',
  versionId: 'v2',
  at,
  outcome: 'scored',
  rows: 1,
  output: { label: 1, probabilities: [0.25, 0.75] },
  error: null,
  latencyMs: 1.5,
  ...overrides,
});

for (const factory of storeFactories()) {
  describe(`shadow repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('keeps every outcome as written and lists a deployment in id order within a time range', async () => {
      const store = await factory.create();
      try {
        const rows = [
          row('01A', '2026-12-01T10:00:00.000Z'),
          row('01B', '2026-12-01T10:00:01.000Z', { outcome: 'failed', output: null, error: 'model threw: boom', latencyMs: 0.25 }),
          row('01C', '2026-12-01T10:00:02.000Z', {
            outcome: 'timed_out',
            output: null,
            error: 'no answer within 2000 ms',
            latencyMs: null,
          }),
          row('01D', '2026-12-01T10:00:03.000Z', {
            outcome: 'dropped',
            primaryPredictionId: null,
            rows: 37,
            output: null,
            latencyMs: null,
          }),
          row('01E', '2026-12-01T10:00:04.000Z', { output: { value: -2.5 } }),
          row('01F', '2026-12-01T10:00:05.000Z', { deploymentName: 'fraud' }),
        ];
        await store.shadows.insertMany(rows);
        expect(await store.shadows.list('credit-risk', { limit: 100 })).toEqual(rows.slice(0, 5));
        expect(
          await store.shadows.list('credit-risk', { from: '2026-12-01T10:00:01.000Z', to: '2026-12-01T10:00:03.000Z', limit: 100 }),
        ).toEqual(rows.slice(1, 3));
        expect(await store.shadows.list('credit-risk', { after: '01C', limit: 1 })).toEqual([rows[3]]);
        expect(await store.shadows.list('nothing', { limit: 100 })).toEqual([]);
        expect(await store.shadows.forPrimary('p01E')).toEqual([rows[4]]);
      } finally {
        await store.close();
      }
    });

    it('writes a batch larger than one statement holds', async () => {
      const store = await factory.create();
      try {
        const many = Array.from({ length: 1203 }, (_, i) => row(`02${String(i).padStart(5, '0')}`, '2026-12-01T11:00:00.000Z'));
        await store.shadows.insertMany(many);
        const read = await store.shadows.list('credit-risk', { limit: 5000 });
        expect(read.length).toBe(1203);
        expect(read.at(-1)).toEqual(many.at(-1));
      } finally {
        await store.close();
      }
    });
  });
}
