import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { readTable } from '../data-files.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { ServingHost } from './serving-host.ts';
import type { Executor, LoadExecutor } from './serving-types.ts';

const factory = sqliteFactory();

/** Loads in the test's thread and keeps which versions were loaded and which executors closed. */
function countingLoader() {
  const loads: number[] = [];
  const closed: number[] = [];
  const load: LoadExecutor = async (version, artifact) => {
    loads.push(version.version);
    const model = await RUNTIMES[version.format].load(artifact, loadOptionsFor(version.signature));
    const executor: Executor = {
      signature: model.signature,
      predict: (b) => model.predict(b),
      close: async () => void closed.push(version.version),
    };
    return executor;
  };
  return { load, loads, closed };
}

describe('a version prepared beside the one serving', () => {
  afterAll(() => factory.cleanup());

  it('scores a batch without serving, then serves the committed revision with the model already loaded', async () => {
    const ctx = await testContext(factory);
    const loader = countingLoader();
    const host = new ServingHost(ctx, { append: async () => {} }, loader.load);
    try {
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
      const v1 = await deploy(ctx, { name: 'credit-risk', model: 'credit:1' });
      await host.start();
      const version2 = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 2))!;
      const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 3);

      const prepared = await host.prepare(v1.deployment, version2);
      const table = await readTable(path.join(EXAMPLES, 'train.csv'));
      const output = await prepared.predict(
        buildFeatureBatch(version2.signature.inputs, { ...table, rows: table.rows.slice(0, 4) }, 'smoke'),
      );
      expect(output.kind).toBe('binary');
      // Still served by the version the store names.
      expect((await host.predictInstances('credit-risk', instances, null, 0)).model.version).toBe(1);

      const moved = await deploy(ctx, { name: 'credit-risk', model: 'credit:2' });
      await expect(prepared.serve(v1.deployment)).rejects.toThrow('does not serve the prepared version');
      await prepared.serve(moved.deployment);
      expect((await host.predictInstances('credit-risk', instances, null, 0)).model.version).toBe(2);
      // Loaded once for serving and once prepared: serving it did not load it again; the old one closed.
      expect(loader.loads).toEqual([1, 2]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(loader.closed).toEqual([1]);
      await prepared.discard();
      expect(loader.closed).toEqual([1]);
      await expect(prepared.serve(moved.deployment)).rejects.toThrow('already served or discarded');
    } finally {
      await host.close();
      await ctx.close();
    }
  });

  it('closes a discarded version once and never serves it', async () => {
    const ctx = await testContext(factory);
    const loader = countingLoader();
    const host = new ServingHost(ctx, { append: async () => {} }, loader.load);
    try {
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
      const v1 = await deploy(ctx, { name: 'credit-risk', model: 'credit:1' });
      await host.start();
      const version2 = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 2))!;
      const prepared = await host.prepare(v1.deployment, version2);
      await prepared.discard();
      await prepared.discard();
      expect(loader.closed).toEqual([2]);
      expect((await host.describe('credit-risk')).version.version).toBe(1);
    } finally {
      await host.close();
      await ctx.close();
    }
  });
});
