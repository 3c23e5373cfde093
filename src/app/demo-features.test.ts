import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { prepareDemoFeatures } from './demo-features.ts';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from './features/apply-features.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('prepareDemoFeatures', () => {
  it("applies the credit example's definitions once, and leaves definitions already applied alone", async () => {
    const ctx = await testContext(factory);
    try {
      const lines: string[] = [];
      await prepareDemoFeatures(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines).toEqual([
        'applied the feature definitions of examples/credit/features.yaml as version 1: bureau (credit_history_months, num_open_accounts, num_late_payments_2y, credit_utilization, late_payments_per_account)',
      ]);
      const applied = await ctx.store.featureSets.latest();
      expect(applied?.definitions.sources[0]!.path).toBe(path.join(EXAMPLES, 'bureau.csv'));

      // A user's own definitions become current; the demo does not put the example back over them.
      const file = await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml'));
      await applyFeatureDefinitions(ctx, { ...file, definitions: { ...file.definitions, onDemandFeatures: [] } });
      await prepareDemoFeatures(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines).toHaveLength(1);
      expect((await ctx.store.featureSets.latest())?.version).toBe(2);
    } finally {
      await ctx.close();
    }
  });
});
