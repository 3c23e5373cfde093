import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { ServingHost } from './serving-host.ts';
import type { Executor, LoadExecutor, ServingHooks } from './serving-types.ts';

/** Executors that load when the test says so and record whether they were closed. */
function fakeExecutors() {
  const loads: { executor: Executor & { closes: number; id: number }; finish: () => void; maxBatchSize: number }[] = [];
  const loadExecutor: LoadExecutor = (version, _artifact, config) =>
    new Promise((resolve) => {
      const executor = {
        id: loads.length + 1,
        closes: 0,
        signature: version.signature,
        predict: () => Promise.reject(new Error('not used')),
        async close() {
          executor.closes++;
        },
      };
      loads.push({ executor, finish: () => resolve(executor), maxBatchSize: config.maxBatchSize });
    });
  return { loads, loadExecutor };
}

async function until(condition: () => boolean): Promise<void> {
  // Bounded by time, not by turns: under CI's load a 1 ms timer may fire much later.
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}

const noLog = { append: async () => {} };

/** The next revision with another batch size: batching is load-relevant, so it loads the version again. */
function rebatched(record: DeploymentRecord): DeploymentRecord {
  return { ...record, revision: record.revision + 1, config: { ...record.config, maxBatchSize: record.config.maxBatchSize + 1 } };
}
const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('ServingHost closes every executor it does not keep', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let record: DeploymentRecord;
  beforeEach(async () => {
    ctx = await testContext(factory);
    await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
    record = (await deploy(ctx, { name: 'live', model: 'credit:1' })).deployment;
  });
  afterEach(() => ctx.close());

  it('closes the executor of a load that lost the race to a newer revision, once', async () => {
    const { loads, loadExecutor } = fakeExecutors();
    const host = new ServingHost(ctx, noLog, loadExecutor);
    const older = host.apply(record);
    const olderAgain = host.apply(record);
    const newer = host.apply(rebatched(record));
    await until(() => loads.length === 2);
    // The two loads may start in either order (each first reads the store), so tell them by their batch size.
    const olderLoad = loads.find((l) => l.maxBatchSize === record.config.maxBatchSize)!;
    const newerLoad = loads.find((l) => l.maxBatchSize !== record.config.maxBatchSize)!;
    newerLoad.finish();
    expect((await newer).deployment.revision).toBe(record.revision + 1);
    olderLoad.finish();
    // Both callers of the older load get what is served now, and its executor is closed once.
    expect((await older).executor).toBe(newerLoad.executor);
    expect((await olderAgain).executor).toBe(newerLoad.executor);
    await until(() => olderLoad.executor.closes > 0);
    expect(olderLoad.executor.closes).toBe(1);
    expect(newerLoad.executor.closes).toBe(0);
    await host.close();
    expect(newerLoad.executor.closes).toBe(1);
  });

  it('closes the previous executor when a newer revision replaces it', async () => {
    const { loads, loadExecutor } = fakeExecutors();
    const host = new ServingHost(ctx, noLog, loadExecutor);
    const first = host.apply(record);
    await until(() => loads.length === 1);
    loads[0]!.finish();
    await first;
    const second = host.apply(rebatched(record));
    await until(() => loads.length === 2);
    loads[1]!.finish();
    await second;
    await until(() => loads[0]!.executor.closes > 0);
    expect(loads[1]!.executor.closes).toBe(0);
    await host.close();
  });

  it('closes the executor when onVersionLoad throws, and serves nothing', async () => {
    const { loads, loadExecutor } = fakeExecutors();
    const hooks: ServingHooks = { onVersionLoad: () => Promise.reject(new Error('no reference profile')) };
    const host = new ServingHost(ctx, noLog, loadExecutor, hooks);
    const applying = host.apply(record);
    await until(() => loads.length === 1);
    loads[0]!.finish();
    await expect(applying).rejects.toThrow('no reference profile');
    expect(loads[0]!.executor.closes).toBe(1);
    expect(host.deploymentNames).toEqual([]);
  });
});
