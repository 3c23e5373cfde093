import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { DEMO_DEPLOYMENT, prepareDemo } from './demo.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('prepareDemo', () => {
  it('registers the three example models and deploys @champion once, then does nothing', async () => {
    const ctx = await testContext(factory);
    try {
      const lines: string[] = [];
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines).toHaveLength(4);
      const versions = await ctx.store.versions.listForModel((await ctx.store.models.findByName('credit-risk'))!.id);
      expect(versions.map((v) => v.format)).toEqual(['lightgbm', 'xgboost', 'onnx']);
      expect(await ctx.store.deployments.findByName(DEMO_DEPLOYMENT)).toMatchObject({ modelVersion: 2 });
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines).toHaveLength(4);
    } finally {
      await ctx.close();
    }
  });
});
