import { describe, expect, it } from 'vitest';
import { chartTitle, coverageSentence, metricLabel } from './performance-wording.ts';

describe('performance wording', () => {
  it('names metrics as a reader says them, and unknown ones as sent', () => {
    expect(metricLabel('roc_auc')).toBe('ROC AUC');
    expect(metricLabel('f1')).toBe('F1');
    expect(metricLabel('new_metric')).toBe('new_metric');
  });

  it('says how many predictions carry a label', () => {
    expect(coverageSentence({ rows: 4800, labelledRows: 1200 })).toBe('1,200 of 4,800 predictions labelled (25%)');
    expect(coverageSentence({ rows: 0, labelledRows: 0 })).toBe('no predictions in this range');
  });

  it('titles the chart by what it holds', () => {
    expect(chartTitle({ metric: 'roc_auc', estimatedWindows: 3, realizedWindows: 2 })).toBe('Realised and estimated ROC AUC');
    expect(chartTitle({ metric: 'accuracy', estimatedWindows: 0, realizedWindows: 2 })).toBe('Realised accuracy');
    expect(chartTitle({ metric: 'accuracy', estimatedWindows: 4, realizedWindows: 0 })).toBe('Estimated accuracy');
  });
});
