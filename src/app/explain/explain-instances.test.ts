import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { inputValues } from '../../core/logged-inputs.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { markSensitiveColumns } from '../privacy/mark-columns.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { ExplainerCache, loadVersionForExplaining } from './explain-cache.ts';
import { explainInstances } from './explain-instances.ts';
import { explainPrediction } from './explain-prediction.ts';
import type { ExplanationObject } from './explain-rows.ts';
import { registerSmallCredit } from './testing/small-credit.ts';

const hidden = { reveal: false, route: 'POST /v1/deployments/{name}/explain' };
const shown = { reveal: true, route: 'POST /v1/deployments/{name}/explain' };

function expectAdditive(e: ExplanationObject) {
  const sum = Object.values(e.contributions as Record<string, number>).reduce((a, b) => a + b, 0);
  expect((e.base_value as number) + sum).toBeCloseTo(e.output as number, 9);
}

async function rejection(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

describe.each(storeFactories())('explaining for a deployment ($dialect)', (factory) => {
  it('explains instances with the deployed version, masks sensitive values for a reader without sensitive:read', async () => {
    const ctx = await testContext(factory);
    const cache = new ExplainerCache(loadVersionForExplaining(ctx));
    try {
      await registerSmallCredit(ctx);
      await deploy(ctx, { name: 'credit', model: 'credit:1' });
      await markSensitiveColumns(ctx, { ref: 'credit:1', sensitive: ['age'] });
      const instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 1);
      const answer = await explainInstances(ctx, cache, 'credit', instances, { top: 13, access: hidden });
      expect(answer).toMatchObject({ model: { name: 'credit', version: 1 }, deployment: 'credit' });
      expect(answer.method).toBe(answer.explanations[0]!.method);
      expect(answer.explanations).toHaveLength(1);
      expectAdditive(answer.explanations[0]!);
      const said = answer.explanations[0]!.reasons.join('\n');
      expect(said).toContain('an age of *** years');
      expect(said).not.toContain(`an age of ${instances[0]!.age} years`);
      const revealed = await explainInstances(ctx, cache, 'credit', instances, { top: 13, access: shown });
      expect(revealed.explanations[0]!.reasons.join('\n')).toContain(`an age of ${instances[0]!.age} years`);
      expect(revealed.explanations[0]!.contributions).toEqual(answer.explanations[0]!.contributions);

      expect((await rejection(explainInstances(ctx, cache, 'nope', instances, { access: hidden }))).code).toBe('deployment_not_found');
      const bad = await rejection(explainInstances(ctx, cache, 'credit', [{ ...instances[0], age: 'old' }], { access: hidden }));
      expect(bad.code).toBe('invalid_value');
      expect(bad.issues[0]!.path).toEqual(['instances', 0, 'age']);
    } finally {
      cache.close();
      await ctx.close();
      await factory.cleanup();
    }
  });

  it('explains a logged prediction with the version and inputs it was made with, also once another version is deployed', async () => {
    const ctx = await testContext(factory);
    const cache = new ExplainerCache(loadVersionForExplaining(ctx));
    try {
      const { version } = await registerSmallCredit(ctx);
      await deploy(ctx, { name: 'credit', model: 'credit:1' });
      const [instance] = await readInstances(path.join(EXAMPLES, 'live.csv'), 1);
      const features = version.signature.inputs.map((i) => i.name);
      const deployment = (await ctx.store.deployments.findByName('credit'))!;
      await ctx.store.predictions.insertMany([
        {
          id: '01PRED0000000000000000000A',
          at: '2026-11-25T12:00:00.000Z',
          deploymentId: deployment.id,
          deploymentName: 'credit',
          versionId: version.id,
          modelName: 'credit',
          modelVersion: 1,
          requestId: null,
          features,
          inputs: Object.fromEntries(features.map((f, i) => [f, inputValues(features, instance!)[i]])),
          output: { label: 0, probabilities: [0.9, 0.1] },
          latencyMs: 1,
        },
      ]);
      const fresh = await explainInstances(ctx, cache, 'credit', [instance], { top: 3, access: shown });
      await registerSmallCredit(ctx, 'credit', 14);
      await deploy(ctx, { name: 'credit', model: 'credit:2' });
      await markSensitiveColumns(ctx, { ref: 'credit:1', sensitive: ['age'] });

      const logged = await explainPrediction(ctx, cache, 'credit', '01PRED0000000000000000000A', { top: 3, access: hidden });
      expect(logged.model).toEqual({ name: 'credit', version: 1 });
      expect(logged.explanations[0]!.contributions).toEqual(fresh.explanations[0]!.contributions);
      expect(logged.explanations[0]!.prediction).toEqual(fresh.explanations[0]!.prediction);
      const audited = async () => (await ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read');
      expect(await audited()).toHaveLength(0);
      await explainPrediction(ctx, cache, 'credit', '01PRED0000000000000000000A', { access: shown });
      expect((await audited()).map((e) => e.details)).toEqual([
        expect.objectContaining({ columns: ['age'], prediction_ids: ['01PRED0000000000000000000A'] }),
      ]);

      const other = await rejection(explainPrediction(ctx, cache, 'other', '01PRED0000000000000000000A', { access: hidden }));
      expect(other.code).toBe('prediction_not_found');
      expect(other.message).toContain('was made by deployment "credit"');
      expect((await rejection(explainPrediction(ctx, cache, 'credit', 'nope', { access: hidden }))).code).toBe('prediction_not_found');
    } finally {
      cache.close();
      await ctx.close();
      await factory.cleanup();
    }
  });
});
