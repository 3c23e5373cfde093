import { describe, expect, it } from 'vitest';
import { featureLabel, outcomeInWords, reasonsInWords, type FeatureWording } from './reasons.ts';

const features: FeatureWording[] = [
  { name: 'debt_to_income', label: 'debt-to-income ratio' },
  { name: 'employment_type', categories: ['contract', 'retired', 'salaried'] },
  { name: 'age', unit: 'years' },
  { name: 'income' },
  { name: 'credit_utilization', unit: '%' },
];

describe('reasonsInWords', () => {
  it('says the largest contributions first, with direction, display name, value and unit', () => {
    const reasons = reasonsInWords({
      features,
      values: [0.79, 'retired', 52, 93_700, 35],
      contributions: [0.9, -0.4, 0.05, -0.2, 0.1],
      outcome: 'the chance of default',
      top: 3,
    });
    expect(reasons).toEqual([
      'a debt-to-income ratio of 0.79 raised the chance of default most',
      'an employment type of retired lowered the chance of default',
      'an income of 93,700 lowered the chance of default',
    ]);
  });

  it('names a category given as a code by its name, and says a missing value and units', () => {
    const reasons = reasonsInWords({
      features,
      values: [0.5, 1, 52, null, 35],
      contributions: [0, 0.1, -0.3, 0.2, 0.05],
      outcome: 'the risk',
      top: 5,
    });
    expect(reasons).toEqual([
      'an age of 52 years lowered the risk most',
      'a missing income raised the risk',
      'an employment type of retired raised the risk',
      'a credit utilization of 35% raised the risk',
    ]);
  });

  it('gives at most top reasons, none for features that moved nothing, and says a masked value as it is', () => {
    const input = { features, values: [0.79, 'retired', '***', 1, 2], contributions: [0, 0, -0.3, 0, 0], outcome: 'the risk' };
    expect(reasonsInWords({ ...input, top: 3 })).toEqual(['an age of *** years lowered the risk most']);
    expect(reasonsInWords({ ...input, top: 0 })).toEqual([]);
  });

  it('breaks ties by the features’ order, so the same explanation always reads the same', () => {
    const reasons = reasonsInWords({ features, values: [1, 0, 2, 3, 4], contributions: [0, 0.5, 0, -0.5, 0], outcome: 'x', top: 2 });
    expect(reasons).toEqual(['an employment type of contract raised x most', 'an income of 3 lowered x']);
  });
});

describe('featureLabel', () => {
  it('makes column names readable when no display name is known', () => {
    expect(featureLabel({ name: 'num_late_payments_2y' })).toBe('num late payments 2y');
    expect(featureLabel({ name: 'loanAmount' })).toBe('loan amount');
    expect(featureLabel({ name: 'DTI_ratio' })).toBe('DTI ratio');
    expect(featureLabel({ name: 'x', label: '  Debt ratio ' })).toBe('Debt ratio');
  });
});

describe('outcomeInWords', () => {
  it('says a binary classifier’s class 1 when it is a word, else the target, else the class', () => {
    expect(outcomeInWords({ kind: 'binary', classes: ['legit', 'fraud'] })).toBe('the chance of fraud');
    expect(outcomeInWords({ kind: 'binary', classes: [0, 1] }, { target: 'default' })).toBe('the chance of default');
    expect(outcomeInWords({ kind: 'binary', classes: ['no', 'yes'] }, { target: 'will_churn' })).toBe('the chance of will churn');
    expect(outcomeInWords({ kind: 'binary', classes: [0, 1] })).toBe('the chance of class 1');
  });

  it('says the predicted class of a multiclass model and the predicted value of a regressor', () => {
    expect(outcomeInWords({ kind: 'multiclass', classes: ['setosa', 'versicolor'] }, { predicted: 'versicolor' })).toBe(
      'the chance of versicolor',
    );
    expect(outcomeInWords({ kind: 'multiclass', classes: [0, 1, 2] }, { predicted: 2 })).toBe('the chance of class 2');
    expect(outcomeInWords({ kind: 'regression' })).toBe('the predicted value');
    expect(outcomeInWords({ kind: 'regression' }, { target: 'house_price' })).toBe('the predicted house price');
  });
});
