import { describe, expect, it } from 'vitest';
import { WindowAccumulator } from './window-accumulator.ts';

const multiclass = { kind: 'multiclass', classes: [2, 0, 1] } as const;
const row = (label: number, probabilities: number[]) => ({ inputs: {}, output: { label, probabilities } });

describe('WindowAccumulator', () => {
  it("collects a multiclass window's outputs in the signature's class order, -1 where a row has no label that fits", () => {
    const window = new WindowAccumulator(multiclass, null, true);
    window.add(row(0, [0.1, 0.7, 0.2]), 0);
    window.add(row(2, [0.6, 0.3, 0.1]), undefined);
    window.add(row(1, [0.2, 0.2, 0.6]), 7);
    const outputs = window.classifierOutputs()!;
    expect(outputs.classCount).toBe(3);
    expect(outputs.scores.map((s) => Array.from(s))).toEqual([
      [0.1, 0.6, 0.2],
      [0.7, 0.3, 0.2],
      [0.2, 0.1, 0.6],
    ]);
    expect(Array.from(outputs.predictions)).toEqual([1, 0, 2]);
    expect(Array.from(outputs.labels!)).toEqual([1, -1, -1]);
    expect([window.rows, window.overall.labelledRows, window.skippedLabels]).toEqual([3, 1, 1]);
  });

  it('skips labels that no longer fit the version and counts them, never counting them half', () => {
    const regression = new WindowAccumulator({ kind: 'regression' }, null, true);
    regression.add({ inputs: {}, output: { value: 2 } }, 'high');
    regression.add({ inputs: {}, output: { value: 2 } }, 3.5);
    expect([regression.overall.labelledRows, regression.skippedLabels, regression.regression!.count]).toEqual([1, 1, 1]);
    expect(regression.overall.absoluteErrors.mean).toBe(1.5);
    // A regressor has no classifier outputs to estimate from.
    expect(regression.classifierOutputs()).toBeNull();
    const classifier = new WindowAccumulator(multiclass, null, false);
    classifier.add({ inputs: {}, output: { label: 0 } }, 0);
    expect([classifier.overall.labelledRows, classifier.skippedLabels, classifier.classification!.count]).toEqual([0, 1, 0]);
    expect(classifier.classifierOutputs()).toBeNull();
  });
});
