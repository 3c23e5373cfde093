import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { prepareDemo } from './demo.ts';
import { prepareDemoExplanations } from './demo-explain.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('the demo of explanations', () => {
  it('annotates every version and explains a live row exactly with the served version, in words, and finds counterfactuals; once', async () => {
    const ctx = await testContext(factory);
    try {
      const examples = path.dirname(EXAMPLES);
      await prepareDemo(ctx, examples, () => {}, {
        codeRef: { ref: '0'.repeat(40), source: 'git commit' },
        importance: { sampleRows: 2, backgroundRows: 2 },
      });
      const lines: string[] = [];
      await prepareDemoExplanations(ctx, examples, (l) => lines.push(l));
      const model = (await ctx.store.models.findByName('credit-risk'))!;
      for (const version of await ctx.store.versions.listForModel(model.id)) {
        const annotations = await ctx.store.modelCards.annotationsOf(version.id);
        expect(annotations?.intendedUse).toMatch(/^Ranking loan applications/);
        expect(annotations?.outOfScope).toHaveLength(2);
        expect(annotations?.limitations).toHaveLength(1);
      }
      // The served version is XGBoost: TreeSHAP, with the contract's labels and units in the reasons.
      const explained = lines.find((l) => l.startsWith('explained live.csv row 1 with credit-risk:2 (tree_shap): '));
      expect(explained, lines.join('\n')).toBeDefined();
      expect(explained).toMatch(/ (raised|lowered) the chance of default most; /);
      // A refused applicant, searched over the champion's split thresholds with age left alone.
      const counterfactual = lines.find((l) => l.startsWith('counterfactuals for live.csv row 19 (tree_thresholds): '));
      expect(counterfactual, lines.join('\n')).toMatch(/: \w+ [\d.]+ → [\d.]+.* would make credit-risk@champion answer 0/);
      expect(counterfactual).not.toMatch(/\bage \d/);

      const again: string[] = [];
      await prepareDemoExplanations(ctx, examples, (l) => again.push(l));
      expect(again).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
