import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { PredictionLogWriter } from '../serving/prediction-log-writer.ts';
import { ServingHost } from '../serving/serving-host.ts';
import type { LoadExecutor } from '../serving/serving-types.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { startWindowProfiling } from './window-profiler-service.ts';

const inThread: LoadExecutor = (version, artifact) =>
  RUNTIMES[version.format].load(artifact, { featureNames: version.signature.inputs.map((i) => i.name) });

describe('window profiling on the serving path', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  it("profiles served predictions on the reference schema, and a crashed server's windows are rebuilt at the next start", async () => {
    const base = await testContext(factory);
    // Ids and log times from one fake clock, as in production where both come from the system clock.
    let now = Date.parse('2026-11-25T12:00:00.000Z');
    const newId = monotonicFactory(() => 0.5);
    const ctx: AppContext = { ...base, clock: () => new Date(now), newId: () => newId(now) };
    try {
      await registerModel(ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
      });
      await deploy(ctx, { name: 'credit', model: 'credit:1' });
      const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 40);

      // A server serves 20 rows in the 12:00 window and 10 in 12:01, then stops cleanly.
      const first = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
      const log = new PredictionLogWriter(ctx.store);
      const host = new ServingHost(ctx, log, inThread, first.hooks);
      await host.start();
      for (let i = 0; i < 20; i += 5) await host.predictInstances('credit', instances.slice(i, i + 5), null, 0);
      now += 60_000;
      await host.predictInstances('credit', instances.slice(20, 30), null, 0);
      await log.close();
      await first.stop();
      await host.close();
      const windows = await ctx.store.monitoring.windows('credit', '2026-11-25T12:00:00.000Z', '2026-11-25T12:02:00.000Z');
      expect(windows.map((w) => [w.windowStart, w.rows, w.status])).toEqual([
        ['2026-11-25T12:00:00.000Z', 20, 'complete'],
        ['2026-11-25T12:01:00.000Z', 10, 'complete'],
      ]);
      const profile = DatasetProfile.fromJSON(windows[0]!.profile);
      const reference = await ctx.store.monitoring.findReference(windows[0]!.versionId);
      const p1 = profile.column('prediction.probability.1');
      expect(p1?.kind === 'numeric' && p1.count).toBe(20);
      expect(profile.column('income')?.schema).toEqual(reference!.profile.columns.find((c) => c.schema.name === 'income')!.schema);
      expect(profile.column('label')).toBeUndefined();
      expect(windows[0]!.reconstruction?.count).toBe(20);

      // The next server logs 10 more rows in 12:01 and dies without flushing; a third one starts at 12:02:30.
      const crashed = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
      const log2 = new PredictionLogWriter(ctx.store);
      const host2 = new ServingHost(ctx, log2, inThread, crashed.hooks);
      await host2.start();
      now += 20_000;
      await host2.predictInstances('credit', instances.slice(30, 40), null, 0);
      await log2.close();
      await host2.close();
      now = Date.parse('2026-11-25T12:02:30.000Z');
      const third = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
      const recovered = await third.recover(new Date(now));
      await third.stop();
      expect(recovered.map((r) => [r.windowStart, r.logged, r.profiled, r.status])).toEqual([
        ['2026-11-25T12:01:00.000Z', 20, 10, 'rebuilt'],
      ]);
      const after = await ctx.store.monitoring.windows('credit', '2026-11-25T12:00:00.000Z', '2026-11-25T12:03:00.000Z');
      expect(after.map((w) => [w.windowStart, w.source, w.rows, w.status])).toEqual([
        ['2026-11-25T12:00:00.000Z', windows[0]!.source, 20, 'complete'],
        ['2026-11-25T12:01:00.000Z', 'recovery', 20, 'rebuilt'],
      ]);
      expect(after[1]!.reconstruction?.count).toBe(20);
    } finally {
      await base.close();
    }
  });
});
