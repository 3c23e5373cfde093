import { describe, expect, it } from 'vitest';
import { WindowAccumulator } from './window-accumulator.ts';
import { windowPerformance } from './window-report.ts';

const binary = { kind: 'binary', classes: ['no', 'yes'] } as const;

describe('windowPerformance', () => {
  it("keeps the estimator's realised value only for metrics Ballast does not compute, and only where labels came", () => {
    const window = new WindowAccumulator(binary, null, true);
    window.add({ inputs: {}, output: { label: 'yes', probabilities: [0.2, 0.8] } }, undefined);
    const estimate = { estimated: 0.7, realized: 0.9, sampling_error: 0.1, lower: 0.5, upper: 1, alert: false };
    const report = windowPerformance(window, () => ({ accuracy: estimate, made_up: estimate }), null);
    expect(report.metrics.accuracy).toEqual({ ...estimate, realized: null });
    expect(report.metrics.made_up).toEqual({ ...estimate, realized: null });
    expect(report.slices).toEqual({ worst: [], reason: null });

    window.add({ inputs: {}, output: { label: 'no', probabilities: [0.6, 0.4] } }, 'no');
    const labelled = windowPerformance(window, () => ({ accuracy: estimate, made_up: estimate }), null);
    expect(labelled.metrics.accuracy!.realized).toBe(1);
    expect(labelled.metrics.made_up!.realized).toBe(0.9);
  });

  it('gives null rather than NaN where a metric is undefined on the window', () => {
    const window = new WindowAccumulator(binary, null, false);
    window.add({ inputs: {}, output: { label: 'no', probabilities: [0.6, 0.4] } }, 'no');
    // One class only: ROC AUC is undefined.
    const report = windowPerformance(window, undefined, 'no reference');
    expect(report.metrics.roc_auc!.realized).toBeNull();
    expect(report.metrics.accuracy!.realized).toBe(1);
    expect(report.slices).toEqual({ worst: [], reason: 'no reference' });
  });
});
