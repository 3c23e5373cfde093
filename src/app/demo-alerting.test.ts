import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { prepareDemo } from './demo.ts';
import { prepareDemoAlerting } from './demo-alerting.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('prepareDemoAlerting', () => {
  it("applies the example's rules with the demo's webhook, its on-call schedule and SLOs once, then leaves them alone", async () => {
    const ctx = await testContext(factory);
    try {
      const examples = path.dirname(EXAMPLES);
      await prepareDemo(ctx, examples, () => {}, {
        codeRef: { ref: '0'.repeat(40), source: 'git commit' },
        importance: { sampleRows: 2, backgroundRows: 2 },
      });
      const lines: string[] = [];
      await prepareDemoAlerting(ctx, examples, 'http://127.0.0.1:45678/hook', (l) => lines.push(l));
      expect(lines).toHaveLength(3);
      expect((await ctx.store.alerts.listRules()).map((r) => r.name)).toEqual([
        'inputs-drifted',
        'estimated-auc-low',
        'slow-predictions',
        'availability-burn',
      ]);
      expect(await ctx.store.alerts.listReceivers()).toEqual([
        { name: 'team', kind: 'webhook', url: 'http://127.0.0.1:45678/hook', allowPrivate: true },
      ]);
      expect((await ctx.store.alerts.findRule('inputs-drifted'))?.rollback?.to).toEqual({ kind: 'previous' });
      expect((await ctx.store.oncall.current())?.version).toBe(1);
      expect((await ctx.store.slos.list('credit-risk')).map((s) => s.objective.name).sort()).toEqual(['availability', 'latency']);

      await ctx.store.alerts.deleteRule('slow-predictions');
      await prepareDemoAlerting(ctx, examples, 'http://127.0.0.1:1/hook', (l) => lines.push(l));
      expect(lines).toHaveLength(3);
      expect((await ctx.store.alerts.listReceivers())[0]!.url).toBe('http://127.0.0.1:45678/hook');
      expect(await ctx.store.alerts.findRule('slow-predictions')).toBeUndefined();
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
