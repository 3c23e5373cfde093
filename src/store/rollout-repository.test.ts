import { afterAll, describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../core/rollouts/rollout-record.ts';
import { storeFactories } from './testing/test-stores.ts';

const started = (id: string, startedAt: string, overrides: Partial<RolloutRecord> = {}): RolloutRecord => ({
  id,
  deployment: 'credit-risk',
  strategy: 'canary',
  candidateVersionId: 'v2',
  candidate: { name: 'credit', version: 2 },
  stableVersionId: 'v1',
  stable: { name: 'credit', version: 1 },
  options: { steps: [10, 25, 50, 100], step_duration_ms: 600_000 },
  startedAt,
  startedBy: 'ops',
  endedAt: null,
  endedBy: null,
  outcome: null,
  reason: null,
  ...overrides,
});

for (const factory of storeFactories()) {
  describe(`rollout repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("keeps every rollout as started and lists a deployment's newest first", async () => {
      const store = await factory.create();
      try {
        const records = [
          started('01A', '2026-11-25T10:00:00.000Z'),
          started('01B', '2026-11-25T11:00:00.000Z', {
            strategy: 'ab',
            options: { split: 30, sticky_key: { kind: 'header', name: 'x-user' } },
          }),
          started('01C', '2026-11-25T11:00:00.000Z', { strategy: 'blue-green' }),
          started('01D', '2026-11-25T12:00:00.000Z', { deployment: 'fraud' }),
        ];
        for (const record of records) await store.rollouts.insert(record);
        expect(await store.rollouts.listForDeployment('credit-risk')).toEqual([records[2], records[1], records[0]]);
        expect(await store.rollouts.listForDeployment('credit-risk', 1)).toEqual([records[2]]);
        expect(await store.rollouts.listForDeployment('nothing')).toEqual([]);
        expect(await store.rollouts.findById('01D')).toEqual(records[3]);
        expect(await store.rollouts.findById('nope')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('records an ending once: a second ending of the same rollout changes nothing', async () => {
      const store = await factory.create();
      try {
        await store.rollouts.insert(started('01A', '2026-11-25T10:00:00.000Z'));
        const aborted = { endedAt: '2026-11-25T10:30:00.000Z', endedBy: 'gate', outcome: 'aborted', reason: 'errors.rate 0.2' } as const;
        expect(await store.rollouts.end('01A', aborted)).toBe(true);
        expect(await store.rollouts.end('01A', { ...aborted, outcome: 'promoted', reason: null })).toBe(false);
        expect(await store.rollouts.end('missing', aborted)).toBe(false);
        expect(await store.rollouts.findById('01A')).toMatchObject({
          endedAt: '2026-11-25T10:30:00.000Z',
          endedBy: 'gate',
          outcome: 'aborted',
          reason: 'errors.rate 0.2',
        });
      } finally {
        await store.close();
      }
    });
  });
}
