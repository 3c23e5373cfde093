import { describe, expect, it } from 'vitest';
import { formatShare } from '../lib/format.ts';
import { datasetSentence, decisionOf, decisionSentence, formatP, formatStatistic, metricLines } from './drift-wording.ts';
import { categoricalColumn, numericColumn, report } from './monitoring-fixtures.ts';

describe('number formats', () => {
  it('prints p-values, statistics and shares without NaN or null', () => {
    expect([formatP(3.21e-12), formatP(0.0456), formatP(0), formatP(null), formatP(Number.NaN)]).toEqual([
      '3.2e-12',
      '0.046',
      '0',
      '—',
      '—',
    ]);
    expect([formatStatistic(0.123456), formatStatistic(12345.6), formatStatistic(0.0000123), formatStatistic(null)]).toEqual([
      '0.123',
      '12,346',
      '1.23e-5',
      '—',
    ]);
    expect([formatShare(0.5), formatShare(0.0123), formatShare(0.0004), formatShare(0), formatShare(null)]).toEqual([
      '50%',
      '1.23%',
      '0.04%',
      '0%',
      '—',
    ]);
  });
});

describe('decisionSentence', () => {
  it('names both conditions when the column drifted', () => {
    const column = numericColumn('income', 0.25, { drifted: true, p: 0.0001 });
    expect(decisionOf(column)).toBe('drifted');
    expect(decisionSentence(column)).toBe(
      'Drifted: the test is significant (KS p = 1e-4 after correction) and the effect is large (normalised Wasserstein 0.25 ≥ 0.1).',
    );
  });

  it('blames the test when the effect passed its threshold but the column is stable', () => {
    expect(decisionSentence(numericColumn('income', 0.3, { p: 0.2 }))).toBe(
      'Not drifted: the effect is large (normalised Wasserstein 0.3 ≥ 0.1) but the test is not significant (KS p = 0.2 after correction) — too few rows to tell this shift from noise.',
    );
  });

  it('says the effect is small, even when the test is significant on many rows', () => {
    expect(decisionSentence(categoricalColumn('purpose', 0.02, { p: 1e-9 }))).toBe(
      'Not drifted: the effect is small (total variation 0.02 < 0.1; chi-square p = 1e-9 after correction).',
    );
  });

  it('says "no decision" with the reason when nothing could be computed', () => {
    const column = numericColumn('income', null, { p: null, note: 'not enough data: the current data has no values in this column' });
    expect(decisionOf(column)).toBe('undecided');
    expect(decisionSentence(column)).toBe(
      'No decision: neither the test nor the effect size could be computed (not enough data: the current data has no values in this column).',
    );
  });
});

describe('metricLines', () => {
  it('lists numeric and categorical statistics in a fixed order', () => {
    expect(metricLines(numericColumn('income', 0.25, { p: 0.01 })).map((l) => `${l.name}=${l.value}`)).toEqual([
      'KS statistic=0.2',
      'KS p-value (raw)=0.01',
      'Wasserstein=121',
      'Wasserstein / reference std=0.25',
      'PSI=0.03',
      'Jensen–Shannon=0.05',
      'p-value (corrected)=0.01',
    ]);
    expect(metricLines(categoricalColumn('purpose', null)).map((l) => l.name)).toEqual([
      'Chi-square',
      'Chi-square p-value (raw)',
      'PSI',
      'Jensen–Shannon',
      'Total variation',
      'p-value (corrected)',
    ]);
  });
});

describe('datasetSentence', () => {
  it('gives the share against its threshold and what the multivariate check found, in the words of every other summary', () => {
    const drifted = report(
      [numericColumn('a', 0.3, { drifted: true }), numericColumn('b', 0.01), numericColumn('c', 0.01), numericColumn('d', 0.01)],
      { drifted: true },
    );
    expect(datasetSentence(drifted.dataset)).toBe(
      '1 of 4 columns drifted (25% < 50%, the share from which the dataset drifts); the multivariate check found the numeric columns relate differently (reconstruction error +30%, p = 1e-6).',
    );
    expect(datasetSentence(report([numericColumn('a', 0.01)]).dataset)).toBe(
      '0 of 1 column drifted (0% < 50%, the share from which the dataset drifts).',
    );
  });
});
