import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_CONFIG, type DeploymentConfig } from '../serving-records.ts';
import { skewEnrichmentOf } from './skew-enrichment.ts';

const withFeatures = (features: unknown): DeploymentConfig => ({ ...DEFAULT_DEPLOYMENT_CONFIG, features }) as DeploymentConfig;

describe('skewEnrichmentOf', () => {
  it('reads the entity key and the view:feature references', () => {
    expect(
      skewEnrichmentOf(withFeatures({ entityKey: 'customer_id', features: ['tx:spend_7d', 'tx:n_tx_7d'], onMissing: 'missing' })),
    ).toEqual({
      entityKey: 'customer_id',
      features: [
        { view: 'tx', feature: 'spend_7d' },
        { view: 'tx', feature: 'n_tx_7d' },
      ],
    });
  });

  it('keeps the version the deploy stamped, and leaves on-demand features (bare names) out', () => {
    expect(
      skewEnrichmentOf(withFeatures({ entityKey: 'id', features: ['loan_to_income', 'tx:a'], onMissing: 'reject', featureSetVersion: 4 })),
    ).toEqual({ entityKey: 'id', features: [{ view: 'tx', feature: 'a' }], featureSetVersion: 4 });
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: ['tx:a'], featureSetVersion: 0 }))).toEqual({
      entityKey: 'id',
      features: [{ view: 'tx', feature: 'a' }],
    });
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: ['loan_to_income'] }))).toBeUndefined();
  });

  it('is undefined for a deployment without enrichment, or one it cannot read', () => {
    expect(skewEnrichmentOf(DEFAULT_DEPLOYMENT_CONFIG)).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures(null))).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures({ entityKey: '', features: ['tx:a'] }))).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: [] }))).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: [':a'] }))).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: ['tx:'] }))).toBeUndefined();
    expect(skewEnrichmentOf(withFeatures({ entityKey: 'id', features: [3] }))).toBeUndefined();
  });
});
