import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { deploy } from './deployments.ts';
import { describePrediction } from './lineage.ts';
import { listPredictions } from './predictions.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`reading the prediction log on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    async function servedContext() {
      const ctx = await testContext(factory);
      const contract = path.join(ctx.dir, 'contract.yaml');
      writeFileSync(contract, 'format: ballast.contract/v1\ncolumns:\n  age: {type: number}\ndataset:\n  allow_extra_columns: true\n');
      const registered = await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
        contractFile: contract,
        codeRef: 'abc1234',
      });
      const { deployment } = await deploy(ctx, { name: 'credit-api', model: 'credit:1' });
      const features = registered.version.signature.inputs.map((input) => input.name);
      const record = (n: number): PredictionLogRecord => ({
        id: `01PRED${String(n).padStart(20, '0')}`,
        at: `2026-11-25T12:00:0${n}.000Z`,
        deploymentId: deployment.id,
        deploymentName: deployment.name,
        versionId: registered.version.id,
        modelName: 'credit',
        modelVersion: 1,
        requestId: `r${n}`,
        features,
        inputs: Object.fromEntries(features.map((name) => [name, n])),
        output: { value: n },
        latencyMs: 1,
      });
      return { ctx, registered, record };
    }

    it('describes a prediction with its version, training snapshot and contract, after the log caught up', async () => {
      const { ctx, registered, record } = await servedContext();
      try {
        // The record reaches the table only when the log catches up, as the server's log thread does it.
        const log = { logCaughtUp: () => ctx.store.predictions.insertMany([record(1)]) };
        const lineage = await describePrediction(ctx, record(1).id, log);
        expect(lineage.record).toMatchObject({ id: record(1).id, requestId: 'r1' });
        expect(lineage.version).toMatchObject({ id: registered.version.id, codeRef: 'abc1234' });
        expect(lineage.snapshot?.id).toBe(registered.version.snapshotId);
        expect(lineage.contract?.id).toBe(registered.version.contractId);
        await expect(describePrediction(ctx, '01NOPE00000000000000000000')).rejects.toMatchObject({ code: 'prediction_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('lists newest first, a page at a time, with the id that starts the next page', async () => {
      const { ctx, record } = await servedContext();
      try {
        await ctx.store.predictions.insertMany([1, 2, 3].map(record));
        const first = await listPredictions(ctx, { limit: 2 });
        expect(first.predictions.map((p) => p.requestId)).toEqual(['r3', 'r2']);
        expect(first.next).toBe(record(2).id);
        const second = await listPredictions(ctx, { limit: 2, before: first.next! });
        expect(second).toEqual({ predictions: [expect.objectContaining({ requestId: 'r1' })], next: null });
        let caughtUp = 0;
        await listPredictions(ctx, { limit: 1 }, { logCaughtUp: async () => void caughtUp++ });
        expect(caughtUp).toBe(1);
      } finally {
        await ctx.close();
      }
    });
  });
}
