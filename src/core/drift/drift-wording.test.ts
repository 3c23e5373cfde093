import { describe, expect, it } from 'vitest';
import { formatCount, formatShare } from '../format-numbers.ts';
import { decisionOf, formatP, formatStatistic, missingnessSentence } from './drift-wording.ts';

describe('number formatting', () => {
  it('prints small p-values in exponent form and others to two digits', () => {
    expect(formatP(3.2e-12)).toBe('3.2e-12');
    expect(formatP(3e-12)).toBe('3e-12');
    expect(formatP(0.0123)).toBe('0.012');
    expect(formatP(0.5)).toBe('0.5');
    expect(formatP(1)).toBe('1');
    expect(formatP(0)).toBe('0');
    expect(formatP(null)).toBe('—');
  });

  it('prints effects to three significant digits, large statistics grouped, null as a dash', () => {
    expect(formatStatistic(0.234567)).toBe('0.235');
    expect(formatStatistic(0.1)).toBe('0.1');
    expect(formatStatistic(12.3456)).toBe('12.3');
    expect(formatStatistic(0.0000123)).toBe('1.23e-5');
    expect(formatStatistic(0.00001)).toBe('1e-5');
    expect(formatStatistic(123456.7)).toBe('123,457');
    expect(formatStatistic(-2500.4)).toBe('-2,500');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatStatistic(null)).toBe('—');
    expect(formatStatistic(Number.NaN)).toBe('—');
    expect(formatShare(0.4286)).toBe('42.9%');
    expect(formatShare(0.0123)).toBe('1.23%');
  });
});

describe('decisionOf', () => {
  it('says drifted, not drifted, or no decision when the column was not compared', () => {
    expect(decisionOf({ drifted: true, p_value: 1e-9 })).toBe('drifted');
    expect(decisionOf({ drifted: false, p_value: 0.4 })).toBe('stable');
    expect(decisionOf({ drifted: false, p_value: null })).toBe('undecided');
  });
});

describe('missingnessSentence', () => {
  it('says the shares, the change in points, the corrected p-value and the verdict', () => {
    expect(
      missingnessSentence({ reference_share: 0.1, current_share: 0.16, change: 0.06, p_value: 1.7e-36, threshold: 0.05, changed: true }),
    ).toBe('missing 10% → 16% (+6 points; z-test p 1.7e-36 after correction): changed (more values missing)');
    expect(
      missingnessSentence({ reference_share: 0.01, current_share: 0.013, change: 0.003, p_value: 1e-9, threshold: 0.05, changed: false }),
    ).toBe('missing 1% → 1.3% (+0.3 points; z-test p 1e-9 after correction): not changed (under 5 points)');
    expect(
      missingnessSentence({ reference_share: 0.16, current_share: 0.1, change: -0.06, p_value: 0.2, threshold: 0.05, changed: false }),
    ).toBe('missing 16% → 10% (−6 points; z-test p 0.2 after correction): not changed (not significant)');
  });
});
