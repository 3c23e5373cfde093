import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { PredictionLogWriter } from '../serving/prediction-log-writer.ts';
import { ServingHost } from '../serving/serving-host.ts';
import type { LoadExecutor } from '../serving/serving-types.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { createRollbackSink } from './alert-rollback.ts';
import { firing, rollbackRule, twoVersionDeployment } from './testing/rollback-fixtures.ts';

const factory = sqliteFactory();

const loads: string[] = [];
const inThread: LoadExecutor = (version, artifact) => {
  loads.push(`${version.modelName}:${version.version}`);
  return RUNTIMES[version.format].load(artifact, loadOptionsFor(version.signature));
};

describe('automated rollback through a real serving host', () => {
  afterAll(() => factory.cleanup());

  it('serves the target from the next request, smoke-tested with the executor that then serves it', async () => {
    const ctx = await testContext(factory);
    const log = new PredictionLogWriter(ctx.store);
    const host = new ServingHost(ctx, log, inThread);
    try {
      await twoVersionDeployment(ctx);
      await host.start();
      const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 3);
      expect((await host.predictInstances('credit-risk', instances, null, 0)).model.version).toBe(2);
      loads.length = 0;

      await createRollbackSink(ctx, { serving: host })([firing(rollbackRule())]);

      // No refresh ran: the host serves what the rollback loaded, and loaded it once.
      const served = await host.predictInstances('credit-risk', instances, null, 0);
      expect(served.model).toEqual({ name: 'credit', version: 1 });
      expect(served.deployment).toBe('credit-risk');
      expect(loads).toEqual(['credit:1']);
      expect((await host.describe('credit-risk')).deployment.revision).toBe(3);
      expect((await ctx.store.rollbacks.listForDeployment('credit-risk'))[0]!.outcome).toBe('rolled_back');
    } finally {
      await log.close();
      await host.close();
      await ctx.close();
    }
  });

  it('keeps serving the current version when the target does not load', async () => {
    const ctx = await testContext(factory);
    const log = new PredictionLogWriter(ctx.store);
    const host = new ServingHost(ctx, log, inThread);
    try {
      await twoVersionDeployment(ctx);
      await host.start();
      // credit:1's artifact is damaged on disk after it was registered.
      const version1 = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 1))!;
      writeFileSync(ctx.artifacts.pathOf(version1.artifactSha256), '{"learner": "not a model"}');

      await createRollbackSink(ctx, { serving: host })([firing(rollbackRule())]);

      const [attempt] = await ctx.store.rollbacks.listForDeployment('credit-risk');
      expect(attempt!.outcome).toBe('failed');
      expect(attempt!.reason).toMatch(/^credit:1 did not answer a smoke request of 5 rows from its training snapshot: /);
      const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 3);
      expect((await host.predictInstances('credit-risk', instances, null, 0)).model.version).toBe(2);
      expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(2);
    } finally {
      await log.close();
      await host.close();
      await ctx.close();
    }
  });
});
