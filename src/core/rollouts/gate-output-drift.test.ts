import { describe, expect, it } from 'vitest';
import { outputDriftCheck, scoreOf } from './gate-output-drift.ts';

/** Evenly spread quantiles of a uniform distribution on [low, high): a deterministic sample. */
const spread = (n: number, low: number, high: number) => Array.from({ length: n }, (_, i) => low + ((i + 0.5) / n) * (high - low));

describe('scoreOf', () => {
  it("reads a binary classifier's positive-class probability, a multiclass one's top probability, a regressor's value", () => {
    expect(scoreOf({ label: 'yes', probabilities: [0.3, 0.7] })).toBe(0.7);
    expect(scoreOf({ label: 'b', probabilities: [0.2, 0.5, 0.3] })).toBe(0.5);
    expect(scoreOf({ value: 12.5 })).toBe(12.5);
    expect(scoreOf({ label: 'yes' })).toBeUndefined();
    expect(scoreOf({ value: Number.NaN })).toBeUndefined();
  });
});

describe('outputDriftCheck', () => {
  it('fails when the candidate scores moved: KS significant and the effect size above its threshold', () => {
    const check = outputDriftCheck(spread(200, 0.5, 1), spread(200, 0, 0.5));
    expect(check.verdict).toBe('fail');
    expect(check.candidate).toBeGreaterThan(0.1);
    expect(check.reason).toContain('drifted');
  });

  it('passes the same distribution', () => {
    const check = outputDriftCheck(spread(200, 0, 1), spread(300, 0, 1));
    expect(check.verdict).toBe('pass');
  });

  it('passes a significant but negligible shift: the effect size stays under its threshold', () => {
    // A shift of 1% of the range on many rows: KS may call it significant, the effect size does not.
    const check = outputDriftCheck(spread(5000, 0.01, 1.01), spread(5000, 0, 1));
    expect(check.candidate).toBeLessThan(0.1);
    expect(check.verdict).toBe('pass');
  });

  it('is inconclusive with fewer than 30 scores on either side', () => {
    expect(outputDriftCheck(spread(29, 0.5, 1), spread(200, 0, 0.5)).verdict).toBe('inconclusive');
    expect(outputDriftCheck(spread(200, 0.5, 1), spread(29, 0, 0.5)).verdict).toBe('inconclusive');
  });
});
