import { describe, expect, it } from 'vitest';
import { argsortAscending } from './argsort.ts';
import { realizedMetric, rocAuc, rocAucInOrder } from './realized-metrics.ts';

describe('rocAuc', () => {
  it('counts a tie between a positive and a negative as half, as scikit-learn does', () => {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8]) == 0.875
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBe(0.875);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
  });

  it('is NaN with one class', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
});

describe('rocAucInOrder', () => {
  it('gives rocAuc exactly from any decreasing order, ties in either order (an ascending sort read backwards)', () => {
    const scores = Float64Array.from({ length: 2000 }, (_, i) => Math.round(((i * 7919) % 1000) / 10) / 100);
    const labels = Int32Array.from(scores, (s, i) => (s + ((i * 31) % 17) / 40 > 0.7 ? 1 : 0));
    const backwards = argsortAscending(scores).reverse();
    expect(rocAucInOrder(labels, scores, backwards)).toBe(rocAuc(labels, scores));
  });
});

describe('realizedMetric (NannyML’s null cases)', () => {
  const binary = { labels: [0, 1, 1, 0], predictions: [0, 1, 0, 0], scores: [[0.2, 0.9, 0.4, 0.1]] };

  it('computes the binary metrics of the positive class', () => {
    expect(realizedMetric('accuracy', binary, 2)).toBe(0.75);
    expect(realizedMetric('precision', binary, 2)).toBe(1);
    expect(realizedMetric('recall', binary, 2)).toBe(0.5);
    expect(realizedMetric('f1', binary, 2)).toBeCloseTo(2 / 3, 12);
    expect(realizedMetric('specificity', binary, 2)).toBe(1);
    expect(realizedMetric('roc_auc', binary, 2)).toBe(1);
  });

  it('has no F1 when the labels hold one class, and nothing without rows', () => {
    expect(realizedMetric('f1', { labels: [1, 1], predictions: [1, 0], scores: [[0.9, 0.2]] }, 2)).toBeNull();
    expect(realizedMetric('accuracy', { labels: [], predictions: [], scores: [[]] }, 2)).toBeNull();
  });

  it('has no specificity without a negative row, where scikit-learn’s zero_division would say 0', () => {
    expect(realizedMetric('specificity', { labels: [1, 1], predictions: [1, 0], scores: [[0.9, 0.2]] }, 2)).toBeNull();
  });

  it('averages one-vs-rest over the classes for a multiclass model', () => {
    const rows = {
      labels: [0, 1, 2, 2],
      predictions: [0, 1, 1, 2],
      scores: [
        [0.8, 0.1, 0.1, 0.1],
        [0.1, 0.8, 0.5, 0.2],
        [0.1, 0.1, 0.4, 0.7],
      ],
    };
    // precision per class: 1, 0.5, 1 → macro 5/6
    expect(realizedMetric('precision', rows, 3)).toBeCloseTo(5 / 6, 12);
    expect(realizedMetric('accuracy', rows, 3)).toBe(0.75);
    // ROC AUC needs every class among the labels
    expect(realizedMetric('roc_auc', { ...rows, labels: [0, 1, 1, 1] }, 3)).toBeNull();
  });

  it('averages over every class of the model, as NannyML (labels=all classes), not only the classes that occur', () => {
    // Class 2 is neither true nor predicted. sklearn's precision_score(average='macro', labels=[0, 1, 2]) is
    // (1 + 2/3 + 0) / 3; without labels= it would be (1 + 2/3) / 2. Specificity per class: 1, 1/2, 1.
    const rows = {
      labels: [0, 1, 0, 1],
      predictions: [0, 1, 1, 1],
      scores: [
        [0.8, 0.1, 0.4, 0.1],
        [0.1, 0.8, 0.5, 0.8],
        [0.1, 0.1, 0.1, 0.1],
      ],
    };
    expect(realizedMetric('precision', rows, 3)).toBeCloseTo(5 / 9, 12);
    expect(realizedMetric('recall', rows, 3)).toBeCloseTo((1 / 2 + 1 + 0) / 3, 12);
    expect(realizedMetric('specificity', rows, 3)).toBeCloseTo(5 / 6, 12);
  });

  it('has no multiclass value when the labels or the predictions hold one class', () => {
    const rows = {
      labels: [0, 1, 2],
      predictions: [1, 1, 1],
      scores: [
        [0.2, 0.2, 0.2],
        [0.6, 0.6, 0.6],
        [0.2, 0.2, 0.2],
      ],
    };
    expect(realizedMetric('accuracy', rows, 3)).toBeNull();
    expect(realizedMetric('f1', { ...rows, labels: [2, 2, 2], predictions: [0, 1, 2] }, 3)).toBeNull();
  });
});
