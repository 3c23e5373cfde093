import { describe, expect, it } from 'vitest';
import type { FeatureDefinitions } from './feature-definitions.ts';
import { parseFeatureRefs, resolveFeatureRefs } from './resolve-feature-refs.ts';

const definitions: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
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
  ],
  onDemandFeatures: [{ name: 'ratio', type: 'number', expr: 'a / b' }],
};

describe('parseFeatureRefs', () => {
  it('reads a comma-separated list of view:feature', () => {
    expect(parseFeatureRefs(' tx:spend_7d, tx:n_tx_7d ,')).toEqual([
      { view: 'tx', feature: 'spend_7d' },
      { view: 'tx', feature: 'n_tx_7d' },
    ]);
  });

  it('names a malformed item', () => {
    expect(() => parseFeatureRefs('tx:a,spend')).toThrow(/"spend" is not view:feature/);
    expect(() => parseFeatureRefs(' , ')).toThrow(/no features given/);
  });
});

describe('resolveFeatureRefs', () => {
  it('finds each feature with its view, entity and source, and on-demand features', () => {
    const [plain, onDemand] = resolveFeatureRefs(definitions, parseFeatureRefs('tx:n_tx_7d,on_demand:ratio'));
    expect(plain).toMatchObject({
      kind: 'view',
      entity: { key: 'customer_id' },
      source: { name: 'transactions' },
      feature: { type: 'integer' },
    });
    expect(onDemand).toMatchObject({ kind: 'on_demand', feature: { expr: 'a / b' } });
  });

  it('names every unknown view and feature in one feature_not_found', () => {
    let caught: unknown;
    try {
      resolveFeatureRefs(definitions, parseFeatureRefs('tx:spend_30d,orders:n,on_demand:nope'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'feature_not_found' });
    const message = (caught as Error).message;
    expect(message).toContain('view "tx" has no feature "spend_30d" (features: spend_7d, n_tx_7d)');
    expect(message).toContain('no feature view is named "orders" (views: tx)');
    expect(message).toContain('no on-demand feature is named "nope" (on-demand features: ratio)');
  });
});
