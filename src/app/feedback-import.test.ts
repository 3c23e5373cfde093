import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../core/issues.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { PredictionJournal } from '../store/prediction-journal.ts';
import { encodeLogRecords } from '../store/sqlite-log-wire.ts';
import { sqliteFactory, storeFactories } from '../store/testing/test-stores.ts';
import { withDuckDb, sqlString } from './features/duckdb.ts';
import { importFeedback } from './feedback-import.ts';
import { deployWithPredictions, loggedPrediction } from './testing/deployed-predictions.ts';
import { testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`importFeedback on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('imports a CSV in chunks: "1" is the numeric class 1, unknown and invalid rows are counted with their file row', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null, p2: null, p3: null });
        const file = path.join(ctx.dir, 'labels.csv');
        writeFileSync(file, 'prediction_id,y,note\np1,1,a\np2,0.0,b\nnope,1,c\np3,2,d\n,1,e\np3,yes,f\n');
        const summary = await importFeedback(ctx, { file, deployment: 'credit', labelColumn: 'y', chunkRows: 2 });
        expect(summary).toMatchObject({ rows: 6, accepted: 2, replaced: 0, unknown: 1, invalid: 3 });
        expect(summary.unknownRows).toEqual([
          { row: 3, message: expect.stringContaining('no logged prediction of deployment "credit" has id "nope"') },
        ]);
        expect(summary.issues.map(formatIssue)).toEqual([
          'row[4].y: "2" is not a class of this model, whose classes are [0, 1]',
          'row[5].prediction_id: prediction_id (or request_id) is required to join the label to a prediction',
          'row[6].y: "yes" is not a class of this model, whose classes are [0, 1]',
        ]);
        expect((await ctx.store.feedback.current(['p1', 'p2'])).get('p1')?.label).toBe(1);
        expect((await ctx.store.feedback.current(['p2'])).get('p2')?.label).toBe(0);
      } finally {
        await ctx.close();
      }
    });

    it('imports Parquet with its types: integer labels are the classes, a missing label is counted invalid', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null, p2: null, p3: null });
        const file = path.join(ctx.dir, 'labels.parquet');
        await withDuckDb((db) =>
          db.run(
            `COPY (SELECT * FROM (VALUES ('p1', 1), ('p2', 0), ('nope', 1), ('p3', NULL)) t(prediction_id, label)) TO ${sqlString(file)} (FORMAT parquet)`,
          ),
        );
        const summary = await importFeedback(ctx, { file, deployment: 'credit', chunkRows: 2 });
        expect(summary).toMatchObject({ rows: 4, accepted: 2, unknown: 1, invalid: 1 });
        const current = await ctx.store.feedback.current(['p1', 'p2']);
        expect([current.get('p1')?.label, current.get('p2')?.label]).toEqual([1, 0]);
      } finally {
        await ctx.close();
      }
    });

    it('lets a later row for the same prediction win, in the same chunk or a later one, keeping the history', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null, p2: null });
        const file = path.join(ctx.dir, 'labels.csv');
        writeFileSync(file, 'prediction_id,label\np1,0\np1,1\np2,0\np2,1\np2,0\n');
        const summary = await importFeedback(ctx, { file, deployment: 'credit', chunkRows: 3 });
        expect(summary).toMatchObject({ rows: 5, accepted: 2, replaced: 3, unknown: 0, invalid: 0 });
        const current = await ctx.store.feedback.current(['p1', 'p2']);
        expect([current.get('p1')?.label, current.get('p2')?.label]).toEqual([1, 0]);
        expect((await ctx.store.feedback.history('p2')).map((e) => e.label)).toEqual([0, 1, 0]);
      } finally {
        await ctx.close();
      }
    });

    it("reads JSON Lines with their JSON types, a regressor's CSV cells as numbers, and joins by request id", async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'tiers', { kind: 'multiclass', classes: ['low', 'high'] }, { t1: 'r1', t2: 'r1' });
        await deployWithPredictions(ctx.store, 'prices', { kind: 'regression' }, { q1: null, q2: null });
        const jsonl = path.join(ctx.dir, 'labels.jsonl');
        writeFileSync(jsonl, '{"request": "r1", "tier": "high"}\n{"request": "r1", "tier": 1}\n');
        const tiers = await importFeedback(ctx, { file: jsonl, deployment: 'tiers', requestIdColumn: 'request', labelColumn: 'tier' });
        expect(tiers).toMatchObject({ rows: 2, accepted: 1, replaced: 0, invalid: 1 });
        expect((await ctx.store.feedback.current(['t1', 't2'])).size).toBe(2);

        const csv = path.join(ctx.dir, 'prices.csv');
        writeFileSync(csv, 'prediction_id,label\nq1,12.5\nq2,cheap\n');
        const prices = await importFeedback(ctx, { file: csv, deployment: 'prices' });
        expect(prices).toMatchObject({ accepted: 1, invalid: 1 });
        expect(prices.issues.map(formatIssue)).toEqual(['row[2].label: this model is a regressor: its label is a number, not a string']);
        expect((await ctx.store.feedback.current(['q1'])).get('q1')?.label).toBe(12.5);
      } finally {
        await ctx.close();
      }
    });

    it('says how many rows were imported when the file breaks off after some chunks', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null, p2: null });
        // The reader takes the file a megabyte at a time: the broken line must come after the first.
        const file = path.join(ctx.dir, 'labels.jsonl');
        const unknown = Array.from({ length: 40_000 }, (_, i) => `{"prediction_id": "gone-${i}", "label": 1}\n`).join('');
        writeFileSync(file, `{"prediction_id": "p1", "label": 1}\n{"prediction_id": "p2", "label": 0}\n${unknown}{"prediction_id": \n`);
        await expect(importFeedback(ctx, { file, deployment: 'credit' })).rejects.toMatchObject({
          code: 'invalid_data',
          message: expect.stringMatching(
            /line 40003 is not valid JSON .*\(the \d+ rows before it were imported: 2 accepted, 0 replaced, \d+ unknown, 0 invalid; importing the fixed file again is safe/,
          ),
        });
        expect((await ctx.store.feedback.current(['p1', 'p2'])).size).toBe(2);
      } finally {
        await ctx.close();
      }
    });

    it('refuses a missing column, an unreadable file and an unknown deployment before writing anything', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null });
        const file = path.join(ctx.dir, 'labels.csv');
        writeFileSync(file, 'prediction_id,label\np1,1\n');
        await expect(importFeedback(ctx, { file, deployment: 'credit', labelColumn: 'y' })).rejects.toMatchObject({
          code: 'invalid_argument',
          message: expect.stringContaining('no column "y", the label column (--label-column); the columns are "prediction_id", "label"'),
        });
        await expect(importFeedback(ctx, { file: path.join(ctx.dir, 'missing.csv'), deployment: 'credit' })).rejects.toMatchObject({
          code: 'file_not_found',
        });
        await expect(importFeedback(ctx, { file, deployment: 'nope' })).rejects.toMatchObject({ code: 'deployment_not_found' });
        await expect(importFeedback(ctx, { file, deployment: 'credit', idColumn: 'a', requestIdColumn: 'b' })).rejects.toMatchObject({
          code: 'invalid_argument',
          message: 'give --id-column or --request-id-column, not both',
        });
        expect((await ctx.store.feedback.current(['p1'])).size).toBe(0);
      } finally {
        await ctx.close();
      }
    });
  });
}

describe('importFeedback beside a running server (SQLite: acknowledged predictions pass through the journal)', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  /** Two predictions of `credit` a server has acknowledged in its journal, not yet in the table, and one of another deployment. */
  async function journalled(ctx: Awaited<ReturnType<typeof testContext>>) {
    await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null });
    const records = ['j1', 'j2'].map((id) => ({ ...loggedPrediction('credit'), id }));
    const other = { ...loggedPrediction('other'), id: 'o1' };
    const journal = PredictionJournal.open(ctx.store.databaseFile!);
    journal.write(encodeLogRecords([other]));
    const entry = journal.write(encodeLogRecords(records));
    const file = path.join(ctx.dir, 'labels.csv');
    writeFileSync(file, 'prediction_id,label\np1,1\nj1,0\nj2,1\n');
    return { journal, entry, records, file };
  }

  it("waits for the journal's groups to reach the table, so labels sent right after their predictions find them", async () => {
    const ctx = await testContext(factory);
    const { journal, entry, records, file } = await journalled(ctx);
    try {
      // The server's log thread moves the group into the table a little later.
      const moved = sleep(150).then(() => ctx.store.predictions.insertMany(records));
      const summary = await importFeedback(ctx, { file, deployment: 'credit', journalWaitMs: 10_000 });
      await moved;
      expect(summary).toMatchObject({ rows: 3, accepted: 3, unknown: 0, inServerJournal: 0 });
      expect((await ctx.store.feedback.current(['j1', 'j2'])).size).toBe(2);
    } finally {
      journal.drained(entry);
      journal.close();
      await ctx.close();
    }
  });

  it("says how many of the deployment's predictions were still in the journal when it stopped waiting", async () => {
    const ctx = await testContext(factory);
    const { journal, file } = await journalled(ctx);
    try {
      const summary = await importFeedback(ctx, { file, deployment: 'credit', journalWaitMs: 100 });
      expect(summary).toMatchObject({ rows: 3, accepted: 1, unknown: 2, inServerJournal: 2 });
      // Nothing waits when the journal holds nothing of the deployment.
      const started = performance.now();
      const other = await importFeedback(ctx, { file, deployment: 'credit', journalWaitMs: 0 });
      expect(other.inServerJournal).toBe(2);
      await deployWithPredictions(ctx.store, 'quiet', { kind: 'binary', classes: [0, 1] }, { q1: null });
      const quietFile = path.join(ctx.dir, 'quiet.csv');
      writeFileSync(quietFile, 'prediction_id,label\nq1,1\n');
      expect(await importFeedback(ctx, { file: quietFile, deployment: 'quiet', journalWaitMs: 10_000 })).toMatchObject({
        accepted: 1,
        inServerJournal: 0,
      });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      journal.close();
      await ctx.close();
    }
  });
});
