import { describe, expect, it } from 'vitest';
import { featureDomains, referenceFacts, type FeatureInfo } from './feature-domains.ts';

const features: FeatureInfo[] = [
  { name: 'age', categorical: false, integer: true },
  { name: 'income', categorical: false, integer: false, allowed: { min: 0, max: 90 } },
  { name: 'home', categorical: true, integer: false, allowed: { values: ['own', 'rent'] } },
];
const reference = {
  rowCount: 5,
  columns: [
    Float64Array.from([20, 30, 40, 50, 60]),
    Float64Array.from([10, 20, 30, 100, Number.NaN]),
    ['own', 'rent', 'own', 'mortgage', null],
  ],
};
const none = { immutable: new Set<number>(), directions: new Map(), maxChanges: 3 };

describe('referenceFacts', () => {
  it('gives ranges, MAD scales and quantiles for numbers and the categories seen', () => {
    const facts = referenceFacts(features, reference);
    expect(facts[0]).toMatchObject({ kind: 'numeric', min: 20, max: 60, scale: 10 });
    expect(facts[0]!.kind === 'numeric' && facts[0]!.quantiles[0]).toBe(20);
    expect(facts[1]).toMatchObject({ min: 10, max: 100 });
    expect(facts[2]).toEqual({ kind: 'categorical', seen: ['mortgage', 'own', 'rent'] });
  });
});

describe('featureDomains', () => {
  const facts = referenceFacts(features, reference);

  it('keeps candidates inside the reference range and the contract, nearest first', () => {
    const domains = featureDomains(features, facts, [35, 25, 'rent'], none, [[10, 30, 41, 70], [5, 50, 95], []]);
    // 10 and 70 are outside the 20–60 seen in training; the bounds 20 and 60 stand for the intervals beyond them.
    expect(domains[0]!.candidates).toEqual([30, 41, 20, 60]);
    expect(domains[0]!.costs).toEqual([0.5, 0.6, 1.5, 2.5]);
    expect(domains[1]!.candidates).toEqual([10, 50, 90]); // 95 is past the contract's max 90, 5 below the reference's min 10
    expect(domains[2]!.candidates).toEqual(['own']); // mortgage was seen but the contract does not allow it
  });

  it('gives immutable features nothing and keeps one side for a direction, saying why when empty', () => {
    const constraints = { immutable: new Set([0]), directions: new Map([[1, 'decrease' as const]]), maxChanges: 3 };
    const domains = featureDomains(features, facts, [35, 10, 'rent'], constraints, [[30], [5, 50], []]);
    expect(domains[0]).toMatchObject({ candidates: [], blocked: 'immutable' });
    expect(domains[1]).toMatchObject({ candidates: [], blocked: 'range' });
    const up = featureDomains(features, facts, [35, 60, 'rent'], { ...constraints, immutable: new Set<number>() }, [[30], [50], []]);
    expect(up[1]).toMatchObject({ candidates: [50, 10] }); // down to the threshold, or to the reference's minimum
    // At the reference's minimum already: nothing lies below it.
    const down = featureDomains(features, facts, [35, 10, 'rent'], constraints, [[30], [50], []]);
    expect(down[1]).toMatchObject({ candidates: [], blocked: 'direction' });
    const lifted = featureDomains(features, facts, [35, 10, 'rent'], constraints, [[30], [50], []], { directions: true });
    expect(lifted[1]!.candidates).toEqual([50, 90]);
  });

  it('uses the quantiles without thresholds and marks a feature no tree splits on as unused', () => {
    const ages = featureDomains(features, facts, [35, 25, 'own'], none, undefined)[0]!;
    expect(ages.candidates).toHaveLength(21); // quantiles every 5%: 20 to 60 every 2 years (35 is not one of them)
    expect(ages.candidates.slice(0, 2)).toEqual([34, 36]);
    expect([...ages.costs]).toEqual([...ages.costs].sort((a, b) => a - b));
    expect(featureDomains(features, facts, [35, 25, 'own'], none, [[], [50], []])[0]!.blocked).toBe('unused');
  });
});
