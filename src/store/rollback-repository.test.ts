import { afterAll, describe, expect, it } from 'vitest';
import type { RollbackRecord } from '../core/alerts/rollback-record.ts';
import { storeFactories } from './testing/test-stores.ts';

const attempt = (id: string, at: string, overrides: Partial<RollbackRecord> = {}): RollbackRecord => ({
  id,
  deployment: 'credit-risk',
  at,
  rule: 'inputs-drifted',
  from: { name: 'credit', version: 3 },
  to: { name: 'credit', version: 2 },
  outcome: 'rolled_back',
  reason: 'drift.share was 0.42 (above 0.3)',
  signal: 'drift.share',
  value: 0.42,
  threshold: 0.3,
  ...overrides,
});

for (const factory of storeFactories()) {
  describe(`rollback repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("keeps every attempt as written and lists a deployment's newest first", async () => {
      const store = await factory.create();
      try {
        const records = [
          attempt('01A', '2026-11-25T10:00:00.000Z'),
          attempt('01B', '2026-11-25T11:00:00.000Z', { outcome: 'refused', to: null, value: null, reason: 'no earlier version' }),
          attempt('01C', '2026-11-25T11:00:00.000Z', { outcome: 'dry_run', value: -1.5e-9, threshold: -2 }),
          attempt('01D', '2026-11-25T12:00:00.000Z', { deployment: 'fraud' }),
        ];
        for (const record of records) await store.rollbacks.insert(record);
        expect(await store.rollbacks.listForDeployment('credit-risk')).toEqual([records[2], records[1], records[0]]);
        expect(await store.rollbacks.listForDeployment('credit-risk', 1)).toEqual([records[2]]);
        expect(await store.rollbacks.listForDeployment('nothing')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('reads the rollbacks that happened since a time, on every deployment, for the cooldown guards', async () => {
      const store = await factory.create();
      try {
        const old = attempt('01A', '2026-11-25T10:00:00.000Z');
        const failed = attempt('01B', '2026-11-25T11:30:00.000Z', { outcome: 'failed' });
        const recent = attempt('01C', '2026-11-25T11:30:00.000Z');
        const other = attempt('01D', '2026-11-25T11:45:00.000Z', { deployment: 'fraud' });
        for (const record of [old, failed, recent, other]) await store.rollbacks.insert(record);
        expect(await store.rollbacks.rolledBackSince('2026-11-25T11:30:00.000Z')).toEqual([other, recent]);
      } finally {
        await store.close();
      }
    });
  });
}
