import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.ts';
import { castFeatureValue, computeOnDemandFeatures, computeViewFeatures, viewSourceColumns } from './compute-features.ts';
import type { FeatureViewDefinition } from './feature-definitions.ts';

const view: FeatureViewDefinition = {
  name: 'tx',
  entity: 'customer',
  source: 'transactions',
  ttlSeconds: 604800,
  features: [
    { name: 'spend_7d', type: 'number' },
    { name: 'n_tx_7d', type: 'integer' },
    { name: 'avg_tx', type: 'number', expr: 'spend_7d / n_tx_7d' },
    { name: 'big_spender', type: 'boolean', expr: 'coalesce(spend_7d, 0) > 1000' },
    { name: 'tier', type: 'string', expr: 'bucket(spend_7d, [100, 1000])' },
  ],
};

const row = (cells: Record<string, Cell>) => (name: string) => cells[name];

describe('computeViewFeatures', () => {
  it('reads plain features from their columns and derives the others, typed', () => {
    expect(computeViewFeatures(view, row({ spend_7d: '1500', n_tx_7d: '3' }))).toEqual({
      spend_7d: 1500,
      n_tx_7d: 3,
      avg_tx: 500,
      big_spender: true,
      tier: '2',
    });
  });

  it('gives missing values for missing or ill-typed cells, the same from CSV text and JSON', () => {
    const fromCsv = computeViewFeatures(view, row({ spend_7d: '', n_tx_7d: '2.5' }));
    const fromJson = computeViewFeatures(view, row({ spend_7d: null, n_tx_7d: 2.5 }));
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv).toEqual({ spend_7d: null, n_tx_7d: null, avg_tx: null, big_spender: false, tier: null });
  });

  it('lists the source columns the view reads, once each', () => {
    expect(viewSourceColumns(view)).toEqual(['spend_7d', 'n_tx_7d']);
  });
});

describe('computeOnDemandFeatures', () => {
  it('computes from request fields, each feature able to read the ones before it', () => {
    const defs = [
      { name: 'loan_to_income', type: 'number' as const, expr: 'loan_amount / income' },
      { name: 'high_ratio', type: 'boolean' as const, expr: 'loan_to_income > 0.5' },
    ];
    expect(computeOnDemandFeatures(defs, row({ loan_amount: 30000, income: '40000' }))).toEqual({ loan_to_income: 0.75, high_ratio: true });
  });
});

describe('castFeatureValue', () => {
  it('keeps only values that fit the type', () => {
    expect(castFeatureValue('integer', 3)).toBe(3);
    expect(castFeatureValue('integer', true)).toBeNull();
    expect(castFeatureValue('number', 'abc')).toBeNull();
    expect(castFeatureValue('boolean', 'False')).toBe(false);
    expect(castFeatureValue('string', 4.5)).toBe('4.5');
  });
});
