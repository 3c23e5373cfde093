import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../model-tests/seeded-random.ts';
import { createExactShapleyExplainer } from '../exact-shapley.ts';
import { contributionAt, type ExplainBatch, type PredictOutputs } from '../explanation.ts';
import { createKernelShapExplainer, defaultKernelSamples } from './kernel-shap-explainer.ts';

function rowwise(f: (x: number[]) => number[]): PredictOutputs {
  return async (batch) => {
    const out: number[] = [];
    for (let r = 0; r < batch.rowCount; r++) out.push(...f(batch.columns.map((c) => c[r] as number)));
    return Float64Array.from(out);
  };
}

/** A non-additive model of 7 features with two outputs: interactions, a threshold and a product. */
const nonlinear = rowwise((x) => {
  const [a, b, c, d, e, f, g] = x as [number, number, number, number, number, number, number];
  const z = 0.8 * a - 1.2 * b * c + (d > 0.3 ? 1.5 : -0.5) + Math.sin(e) * f + 0.1 * g * g;
  return [1 / (1 + Math.exp(-z)), a * g - e];
});

function randomBatch(rows: number, features: number, seed: number): ExplainBatch {
  const random = new SeededRandom(seed);
  return {
    rowCount: rows,
    columns: Array.from({ length: features }, () => Float64Array.from({ length: rows }, () => random.nextNormal())),
  };
}

describe('KernelSHAP', () => {
  const background = randomBatch(12, 7, 1);
  const rows = randomBatch(4, 7, 2);

  it('equals the exact Shapley values when its budget covers every coalition (2^M − 2)', async () => {
    const exact = await createExactShapleyExplainer(nonlinear, background, 2, 'probability').explain(rows);
    const kernel = await createKernelShapExplainer(nonlinear, background, 2, 'probability', { samples: 2 ** 7 - 2 }).explain(rows);
    expect(kernel.method).toBe('kernel_shap');
    for (let i = 0; i < exact.contributions.length; i++)
      expect(Math.abs(kernel.contributions[i]! - exact.contributions[i]!)).toBeLessThan(1e-9);
    for (let o = 0; o < 2; o++) expect(kernel.baseValues[o]).toBeCloseTo(exact.baseValues[o]!, 12);
    for (let i = 0; i < exact.outputs.length; i++) expect(kernel.outputs[i]).toBeCloseTo(exact.outputs[i]!, 12);
  });

  it('adds up to output − base exactly with a sampled plan, and lands near the exact values', async () => {
    const wide = randomBatch(10, 12, 3);
    const explained = randomBatch(2, 12, 4);
    const model = rowwise((x) => [x.reduce((s, v, i) => s + (i % 3 === 0 ? v * x[(i + 1) % 12]! : Math.tanh(v)), 0)]);
    const exact = await createExactShapleyExplainer(model, wide, 1, 'value').explain(explained);
    const kernel = await createKernelShapExplainer(model, wide, 1, 'value', { samples: 600, seed: 9 }).explain(explained);
    let squared = 0;
    for (let row = 0; row < 2; row++) {
      let sum = kernel.baseValues[0]!;
      for (let f = 0; f < 12; f++) {
        sum += contributionAt(kernel, row, 0, f);
        squared += (contributionAt(kernel, row, 0, f) - contributionAt(exact, row, 0, f)) ** 2;
      }
      expect(Math.abs(sum - kernel.outputs[row]!)).toBeLessThan(1e-12);
    }
    // 600 of 4094 coalitions: an estimate, not the exact value, but close on this scale (contributions ~0.1–1).
    expect(Math.sqrt(squared / 24)).toBeLessThan(0.05);
  });

  it('gives the same explanation for the same seed, another for another seed, and per row whatever the batch', async () => {
    const wide = randomBatch(6, 11, 5);
    const explained = randomBatch(3, 11, 6);
    const model = rowwise((x) => [x[0]! * x[1]! + x[2]! * x[3]! * x[4]! + Math.exp(x[5]! / 3) - x[10]!]);
    const explain = (seed: number, batch: ExplainBatch) =>
      createKernelShapExplainer(model, wide, 1, 'value', { samples: 100, seed }).explain(batch);
    const first = await explain(7, explained);
    expect(Array.from((await explain(7, explained)).contributions)).toEqual(Array.from(first.contributions));
    expect(Array.from((await explain(8, explained)).contributions)).not.toEqual(Array.from(first.contributions));
    const alone = await explain(7, { rowCount: 1, columns: explained.columns.map((c) => (c as Float64Array).slice(2, 3)) });
    expect(Array.from(alone.contributions)).toEqual(Array.from(first.contributions.slice(2 * 11)));
  });

  it('leaves features equal to every background value at zero, and gives a lone varying feature the whole difference', async () => {
    const flat: ExplainBatch = { rowCount: 2, columns: [Float64Array.of(1, 2), Float64Array.of(5, 5), Float64Array.of(0, 0)] };
    const model = rowwise(([a, b, c]) => [a! * b! + c!]);
    const explainer = createKernelShapExplainer(model, flat, 1, 'value');
    const result = await explainer.explain({ rowCount: 1, columns: [Float64Array.of(4), Float64Array.of(5), Float64Array.of(0)] });
    expect(result.baseValues[0]).toBe(7.5);
    expect(Array.from(result.contributions)).toEqual([20 - 7.5, 0, 0]);
    const two = await explainer.explain({ rowCount: 1, columns: [Float64Array.of(4), Float64Array.of(5), Float64Array.of(1)] });
    expect(contributionAt(two, 0, 0, 1)).toBe(0);
    expect(contributionAt(two, 0, 0, 0)).toBeCloseTo(12.5, 12);
    expect(contributionAt(two, 0, 0, 2)).toBeCloseTo(1, 12);
  });

  it('carries string columns through coalitions', async () => {
    const strings: ExplainBatch = { rowCount: 2, columns: [['a', null], Float64Array.of(1, 3), Float64Array.of(0, 1)] };
    const model: PredictOutputs = async (batch) =>
      Float64Array.from({ length: batch.rowCount }, (_, r) => (batch.columns[0]![r] === 'b' ? 10 : 0) + (batch.columns[1]![r] as number));
    const result = await createKernelShapExplainer(model, strings, 1, 'value').explain({
      rowCount: 1,
      columns: [['b'], Float64Array.of(2), Float64Array.of(5)],
    });
    expect(contributionAt(result, 0, 0, 0)).toBeCloseTo(10, 12);
    expect(contributionAt(result, 0, 0, 1)).toBeCloseTo(0, 12);
    expect(contributionAt(result, 0, 0, 2)).toBeCloseTo(0, 12);
  });

  it("uses shap's default budget and refuses an empty background or a budget below one", () => {
    expect(defaultKernelSamples(10)).toBe(2068);
    expect(() => createKernelShapExplainer(nonlinear, { rowCount: 0, columns: [] }, 1, 'value')).toThrow(/at least one background row/);
    expect(() => createKernelShapExplainer(nonlinear, background, 1, 'value', { samples: 0 })).toThrow(/whole number from 1 to 1000000/);
    expect(() => createKernelShapExplainer(nonlinear, background, 1, 'value', { samples: 1_000_001 })).toThrow(/from 1 to 1000000/);
  });

  it('tries the base value again after a failed model call', async () => {
    let calls = 0;
    const flaky: PredictOutputs = async (batch) => {
      if (calls++ === 0) throw new Error('model busy');
      return nonlinear(batch);
    };
    const explainer = createKernelShapExplainer(flaky, background, 2, 'probability');
    await expect(explainer.explain(rows)).rejects.toThrow('model busy');
    const result = await explainer.explain(rows);
    expect(Number.isFinite(result.baseValues[0]!)).toBe(true);
  });
});
