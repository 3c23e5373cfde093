import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { smokeBatch } from './smoke-request.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/parquet');

describe('smokeBatch', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  it('reads the first rows of a Parquet training snapshot, stored without its file name, as it reads the CSV twin', async () => {
    const ctx = await testContext(factory);
    try {
      const register = (name: string, file: string) =>
        registerModel(ctx, {
          name,
          modelFile: path.join(EXAMPLES, 'model.xgb.json'),
          trainingData: path.join(FIXTURES, file),
          labelColumn: 'default',
          importance: false,
        });
      const fromCsv = await register('credit-csv', 'credit-train.csv');
      const fromParquet = await register('credit-parquet', 'credit-train.parquet');
      const snapshot = (await ctx.store.snapshots.findById(fromParquet.version.snapshotId!))!;
      expect((await ctx.store.artifacts.find(snapshot.sha256))?.mediaType).toBe('application/vnd.apache.parquet');
      const [csv, parquet] = [await smokeBatch(ctx, fromCsv.version), await smokeBatch(ctx, fromParquet.version)];
      if (!('batch' in csv) || !('batch' in parquet)) throw new Error(`no smoke batch: ${JSON.stringify([csv, parquet])}`);
      expect(parquet.batch.rowCount).toBe(5);
      expect(parquet.batch).toEqual(csv.batch);
    } finally {
      await ctx.close();
    }
  });
});
