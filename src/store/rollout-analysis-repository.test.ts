import { afterAll, describe, expect, it } from 'vitest';
import type { RolloutAnalysis } from '../core/rollouts/gate-verdict.ts';
import { storeFactories } from './testing/test-stores.ts';

const analysis = (id: string, overrides: Partial<RolloutAnalysis> = {}): RolloutAnalysis => ({
  id,
  rolloutId: 'R1',
  deployment: 'credit',
  stepIndex: 0,
  weight: 10,
  at: '2026-12-07T10:10:00.000Z',
  window: { start: '2026-12-07T10:01:00.000Z', end: '2026-12-07T10:10:00.000Z' },
  verdict: 'fail',
  checks: [
    {
      name: 'errors.rate',
      signal: 'errors.rate',
      candidate: 0.125,
      stable: 0,
      threshold: 0.01,
      verdict: 'fail',
      reason: 'candidate 0.125 is above 0.01',
    },
    { name: 'output.drift', signal: 'output.drift', candidate: null, stable: null, threshold: 0.1, verdict: 'inconclusive', reason: 'few' },
  ],
  ...overrides,
});

for (const factory of storeFactories()) {
  describe(`rollout analysis repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("keeps each analysis as written and lists a rollout's newest first", async () => {
      const store = await factory.create();
      try {
        const first = analysis('01A', { verdict: 'inconclusive', weight: 12.5 });
        const second = analysis('01B', { stepIndex: 1, weight: 25 });
        const other = analysis('01C', { rolloutId: 'R2' });
        for (const a of [first, second, other]) await store.rolloutAnalyses.insert(a);
        expect(await store.rolloutAnalyses.listForRollout('R1')).toEqual([second, first]);
        expect(await store.rolloutAnalyses.listForRollout('R1', 1)).toEqual([second]);
        expect(await store.rolloutAnalyses.listForRollout('none')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('reads the newest analysis of one step of one rollout', async () => {
      const store = await factory.create();
      try {
        for (const a of [analysis('01A'), analysis('01B'), analysis('01C', { stepIndex: 1 }), analysis('01D', { rolloutId: 'R2' })])
          await store.rolloutAnalyses.insert(a);
        expect((await store.rolloutAnalyses.latestForStep('R1', 0))?.id).toBe('01B');
        expect((await store.rolloutAnalyses.latestForStep('R1', 1))?.id).toBe('01C');
        expect(await store.rolloutAnalyses.latestForStep('R1', 2)).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
}
