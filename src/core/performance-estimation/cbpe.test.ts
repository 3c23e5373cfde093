import { describe, expect, it } from 'vitest';
import { calibrate, estimateCbpe, fitCbpe, type ClassifierOutputs } from './cbpe.ts';

function binaryOutputs(n: number, labelled: boolean): ClassifierOutputs {
  const scores = Float64Array.from({ length: n }, (_, i) => ((i * 37) % n) / n);
  // Over-confident: the true rate is pulled toward 0.5, so calibration helps.
  const labels = Int32Array.from(scores, (s, i) => (((i * 7919) % 1000) / 1000 < 0.25 + 0.5 * s ? 1 : 0));
  return {
    classCount: 2,
    scores: [scores],
    predictions: Int32Array.from(scores, (s) => (s >= 0.5 ? 1 : 0)),
    labels: labelled ? labels : null,
  };
}

describe('CBPE', () => {
  it('needs a label on every reference row', () => {
    const ref = binaryOutputs(100, true);
    const labels = Int32Array.from(ref.labels!);
    labels[3] = -1;
    expect(() => fitCbpe({ ...ref, labels }, { metrics: ['accuracy'], chunking: { count: 5 } })).toThrow(/label on every row/);
  });

  it('estimates on analysis without labels, with null realised values', () => {
    const model = fitCbpe(binaryOutputs(2000, true), { metrics: ['accuracy', 'roc_auc'], chunking: { size: 500 } });
    const chunks = estimateCbpe(model, binaryOutputs(1000, false));
    expect(chunks).toHaveLength(2);
    for (const c of chunks) {
      expect(c.labelled_rows).toBe(0);
      expect(c.metrics.accuracy!.realized).toBeNull();
      expect(c.metrics.accuracy!.estimated).toBeGreaterThan(0.5);
      expect(c.metrics.accuracy!.sampling_error).toBeGreaterThan(0);
    }
  });

  it('rescales multiclass calibrated probabilities to sum to 1 per row', () => {
    const n = 300;
    const raw = [0, 1, 2].map((k) => Float64Array.from({ length: n }, (_, i) => ((i * (k + 3)) % 10) / 10));
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const model = fitCbpe({ classCount: 3, scores: raw, predictions: labels, labels }, { metrics: ['accuracy'], chunking: { count: 3 } });
    const calibrated = calibrate(model, raw);
    for (let i = 0; i < n; i++) expect(calibrated[0]![i]! + calibrated[1]![i]! + calibrated[2]![i]!).toBeCloseTo(1, 12);
  });
});
