import { afterAll, describe, expect, it } from 'vitest';
import type { SloObjective } from '../core/slo/slo-objective.ts';
import { KllSketch } from '../core/sketches/kll.ts';
import { storeFactories } from './testing/test-stores.ts';

const availability: SloObjective = { kind: 'availability', name: 'availability', target: 0.999, periodMs: 28 * 86_400_000 };
const latency: SloObjective = { kind: 'latency', name: 'latency', target: 0.99, thresholdMs: 50, periodMs: 28 * 86_400_000 };
const auc: SloObjective = {
  kind: 'behaviour',
  name: 'performance_estimated_roc_auc',
  signal: 'performance.estimated.roc_auc',
  comparison: '>=',
  threshold: 0.8,
  target: 0.95,
  windowMs: 3_600_000,
  periodMs: 86_400_000,
};
const meta = { at: '2026-12-07T00:00:00.000Z', by: 'ana' };

for (const factory of storeFactories()) {
  describe(`slo repository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('stores every kind of objective and reads it back as written', async () => {
      const store = await factory.create();
      try {
        await store.slos.save('credit', [availability, latency, auc], { ...meta, replace: true });
        await store.slos.save('fraud', [availability], { ...meta, replace: true });
        const credit = await store.slos.list('credit');
        expect(credit.map((s) => s.objective)).toEqual([availability, latency, auc]);
        expect(credit[0]).toMatchObject({ deployment: 'credit', updatedAt: meta.at, updatedBy: 'ana' });
        expect((await store.slos.list()).map((s) => `${s.deployment}/${s.objective.name}`)).toEqual([
          'credit/availability',
          'credit/latency',
          'credit/performance_estimated_roc_auc',
          'fraud/availability',
        ]);
      } finally {
        await store.close();
      }
    });

    it('replaces a whole set, or only the objectives named', async () => {
      const store = await factory.create();
      try {
        await store.slos.save('credit', [availability, latency], { ...meta, replace: true });
        await store.slos.save('credit', [{ ...availability, target: 0.99 }], { ...meta, replace: false });
        expect((await store.slos.list('credit')).map((s) => [s.objective.name, s.objective.target])).toEqual([
          ['availability', 0.99],
          ['latency', 0.99],
        ]);
        await store.slos.save('credit', [auc], { ...meta, replace: true });
        expect((await store.slos.list('credit')).map((s) => s.objective.name)).toEqual(['performance_estimated_roc_auc']);
      } finally {
        await store.close();
      }
    });

    it('deletes one objective or all of a deployment', async () => {
      const store = await factory.create();
      try {
        await store.slos.save('credit', [availability, latency], { ...meta, replace: true });
        expect(await store.slos.delete('credit', 'latency')).toBe(1);
        expect(await store.slos.delete('credit', 'latency')).toBe(0);
        expect(await store.slos.delete('credit')).toBe(1);
        expect(await store.slos.list('credit')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('reads the request counts of window parts in a range, without their profiles', async () => {
      const store = await factory.create();
      try {
        const sketch = new KllSketch(400, 1);
        for (const ms of [3, 7, 90]) sketch.add(ms);
        const part = (windowStart: string, source: string, errors: number | null) => ({
          deployment: 'credit',
          versionId: 'v1',
          windowStart,
          windowMs: 60_000,
          source,
          rows: 3,
          profile: { rows: 3, columns: {} } as never,
          reconstruction: null,
          status: 'complete' as const,
          updatedAt: meta.at,
          latency: sketch.toJSON(),
          errors,
        });
        await store.monitoring.insertWindows([
          part('2026-12-07T10:00:00.000Z', 'a', 1),
          part('2026-12-07T10:00:00.000Z', 'b', null),
          part('2026-12-07T10:01:00.000Z', 'a', 0),
          part('2026-12-07T10:02:00.000Z', 'a', 0),
        ]);
        const parts = await store.slos.requestParts('credit', '2026-12-07T10:00:00.000Z', '2026-12-07T10:02:00.000Z');
        expect(parts.map((p) => [p.windowStart, p.windowMs, p.errors, p.latency?.count])).toEqual(
          expect.arrayContaining([
            ['2026-12-07T10:00:00.000Z', 60_000, 1, 3],
            ['2026-12-07T10:00:00.000Z', 60_000, null, 3],
            ['2026-12-07T10:01:00.000Z', 60_000, 0, 3],
          ]),
        );
        expect(parts).toHaveLength(3);
        const keys = await store.slos.requestPartKeys('credit', '2026-12-07T10:00:00.000Z', '2026-12-07T10:02:00.000Z');
        expect(keys.map((k) => `${k.windowStart} ${k.versionId} ${k.source} ${k.updatedAt}`).sort()).toEqual([
          `2026-12-07T10:00:00.000Z v1 a ${meta.at}`,
          `2026-12-07T10:00:00.000Z v1 b ${meta.at}`,
          `2026-12-07T10:01:00.000Z v1 a ${meta.at}`,
        ]);
        expect(await store.slos.countRequestParts('credit', '2026-12-07T10:00:00.000Z', '2026-12-07T10:02:00.000Z')).toBe(3);
        await store.monitoring.insertWindows([{ ...part('2026-12-07T10:01:00.000Z', 'a', 2), updatedAt: '2026-12-07T10:05:00.000Z' }]);
        const rewritten = await store.slos.requestPartKeys(
          'credit',
          '2026-12-07T10:00:00.000Z',
          '2026-12-07T11:00:00.000Z',
          '2026-12-07T10:05:00.000Z',
        );
        expect(rewritten.map((k) => k.windowStart)).toEqual(['2026-12-07T10:01:00.000Z']);
        expect(await store.slos.requestParts('fraud', '2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z')).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
