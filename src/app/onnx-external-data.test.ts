import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCases } from '../../test/fixtures/onnx/read-fixture.ts';
import { BallastError } from '../core/errors.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../core/serving-records.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { loadRegisteredModel } from './load-model.ts';
import { registerModel } from './register-model.ts';
import { workerExecutorLoader } from './serving/worker-executors.ts';
import { testContext } from './testing/test-context.ts';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/onnx');
const external = path.join(fixtures, 'external-data/model.onnx');
const selfContained = path.join(fixtures, 'binary-logistic/model.onnx');
const factory = sqliteFactory();
afterAll(() => factory.cleanup());

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  const outcome = await promise.then(
    () => new Error('expected the model to be refused'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(BallastError);
  return outcome as BallastError;
}

// ONNX Runtime given bytes resolves an external file against the working directory, so each test
// runs where `secret.txt` exists: without the refusal the model would load and serve its bytes.
describe('an ONNX model with external data', () => {
  let previous: string;
  let directory: string;
  beforeEach(() => {
    previous = process.cwd();
    directory = mkdtempSync(path.join(tmpdir(), 'ballast-external-'));
    writeFileSync(path.join(directory, 'secret.txt'), fixtureCases('external-data').secret_txt!);
    process.chdir(directory);
  });
  afterEach(() => {
    process.chdir(previous);
    rmSync(directory, { recursive: true, force: true });
  });

  it('is refused at registration with external_data, and nothing is written', async () => {
    const ctx = await testContext(factory);
    try {
      const error = await failure(registerModel(ctx, { name: 'leak', modelFile: external, featureNames: ['index'] }));
      expect(error.code).toBe('external_data');
      expect(error.message).toContain('"secret.txt"');
      expect(error.issues.map((issue) => issue.path)).toEqual([['graph', 'initializer', 0]]);
      expect(await ctx.store.models.findByName('leak')).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });

  it('is refused when loaded from the store, on the main thread and in worker threads', async () => {
    const ctx = await testContext(factory);
    try {
      // As if it had got into the store some other way (an older Ballast, a copied data directory).
      const registered = await registerModel(ctx, { name: 'leak', modelFile: selfContained });
      const stored = await ctx.artifacts.putBytes(readFileSync(external));
      await ctx.store.artifacts.insertIfAbsent({
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
        mediaType: 'application/onnx',
        createdAt: 'now',
      });
      const { modelName: _, ...record } = registered.version;
      const signature = { inputs: [{ name: 'index', type: 'number' as const }], output: { kind: 'regression' as const } };
      await ctx.store.versions.insert({ ...record, id: 'v-external', version: 2, artifactSha256: stored.sha256, signature });

      expect((await failure(loadRegisteredModel(ctx, 'leak:2'))).code).toBe('external_data');
      const version = (await ctx.store.versions.findById('v-external'))!;
      const artifact = await ctx.artifacts.read(stored.sha256);
      for (const mainThread of ['auto', 'never'] as const) {
        const loading = workerExecutorLoader({ threads: 1, mainThread })(version, artifact, DEFAULT_DEPLOYMENT_CONFIG, 'leak');
        expect((await failure(loading)).code, mainThread).toBe('external_data');
      }
    } finally {
      await ctx.close();
    }
  });
});
