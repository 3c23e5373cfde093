import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import type { DeploymentFeatures } from './deployment-features.ts';
import { enrichmentPlan } from './enrichment-plan.ts';
import type { FeatureDefinitions } from './feature-definitions.ts';

const defs: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [
    { name: 'customer', key: 'customer_id' },
    { name: 'merchant', key: 'merchant_id' },
  ],
  sources: [{ name: 'transactions', path: '/data/tx.csv', timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'transactions',
      ttlSeconds: 604800,
      features: [
        { name: 'spend_7d', type: 'number' },
        { name: 'n_tx_7d', type: 'integer' },
      ],
    },
    { name: 'shop', entity: 'merchant', source: 'transactions', ttlSeconds: null, features: [{ name: 'fraud_rate', type: 'number' }] },
  ],
  onDemandFeatures: [{ name: 'avg_tx', type: 'number', expr: 'spend_7d / n_tx_7d' }],
};
const features = (refs: string[], entityKey = 'customer_id'): DeploymentFeatures => ({
  entityKey,
  features: refs,
  onMissing: 'missing',
  featureSetVersion: 3,
});

function caught(run: () => unknown): BallastError {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('enrichmentPlan', () => {
  it('groups view features per view and computes on-demand ones with the core implementation', () => {
    const plan = enrichmentPlan(defs, features(['tx:spend_7d', 'on_demand:avg_tx', 'tx:n_tx_7d']), [
      'spend_7d',
      'n_tx_7d',
      'avg_tx',
      'amount',
    ]);
    expect(plan).toMatchObject({
      featureSetVersion: 3,
      entityKey: 'customer_id',
      views: [{ view: 'tx', features: ['spend_7d', 'n_tx_7d'] }],
      onDemand: ['avg_tx'],
    });
    expect(plan.computeOnDemand!((name) => ({ spend_7d: 30, n_tx_7d: 4 })[name]).avg_tx).toBe(7.5);
  });

  it('names every unknown ref in one feature_not_found', () => {
    const error = caught(() => enrichmentPlan(defs, features(['tx:nope', 'wat:x', 'on_demand:zzz']), ['nope']));
    expect(error.code).toBe('feature_not_found');
    expect(error.message).toMatch(/"nope".*"wat".*"zzz"/);
  });

  it('refuses a view keyed otherwise, a feature the model does not take, and two refs filling one input', () => {
    const error = caught(() => enrichmentPlan(defs, features(['shop:fraud_rate', 'tx:spend_7d', 'tx:spend_7d']), ['spend_7d']));
    expect(error.code).toBe('invalid_argument');
    expect(error.issues.map((i) => [i.path[2], i.message])).toEqual([
      [0, 'view "shop" is keyed by "merchant_id" (entity merchant), not by "customer_id"'],
      [0, '"fraud_rate" is not an input of the model (its inputs: spend_7d)'],
      [2, 'tx:spend_7d and tx:spend_7d would both fill the model input "spend_7d"'],
    ]);
  });
});
