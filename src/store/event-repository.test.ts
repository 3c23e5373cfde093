import { encodeTime } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { EventEntry, KpiEvent } from './event-repository.ts';
import { storeFactories } from './testing/test-stores.ts';

function prediction(
  id: string,
  at: string,
  versionId: string,
  requestId: string | null = null,
  deploymentName = 'credit',
): PredictionLogRecord {
  return {
    id,
    at,
    deploymentId: 'd1',
    deploymentName,
    versionId,
    modelName: 'credit',
    modelVersion: versionId === 'v1' ? 1 : 2,
    requestId,
    features: ['x'],
    inputs: { x: 1 },
    output: { value: 2 },
    latencyMs: 1,
  };
}

const event = (id: string, predictionId: string, predictionAt: string, name: string, value: number, versionId = 'v1'): EventEntry => ({
  id,
  predictionId,
  deploymentName: 'credit',
  versionId,
  predictionAt,
  name,
  value,
  at: '2026-11-25T12:00:00.000Z',
  receivedAt: '2026-11-25T12:00:01.000Z',
  actor: 'shop',
});

// Prediction ids are ULIDs of their time (the id range narrows the count to the log's index).
const ulidAt = (iso: string, suffix: string) => encodeTime(Date.parse(iso), 10) + suffix.padStart(16, '0');

for (const factory of storeFactories()) {
  describe(`event repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('joins by prediction id and by request id, only on its own deployment, with the time and version of each prediction', async () => {
      const store = await factory.create();
      try {
        await store.predictions.insertMany([
          prediction('P1', '2026-11-25T10:00:00.000Z', 'v1', 'r1'),
          prediction('P2', '2026-11-25T10:00:01.000Z', 'v2', 'r1'),
          prediction('P3', '2026-11-25T10:00:02.000Z', 'v1', 'r2', 'other'),
        ]);
        const targets = await store.events.joinTargets('credit', { predictionIds: ['P1', 'P3', 'P9'], requestIds: ['r1', 'r2'] });
        expect(targets).toEqual([
          { predictionId: 'P1', requestId: 'r1', versionId: 'v1', at: '2026-11-25T10:00:00.000Z' },
          { predictionId: 'P1', requestId: 'r1', versionId: 'v1', at: '2026-11-25T10:00:00.000Z' },
          { predictionId: 'P2', requestId: 'r1', versionId: 'v2', at: '2026-11-25T10:00:01.000Z' },
        ]);
      } finally {
        await store.close();
      }
    });

    it("pages through a range's events of the asked names in prediction order, a prediction's events together, values as numbers", async () => {
      const store = await factory.create();
      try {
        const written = [
          event('E05', 'P2', '2026-11-25T10:00:01.000Z', 'conversion', 1),
          event('E01', 'P1', '2026-11-25T10:00:00.000Z', 'conversion', 1),
          event('E04', 'P2', '2026-11-25T10:00:01.000Z', 'conversion', 2.5),
          event('E02', 'P1', '2026-11-25T10:00:00.000Z', 'refund', -3.25),
          event('E03', 'P0', '2026-11-25T09:59:59.999Z', 'conversion', 1),
          event('E06', 'P4', '2026-11-25T10:01:00.000Z', 'conversion', 1),
          event('E07', 'P3', '2026-11-25T10:00:01.000Z', 'signup', 1),
        ];
        await store.events.insertMany(written);
        const all: KpiEvent[] = [];
        let after: KpiEvent | undefined;
        for (;;) {
          const page = await store.events.page(
            'credit',
            ['conversion', 'refund'],
            '2026-11-25T10:00:00.000Z',
            '2026-11-25T10:01:00.000Z',
            2,
            after,
          );
          if (page.length === 0) break;
          all.push(...page);
          after = page.at(-1);
        }
        expect(all.map((e) => [e.id, e.predictionId, e.name, e.value])).toEqual([
          ['E01', 'P1', 'conversion', 1],
          ['E02', 'P1', 'refund', -3.25],
          ['E04', 'P2', 'conversion', 2.5],
          ['E05', 'P2', 'conversion', 1],
        ]);
        expect(await store.events.page('credit', [], '2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z', 10)).toEqual([]);
        expect(await store.events.ofPrediction('P1')).toEqual([written[1], written[3]]);
      } finally {
        await store.close();
      }
    });

    it('counts logged predictions per window and version, whole seconds or not, inside [from, to) only', async () => {
      const store = await factory.create();
      try {
        const at = (s: string) => `2026-11-25T10:${s}Z`;
        const rows = [
          ['00:00.000', 'v1'],
          ['00:59.999', 'v1'],
          ['00:30.500', 'v2'],
          ['01:00.000', 'v1'],
          ['01:00.250', 'v1'],
          ['02:00.000', 'v2'],
        ].map(([time, version], i) => prediction(ulidAt(at(time!), String(i)), at(time!), version!));
        rows.push(prediction(ulidAt(at('00:10.000'), '9'), at('00:10.000'), 'v1', null, 'other'));
        await store.predictions.insertMany(rows);
        const start = Date.parse(at('00:00.000'));
        expect(await store.events.loggedCounts('credit', at('00:00.000'), at('02:00.000'), 60_000)).toEqual([
          { windowStart: start, versionId: 'v1', count: 2 },
          { windowStart: start, versionId: 'v2', count: 1 },
          { windowStart: start + 60_000, versionId: 'v1', count: 2 },
        ]);
        // Windows of half a second count by the millisecond.
        expect(await store.events.loggedCounts('credit', at('01:00.000'), at('01:01.000'), 500)).toEqual([
          { windowStart: start + 60_000, versionId: 'v1', count: 2 },
        ]);
        expect(await store.events.loggedCounts('credit', at('00:30.000'), at('01:00.250'), 250)).toEqual([
          { windowStart: start + 30_500, versionId: 'v2', count: 1 },
          { windowStart: start + 59_750, versionId: 'v1', count: 1 },
          { windowStart: start + 60_000, versionId: 'v1', count: 1 },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
