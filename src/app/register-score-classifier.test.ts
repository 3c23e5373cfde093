import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureCases } from '../../test/fixtures/onnx/read-fixture.ts';
import { BallastError } from '../core/errors.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../core/serving-records.ts';
import type { PredictionOutput } from '../runtime/model-runtime.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { loadModelFile, loadRegisteredModel } from './load-model.ts';
import { registerModel } from './register-model.ts';
import { workerExecutorLoader } from './serving/worker-executors.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';
import { RUNTIMES } from '../runtime/runtimes.ts';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/onnx');
const sigmoid = path.join(fixtures, 'scores-sigmoid/model.onnx');
const logits = path.join(fixtures, 'scores-logits/model.onnx');
const cases = fixtureCases('scores-sigmoid') as unknown as { rows: number[][]; served: { probabilities: number[][] } };
const batch = { rowCount: cases.rows.length, columns: [0, 1, 2, 3].map((f) => Float64Array.from(cases.rows, (row) => row[f]!)) };
const factory = sqliteFactory();
afterAll(() => factory.cleanup());

const probabilities = (output: PredictionOutput) => (output.kind === 'regression' ? [] : Array.from(output.probabilities));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BallastError);
  return (error as BallastError).code;
}

describe('registering a model whose only output is class scores', () => {
  it('stores --task classification and --classes in the signature; every later load reads it the same way', async () => {
    const ctx = await testContext(factory);
    try {
      const registered = await registerModel(ctx, {
        name: 'churn',
        modelFile: sigmoid,
        output: { task: 'classification', classes: ['stays', 'leaves'] },
      });
      expect(registered.version.signature.output).toEqual({ kind: 'binary', classes: ['stays', 'leaves'], scores: 'probabilities' });
      const stored = (await ctx.store.versions.findById(registered.version.id))!;
      expect(stored.signature).toEqual(registered.version.signature);

      const offline = await loadRegisteredModel(ctx, 'churn:1');
      const expected = cases.served.probabilities.flat();
      const fromStore = probabilities(await offline.loaded.predict(batch));
      await offline.loaded.close();
      fromStore.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-5));

      const artifact = await ctx.artifacts.read(stored.artifactSha256);
      for (const mainThread of ['always', 'never'] as const) {
        const executor = await workerExecutorLoader({ threads: 1, mainThread })(stored, artifact, DEFAULT_DEPLOYMENT_CONFIG, 'churn');
        try {
          expect(executor.signature, mainThread).toEqual(stored.signature);
          expect(probabilities(await executor.predict(batch)), mainThread).toEqual(fromStore);
        } finally {
          await executor.close();
        }
      }
    } finally {
      await ctx.close();
    }
  });

  it('refuses output options that do not apply, and writes nothing', async () => {
    const ctx = await testContext(factory);
    try {
      expect(
        await codeOf(registerModel(ctx, { name: 'x', modelFile: path.join(EXAMPLES, 'model.xgb.json'), output: { classes: ['a', 'b'] } })),
      ).toBe('invalid_argument');
      expect(await codeOf(registerModel(ctx, { name: 'x', modelFile: logits, output: { classes: ['a', 'b'] } }))).toBe('invalid_model');
      expect(await codeOf(registerModel(ctx, { name: 'x', modelFile: sigmoid, output: { scores: 'logits' } }))).toBe('invalid_model');
      expect(await ctx.store.models.findByName('x')).toBeUndefined();
      await registerModel(ctx, { name: 'y', modelFile: logits });
      expect(await codeOf(loadRegisteredModel(ctx, 'y:1', { scores: 'probabilities' }))).toBe('invalid_argument');
    } finally {
      await ctx.close();
    }
  });
});

describe('loadModelFile (offline predict of a file)', () => {
  it('takes the same output options as registration', async () => {
    const source = await loadModelFile(RUNTIMES, sigmoid, undefined, { output: { task: 'classification' } });
    try {
      expect(source.loaded.signature.output).toEqual({ kind: 'binary', classes: [0, 1], scores: 'probabilities' });
    } finally {
      await source.loaded.close();
    }
    expect(await codeOf(loadModelFile(RUNTIMES, path.join(EXAMPLES, 'model.lgb.txt'), undefined, { output: { scores: 'logits' } }))).toBe(
      'invalid_argument',
    );
  });
});
