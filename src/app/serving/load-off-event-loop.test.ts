import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelText, utf8 } from '../../runtime/lightgbm/testing/model-text-builder.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { testContext } from '../testing/test-context.ts';
import { ServingHost } from './serving-host.ts';
import { workerExecutorLoader } from './worker-executors.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

/** A binary LightGBM forest of `count` small trees: megabytes of text that take a second or so to parse. */
function largeForest(count: number): Uint8Array {
  const trees = Array.from({ length: count }, (_, t) => ({
    split_feature: [0, 1, 2, 0, 1, 2, 0],
    threshold: [0.1, 0.2, 0.3, (t % 7) / 10, 0.5, 0.6, 0.7],
    decision_type: [2, 2, 2, 2, 2, 2, 2],
    left_child: [1, 3, 5, -1, -3, -5, -7],
    right_child: [2, 4, 6, -2, -4, -6, -8],
    leaf_value: [0.01, -0.02, 0.03, -0.04, 0.05, -0.06, 0.07, (t % 13) / 1000],
  }));
  return utf8(modelText({ objective: 'binary sigmoid:1', trees }));
}

/** The longest time between ticks of a 5 ms timer while `work` runs: how long the event loop was held. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

describe('loading a deployment', () => {
  it('parses a large model off the event loop: timers keep firing while it loads', { timeout: 180_000 }, async () => {
    const ctx = await testContext(factory);
    try {
      const bytes = largeForest(20_000);
      const file = path.join(ctx.dir, 'forest.txt');
      writeFileSync(file, bytes);
      await registerModel(ctx, { name: 'forest', modelFile: file });
      await deploy(ctx, { name: 'forest', model: 'forest:1' });

      // What the same parse holds the event loop for when it runs here: the scale to judge against,
      // measured on this machine now, so a slow or busy machine moves both numbers together.
      const onEventLoop = await longestStall(async () => (await RUNTIMES.lightgbm.load(bytes)).close());
      expect(onEventLoop, 'the generated model must be large enough to stall the event loop noticeably').toBeGreaterThan(200);

      const host = new ServingHost(ctx, { append: async () => {} }, workerExecutorLoader({ threads: 1, mainThread: 'auto' }));
      try {
        const whileLoading = await longestStall(() => host.start());
        expect(host.deploymentNames).toEqual(['forest']);
        // The artifact is still read, hashed and copied to the thread here, a few ms per megabyte;
        // the parse itself (`onEventLoop`) must not be.
        expect(
          whileLoading,
          `longest stall ${whileLoading.toFixed(0)} ms while loading, ${onEventLoop.toFixed(0)} ms to parse on the event loop`,
        ).toBeLessThan(onEventLoop / 3);
      } finally {
        await host.close();
      }
    } finally {
      await ctx.close();
    }
  });
});
