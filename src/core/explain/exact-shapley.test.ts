import { describe, expect, it } from 'vitest';
import { createExactShapleyExplainer, MAX_EXACT_FEATURES } from './exact-shapley.ts';
import { contributionAt, type ExplainBatch, type PredictOutputs } from './explanation.ts';

const background: ExplainBatch = {
  rowCount: 3,
  columns: [Float64Array.of(0, 1, 2), Float64Array.of(10, 20, 30), Float64Array.of(-1, 0, 1)],
};
const row: ExplainBatch = { rowCount: 1, columns: [Float64Array.of(4), Float64Array.of(5), Float64Array.of(6)] };

function rowwise(f: (x: number[]) => number[]): PredictOutputs {
  return async (batch) => {
    const out: number[] = [];
    for (let r = 0; r < batch.rowCount; r++) out.push(...f(batch.columns.map((c) => c[r] as number)));
    return Float64Array.from(out);
  };
}

describe('exact Shapley values', () => {
  it('give a linear model w_i · (x_i − mean of the background) and add up to its output', async () => {
    const explainer = createExactShapleyExplainer(
      rowwise(([a, b, c]) => [2 * a! - 0.5 * b! + 3 * c! + 1]),
      background,
      1,
      'value',
    );
    const result = await explainer.explain(row);
    expect(contributionAt(result, 0, 0, 0)).toBeCloseTo(2 * (4 - 1), 12);
    expect(contributionAt(result, 0, 0, 1)).toBeCloseTo(-0.5 * (5 - 20), 12);
    expect(contributionAt(result, 0, 0, 2)).toBeCloseTo(3 * (6 - 0), 12);
    expect(result.baseValues[0]).toBeCloseTo(2 * 1 - 0.5 * 20 + 1, 12);
    expect(result.outputs[0]).toBeCloseTo(2 * 4 - 0.5 * 5 + 3 * 6 + 1, 12);
  });

  it('split an interaction evenly and leave a feature the model ignores at zero, per output', async () => {
    const zero: ExplainBatch = { rowCount: 1, columns: [Float64Array.of(0), Float64Array.of(0), Float64Array.of(0)] };
    const explainer = createExactShapleyExplainer(
      rowwise(([a, b]) => [a! * b!, -a!]),
      zero,
      2,
      'margin',
    );
    const result = await explainer.explain({ rowCount: 1, columns: [Float64Array.of(3), Float64Array.of(2), Float64Array.of(9)] });
    expect(contributionAt(result, 0, 0, 0)).toBeCloseTo(3, 12);
    expect(contributionAt(result, 0, 0, 1)).toBeCloseTo(3, 12);
    expect(contributionAt(result, 0, 0, 2)).toBe(0);
    expect(contributionAt(result, 0, 1, 0)).toBeCloseTo(-3, 12);
    expect(Array.from(result.outputs)).toEqual([6, -3]);
  });

  it('carry string columns through coalitions unchanged', async () => {
    const strings: ExplainBatch = { rowCount: 2, columns: [['a', null], Float64Array.of(1, 3)] };
    const explainer = createExactShapleyExplainer(
      rowwise(([s, x]) => [(s === ('b' as unknown) ? 10 : 0) + x!]),
      strings,
      1,
      'value',
    );
    const result = await explainer.explain({ rowCount: 1, columns: [['b'], Float64Array.of(2)] });
    expect(contributionAt(result, 0, 0, 0)).toBeCloseTo(10, 12);
    expect(contributionAt(result, 0, 0, 1)).toBeCloseTo(0, 12);
  });

  it('refuse more features than it can enumerate, and an empty background', () => {
    const wide: ExplainBatch = { rowCount: 1, columns: Array.from({ length: MAX_EXACT_FEATURES + 1 }, () => Float64Array.of(0)) };
    expect(() => createExactShapleyExplainer(async () => new Float64Array(0), wide, 1, 'value')).toThrow(/limited to 16 features/);
    expect(() => createExactShapleyExplainer(async () => new Float64Array(0), { rowCount: 0, columns: [] }, 1, 'value')).toThrow(
      /at least one background row/,
    );
  });
});
