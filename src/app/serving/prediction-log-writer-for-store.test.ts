import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { SqliteLogThread } from '../../store/sqlite-log-thread.ts';
import { openStore, type Store } from '../../store/store.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { PredictionLogWriter } from './prediction-log-writer.ts';
import { openPredictionLog } from './prediction-log-writer-for-store.ts';

function record(id: string): PredictionLogRecord {
  return {
    id,
    at: '2026-01-02T03:04:05.678Z',
    deploymentId: 'dep',
    deploymentName: 'credit',
    versionId: 'ver',
    modelName: 'credit',
    modelVersion: 2,
    requestId: `req-${id}`,
    features: ['age', 'purpose'],
    inputs: { age: 41, purpose: null },
    output: { value: 3.5 },
    latencyMs: 1.25,
    // Every path writes the answering role (stable, when a record has none) and reads it back.
    role: id.endsWith('1') ? 'canary' : 'stable',
  };
}

for (const factory of storeFactories()) {
  describe(`openPredictionLog (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('the event-loop writer reports failing commits as a problem until a rolled-back probe can write the table again', async () => {
      const store = await factory.create();
      try {
        let broken = true;
        const flaky: Pick<Store, 'transaction'> = {
          transaction: (work) => (broken ? Promise.reject(new Error('the table is read-only')) : store.transaction(work)),
        };
        const log = new PredictionLogWriter(flaky);
        expect(await log.problem()).toBeUndefined();
        await expect(log.append([record('01JPROBEFAIL00000000000001')])).rejects.toThrow('read-only');
        expect(await log.problem()).toBe('the table is read-only');
        broken = false;
        expect(await log.problem()).toBeUndefined();
        expect(await store.predictions.count()).toBe(0); // the probe's row was rolled back
        await log.close();
      } finally {
        await store.close();
      }
    });

    it('logs through the writer the store suits, and every record is readable once the log has caught up', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'ver', ['age', 'purpose']);
        const log = await openPredictionLog(store);
        expect(log).toBeInstanceOf(factory.dialect === 'sqlite' ? SqliteLogThread : PredictionLogWriter);
        if (factory.dialect === 'sqlite') {
          // The log thread checkpoints the WAL; the event loop's connection never does.
          const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
          expect(rows[0]!.wal_autocheckpoint).toBe(0);
        }
        const ids = Array.from({ length: 5 }, (_, i) => `01JFORSTORE${factory.dialect.padEnd(8, '0')}0000${i}`.slice(0, 26));
        await Promise.all(ids.map((id) => log.append([record(id)])));
        // The event-loop writer answers after its commit; the SQLite thread moves its journal into the table just after.
        await log.caughtUp?.();
        for (const id of ids) expect(await store.predictions.findById(id)).toEqual(record(id));
        await log.close();
        await expect(log.append([record('01JFORSTORECLOSED000000000')])).rejects.toThrow(/closed/);
      } finally {
        await store.close();
      }
    });

    it('keeps the event-loop writer when asked to', async () => {
      const store = await factory.create();
      try {
        const log = await openPredictionLog(store, { mode: 'event-loop' });
        expect(log).toBeInstanceOf(PredictionLogWriter);
        await log.close();
      } finally {
        await store.close();
      }
    });
  });
}

describe('openPredictionLog refuses a log thread it cannot give', () => {
  it('to a store no second connection can see (in-memory SQLite; PostgreSQL has no file either)', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      expect(store.databaseFile).toBeUndefined();
      await expect(openPredictionLog(store, { mode: 'thread' })).rejects.toMatchObject({ code: 'invalid_argument' });
      const log = await openPredictionLog(store);
      expect(log).toBeInstanceOf(PredictionLogWriter);
      await log.close();
    } finally {
      await store.close();
    }
  });
});
