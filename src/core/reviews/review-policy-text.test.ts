import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../issues.ts';
import { classLabelFor, parseReviewCondition, parseReviewFallback, reviewConditionText, reviewFallbackText } from './review-policy-text.ts';

function parse(text: string) {
  const issues = new IssueCollector();
  return { condition: parseReviewCondition(text, ['when'], issues), issues: issues.issues };
}

describe('parseReviewCondition', () => {
  it('reads the four conditions, with free spacing and case', () => {
    expect(parse('max_probability < 0.6').condition).toEqual({ kind: 'max_probability_below', threshold: 0.6 });
    expect(parse('  MAX_PROBABILITY<.75 ').condition).toEqual({ kind: 'max_probability_below', threshold: 0.75 });
    expect(parse('probability between 0.4 and 0.6').condition).toEqual({ kind: 'probability_between', low: 0.4, high: 0.6 });
    expect(parse('probability  between 0 and 1').condition).toEqual({ kind: 'probability_between', low: 0, high: 1 });
    expect(parse('contract_flagged').condition).toEqual({ kind: 'contract_flagged' });
    expect(parse('disagreement').condition).toEqual({ kind: 'disagreement' });
  });

  it.each([
    ['max_probability > 0.6', 'invalid_format'],
    ['max_probability < 1.5', 'invalid_value'],
    ['max_probability < -0.1', 'invalid_value'],
    ['max_probability < 0', 'invalid_value'],
    ['max_probability < abc', 'invalid_value'],
    ['probability between 0.6 and 0.4', 'invalid_value'],
    ['probability between 0.4', 'invalid_format'],
    ['', 'invalid_format'],
  ])('refuses %j with an issue at the field (%s)', (text, code) => {
    const { condition, issues } = parse(text);
    expect(condition).toBeUndefined();
    expect(issues[0]).toMatchObject({ code, path: ['when'] });
  });

  it('writes a condition back as the grammar reads it', () => {
    for (const text of ['max_probability < 0.6', 'probability between 0.4 and 0.6', 'contract_flagged', 'disagreement'])
      expect(reviewConditionText(parse(text).condition!)).toBe(text);
  });
});

describe('parseReviewFallback', () => {
  it('reads abstain, stable and label:V', () => {
    const issues = new IssueCollector();
    expect(parseReviewFallback('abstain', [], issues)).toEqual({ kind: 'abstain' });
    expect(parseReviewFallback(' stable', [], issues)).toEqual({ kind: 'stable' });
    expect(parseReviewFallback('label:no', [], issues)).toEqual({ kind: 'label', text: 'no' });
    expect(issues.count).toBe(0);
  });

  it('refuses anything else', () => {
    const issues = new IssueCollector();
    expect(parseReviewFallback('label:', ['fallback'], issues)).toBeUndefined();
    expect(parseReviewFallback('refuse', ['fallback'], issues)).toBeUndefined();
    expect(issues.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_format', ['fallback']],
      ['invalid_format', ['fallback']],
    ]);
  });

  it('finds the class a label text names, numbers included', () => {
    expect(classLabelFor('1', [0, 1])).toBe(1);
    expect(classLabelFor('yes', ['no', 'yes'])).toBe('yes');
    expect(classLabelFor('maybe', ['no', 'yes'])).toBeUndefined();
    expect(reviewFallbackText({ kind: 'label', value: 1 })).toBe('label:1');
    expect(reviewFallbackText({ kind: 'stable' })).toBe('stable');
  });
});
