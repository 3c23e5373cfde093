import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { rolloutAnalyses } from './gate-analyses.ts';

for (const factory of storeFactories()) {
  describe(`rolloutAnalyses (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it("answers a rollout's analyses newest first in the wire's snake_case", async () => {
      const store = await factory.create();
      try {
        const check = {
          name: 'output.drift',
          signal: 'output.drift',
          candidate: 0.42,
          stable: null,
          threshold: 0.1,
          verdict: 'fail' as const,
          reason: 'scores drifted',
        };
        const common = { rolloutId: 'R1', deployment: 'credit', weight: 10, window: { start: 'a', end: 'b' } };
        await store.rolloutAnalyses.insert({ ...common, id: '01A', stepIndex: 0, at: 't1', verdict: 'inconclusive', checks: [] });
        await store.rolloutAnalyses.insert({ ...common, id: '01B', stepIndex: 0, at: 't2', verdict: 'fail', checks: [check] });
        expect(await rolloutAnalyses({ store }, 'R1')).toEqual([
          {
            id: '01B',
            rollout_id: 'R1',
            step_index: 0,
            weight: 10,
            at: 't2',
            window: { start: 'a', end: 'b' },
            verdict: 'fail',
            checks: [check],
          },
          {
            id: '01A',
            rollout_id: 'R1',
            step_index: 0,
            weight: 10,
            at: 't1',
            window: { start: 'a', end: 'b' },
            verdict: 'inconclusive',
            checks: [],
          },
        ]);
        expect(await rolloutAnalyses({ store }, 'R2')).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
