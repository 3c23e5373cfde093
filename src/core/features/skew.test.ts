import { describe, expect, it } from 'vitest';
import { compareFeature, FeatureSkewTally, servedValue } from './skew.ts';

describe('servedValue', () => {
  it.each([
    [3.5, 'number', 3.5],
    ['3.5', 'number', 3.5],
    [' 7 ', 'integer', 7],
    ['', 'number', null],
    ['abc', 'number', 'abc'],
    [Number.NaN, 'number', null],
    [null, 'number', null],
    [undefined, 'string', null],
    ['true', 'boolean', true],
    [false, 'boolean', false],
    ['maybe', 'boolean', 'maybe'],
    [42, 'string', '42'],
    ['gold', 'string', 'gold'],
  ] as const)('%j as %s is %j', (value, type, expected) => {
    expect(servedValue(value, type)).toEqual(expected);
  });
});

describe('compareFeature', () => {
  it('matches numbers within tolerance × max(1, |offline|), both ends inclusive', () => {
    expect(compareFeature(1.0000005, 1, 1e-6)).toEqual({ kind: 'match', difference: expect.closeTo(5e-7, 12) });
    expect(compareFeature(1.5, 1, 0.5)).toEqual({ kind: 'match', difference: 0.5 });
    expect(compareFeature(1.6, 1, 0.5).kind).toBe('mismatch');
    // Relative for large values: 1e6 × 1e-6 = 1.
    expect(compareFeature(1_000_001, 1_000_000, 1e-6).kind).toBe('match');
    expect(compareFeature(1_000_002, 1_000_000, 1e-6)).toEqual({ kind: 'mismatch', difference: 2 });
    // Absolute near zero.
    expect(compareFeature(0.5e-6, 0, 1e-6).kind).toBe('match');
    expect(compareFeature(-2e-6, 0, 1e-6)).toEqual({ kind: 'mismatch', difference: -2e-6 });
  });

  it('tells the missing sides apart', () => {
    expect(compareFeature(null, null, 0)).toEqual({ kind: 'both_missing' });
    expect(compareFeature(null, 3, 0)).toEqual({ kind: 'missing_online' });
    expect(compareFeature(3, null, 0)).toEqual({ kind: 'missing_offline' });
  });

  it('compares text and booleans exactly, with no difference', () => {
    expect(compareFeature('gold', 'gold', 0)).toEqual({ kind: 'match', difference: null });
    expect(compareFeature('gold', 'silver', 1)).toEqual({ kind: 'mismatch', difference: null });
    expect(compareFeature(true, false, 1)).toEqual({ kind: 'mismatch', difference: null });
    expect(compareFeature('3', 3, 1)).toEqual({ kind: 'mismatch', difference: null });
  });
});

describe('FeatureSkewTally', () => {
  const example = (i: number) => ({
    predictionId: `p${i}`,
    versionId: 'v1',
    at: `2026-01-01T00:00:0${i}Z`,
    entityKey: `k${i}`,
    served: i,
    offline: 0,
  });

  it('counts every outcome and rates mismatches over the predictions checked', () => {
    const tally = new FeatureSkewTally();
    tally.add(example(1), compareFeature(1, 1, 0));
    tally.add(example(2), compareFeature(2, 0, 0));
    tally.add(example(3), compareFeature(null, null, 0));
    tally.add(example(4), compareFeature(null, 4, 0));
    tally.add(example(5), compareFeature(5, null, 0));
    const summary = tally.summary();
    expect(summary).toMatchObject({
      checked: 5,
      compared: 2,
      matches: 1,
      mismatches: 3,
      mismatchRate: 3 / 5,
      missingOffline: 1,
      missingOnline: 1,
      bothMissing: 1,
    });
    expect(summary.largestDifferences.map((e) => [e.predictionId, e.difference])).toEqual([
      ['p2', 2],
      ['p5', null],
      ['p4', null],
    ]);
  });

  it('keeps only the largest absolute differences, whatever their sign', () => {
    const tally = new FeatureSkewTally(2);
    for (const [i, d] of [
      [1, 0.5],
      [2, -9],
      [3, 3],
      [4, -1],
    ] as const)
      tally.add(example(i), compareFeature(d, 0, 0));
    expect(tally.summary().largestDifferences.map((e) => e.difference)).toEqual([-9, 3]);
  });

  it('has no rate before any prediction', () => {
    expect(new FeatureSkewTally().summary()).toMatchObject({ checked: 0, mismatches: 0, mismatchRate: null, largestDifferences: [] });
  });
});
