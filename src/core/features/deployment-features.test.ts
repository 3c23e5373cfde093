import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../issues.ts';
import { parseDeploymentFeatures, parseFeaturesSpec, sameDeploymentFeatures } from './deployment-features.ts';

function parse(raw: unknown) {
  const issues = new IssueCollector();
  const features = parseDeploymentFeatures(raw, ['features'], issues);
  return { features, issues: issues.issues };
}

describe('deployment features', () => {
  it('reads the CLI spec KEY=VIEW:FEATURE,...', () => {
    expect(parseFeaturesSpec('customer_id=tx:spend_7d, tx:n_tx_7d')).toEqual({
      entityKey: 'customer_id',
      features: ['tx:spend_7d', 'tx:n_tx_7d'],
    });
    for (const bad of ['tx:spend_7d', '=tx:a', 'customer_id=', 'customer_id=tx:a,,tx:b']) expect(parseFeaturesSpec(bad)).toBeUndefined();
  });

  it('parses the config field with defaults, and null removes it', () => {
    expect(parse({ entityKey: 'customer_id', features: ['tx:a', 'on_demand:b'] })).toEqual({
      features: { entityKey: 'customer_id', features: ['tx:a', 'on_demand:b'], onMissing: 'missing', featureSetVersion: 0 },
      issues: [],
    });
    expect(parse(null)).toEqual({ features: null, issues: [] });
  });

  it('reports every problem at its path', () => {
    const { features, issues } = parse({ entityKey: 'bad key', features: ['tx:a', 'nocolon', 'tx:a'], onMissing: 'drop', extra: 1 });
    expect(features).toBeNull();
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['unrecognized_key', 'features.extra'],
      ['invalid_format', 'features.entityKey'],
      ['invalid_format', 'features.features.1'],
      ['duplicate', 'features.features.2'],
      ['invalid_value', 'features.onMissing'],
    ]);
    expect(parse({ entityKey: 'k', features: [] }).issues[0]!.code).toBe('too_small');
    expect(parse('k=tx:a').issues[0]!.code).toBe('invalid_type');
  });

  it('tells when two deployments enrich alike', () => {
    const a = { entityKey: 'k', features: ['tx:a'], onMissing: 'missing' as const, featureSetVersion: 1 };
    expect(sameDeploymentFeatures(a, { ...a, features: ['tx:a'] })).toBe(true);
    expect(sameDeploymentFeatures(a, { ...a, featureSetVersion: 2 })).toBe(false);
    expect(sameDeploymentFeatures(a, undefined)).toBe(false);
    expect(sameDeploymentFeatures(undefined, undefined)).toBe(true);
  });
});
