import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSampledForLog } from '../../core/log-sampling.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { startWindowProfiling } from '../monitoring/window-profiler-service.ts';
import { registerModel } from '../register-model.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { PredictionLogWriter } from './prediction-log-writer.ts';
import { ServingHost } from './serving-host.ts';
import type { LoadExecutor, PredictionLog } from './serving-types.ts';

const inThread: LoadExecutor = (version, artifact) =>
  RUNTIMES[version.format].load(artifact, { featureNames: version.signature.inputs.map((i) => i.name) });

/** The store's log writer, with every append it was asked for kept aside. */
function countingLog(log: PredictionLog): PredictionLog & { appends: (readonly PredictionLogRecord[])[] } {
  const appends: (readonly PredictionLogRecord[])[] = [];
  return { appends, append: (records) => (appends.push(records), log.append(records)) };
}

for (const factory of storeFactories()) {
  describe(`sampled prediction logging on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('logs the ids the rule picks, answers and profiles every prediction, and skips the commit when none is picked', async () => {
      const ctx = await testContext(factory);
      const writer = new PredictionLogWriter(ctx.store);
      const log = countingLog(writer);
      const profiling = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
      const host = new ServingHost(ctx, log, inThread, profiling.hooks);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await deploy(ctx, { name: 'full', model: 'credit:1' });
        await deploy(ctx, { name: 'half', model: 'credit:1', config: { logSampleRate: 0.5 } });
        await deploy(ctx, { name: 'rare', model: 'credit:1', config: { logSampleRate: 1e-9 } });
        await host.start();
        const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 100);

        const half = [];
        for (let i = 0; i < 100; i += 25) half.push(await host.predictInstances('half', instances.slice(i, i + 25), `r${i}`, 0));
        const full = [];
        for (let i = 0; i < 100; i += 25) full.push(await host.predictInstances('full', instances.slice(i, i + 25), `r${i}`, 0));

        // About half logged, and exactly the ids the rule picks when replayed on the ids alone.
        const servedIds = half.flatMap((s) => s.ids);
        const loggedIds = (await ctx.store.predictions.list({ deployment: 'half', limit: 1000 })).map((p) => p.id).sort();
        expect(loggedIds).toEqual(servedIds.filter((id) => isSampledForLog(id, 0.5)).sort());
        expect(loggedIds.length).toBeGreaterThan(30);
        expect(loggedIds.length).toBeLessThan(70);
        expect(half.reduce((n, s) => n + s.logged, 0)).toBe(loggedIds.length);
        for (const id of servedIds) expect((await ctx.store.predictions.findById(id)) !== undefined).toBe(isSampledForLog(id, 0.5));

        // At rate 1 everything is logged, one commit per request, as before.
        expect(await ctx.store.predictions.count('full')).toBe(100);
        expect(full.every((s) => s.logged === s.ids.length)).toBe(true);
        expect(log.appends.filter((a) => a[0]!.deploymentName === 'full').map((a) => a.length)).toEqual([25, 25, 25, 25]);

        // The answer does not depend on the rate: the same predictions, one id per row.
        for (const [i, served] of half.entries()) {
          const { ids, logged, ...answer } = served;
          const { ids: fullIds, logged: fullLogged, ...fullAnswer } = full[i]!;
          expect(ids).toHaveLength(25);
          expect(fullIds).toHaveLength(25);
          expect(fullLogged).toBe(25);
          expect(logged).toBeLessThanOrEqual(25);
          expect({ ...answer, deployment: 'x' }).toEqual({ ...fullAnswer, deployment: 'x' });
        }

        // A request none of whose rows is sampled answers without waiting for a commit.
        const appendsBefore = log.appends.length;
        const rare = await host.predictInstances('rare', instances.slice(0, 5), null, 0);
        expect(rare.logged).toBe(0);
        expect(rare.ids).toHaveLength(5);
        expect(log.appends.length).toBe(appendsBefore);
        expect(await ctx.store.predictions.count('rare')).toBe(0);

        // Every served row, logged or not, is in the window profiles.
        const profiled = (deployment: string) => profiling.profiler.liveWindows(deployment).reduce((n, w) => n + w.rows, 0);
        expect([profiled('half'), profiled('full'), profiled('rare')]).toEqual([100, 100, 5]);
      } finally {
        await writer.close();
        await profiling.stop();
        await host.close();
        await ctx.close();
      }
    });

    it("counts a version's requests that fail on the server's side in its monitoring window, not the client's mistakes", async () => {
      const ctx = await testContext(factory);
      const writer = new PredictionLogWriter(ctx.store);
      const profiling = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
      let failModel = false;
      const failing: LoadExecutor = async (...args) => {
        const executor = await inThread(...args);
        return {
          ...executor,
          signature: executor.signature,
          predict: (batch) => (failModel ? Promise.reject(new Error('the model worker died')) : executor.predict(batch)),
          close: () => executor.close(),
        };
      };
      const host = new ServingHost(ctx, writer, failing, profiling.hooks);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await deploy(ctx, { name: 'credit', model: 'credit:1' });
        await host.start();
        const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 3);
        await host.predictInstances('credit', instances, null, performance.now());
        // A client error: a value the signature cannot read.
        await expect(host.predictInstances('credit', [{ ...instances[0], age: 'old' }], null, performance.now())).rejects.toThrow();
        failModel = true;
        await expect(host.predictInstances('credit', instances, null, performance.now())).rejects.toThrow('the model worker died');
        await expect(host.predictInstances('credit', instances.slice(0, 1), null, performance.now())).rejects.toThrow();
        const [window, ...others] = profiling.profiler.liveWindows('credit');
        expect(others).toEqual([]);
        expect(window).toMatchObject({ rows: 3, errors: 2 });
        expect(window!.latency!.count).toBe(1);
      } finally {
        await writer.close();
        await profiling.stop();
        await host.close();
        await ctx.close();
      }
    });
  });
}
