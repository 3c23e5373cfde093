import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../app/alerts/testing/rollback-fixtures.ts';
import { answered, FakeShadowExecutor } from '../app/shadow/testing/shadow-fakes.ts';
import { changeRouting } from '../app/routing-change.ts';
import { testContext } from '../app/testing/test-context.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { ServerMetrics } from './metrics.ts';
import { liveInstances } from './testing/test-server.ts';
import { startServerShadow, type ServerShadow } from './server-shadow.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

let ctx: Awaited<ReturnType<typeof testContext>>;
let shadow: ServerShadow;
const warnings: string[] = [];
const logger = () => ({ warn: (_: unknown, message: string) => void warnings.push(message) });

beforeEach(async () => {
  ctx = await testContext(factory);
  await twoVersionDeployment(ctx);
});
afterEach(async () => {
  await shadow?.stop();
  await ctx.close();
});

const until = async (test: () => boolean) => {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(test()).toBe(true);
};

describe("the server's shadow", () => {
  it('follows the stored deployments: loads a shadow started elsewhere, counts outcomes on /metrics, closes it when stopped', async () => {
    const loaded: FakeShadowExecutor[] = [];
    const metrics = new ServerMetrics();
    shadow = startServerShadow(
      { ctx, metrics, logger },
      {
        reconcileMs: 10,
        loadExecutor: async () => {
          const executor = new FakeShadowExecutor();
          loaded.push(executor);
          return executor;
        },
      },
    );
    const model = (await ctx.store.models.findByName('credit'))!;
    const v1 = (await ctx.store.versions.find(model.id, 1))!;
    await changeRouting(ctx, 'credit-risk', (current) => ({
      routing: { ...current.routing, shadow: { versionId: v1.id, sample: 1, startedAt: 'now', startedBy: 'op' } },
      action: 'shadow.start',
      details: {},
    }));
    await until(() => loaded.length === 1);

    const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
    // Instances the shadow (credit:1) reads.
    shadow.mirror.offer({ ...answered(deployment, 'a', 3), inputs: await liveInstances(3) });
    await shadow.mirror.settle();
    const text = await metrics.registry.metrics();
    expect(text).toContain('ballast_shadow_requests_total{deployment="credit-risk",outcome="scored"} 3');
    expect(text).toMatch(/ballast_shadow_busy_seconds_total\{deployment="credit-risk"\} \d/);

    await changeRouting(ctx, 'credit-risk', () => ({ routing: {}, action: 'shadow.stop', details: {} }));
    await until(() => loaded[0]!.closed);
  });
});
