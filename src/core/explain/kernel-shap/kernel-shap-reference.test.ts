import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../model-tests/seeded-random.ts';
import type { ExplainBatch, PredictOutputs } from '../explanation.ts';
import { planCoalitions } from './coalition-plan.ts';
import { createKernelShapExplainer } from './kernel-shap-explainer.ts';
import { solveKernelShap } from './kernel-solve.ts';

/**
 * Ballast's KernelSHAP against shap's KernelExplainer (test/fixtures/explain/kernel-shap/make_fixtures.py,
 * shap 0.51.0, l1_reg=False). Both models are reproduced here in float64 by formula, so the model outputs
 * are the same to rounding and any difference is the estimator's.
 */
interface Fixture {
  logistic: { coef: number[]; intercept: number; background: number[][]; rows: number[][]; full: Full };
  mlp: {
    hidden_weights: number[][];
    hidden_bias: number[];
    output_weights: number[];
    output_bias: number;
    background: number[][];
    rows: number[][];
    full: Full;
    captured: {
      row: number;
      nsamples: number;
      masks: number[][];
      kernel_weights: number[];
      ey: number[];
      fx: number;
      fnull: number;
      shap_values: number[];
    };
    sampled: { nsamples: number; seeds: number; rms_error: number[][] };
  };
}
interface Full {
  expected_value: number;
  shap_values: number[][];
}

const fixture = JSON.parse(readFileSync('test/fixtures/explain/kernel-shap/kernel-shap-fixtures.json', 'utf8')) as Fixture;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function rowwise(f: (x: number[]) => number): PredictOutputs {
  return async (batch) => Float64Array.from({ length: batch.rowCount }, (_, r) => f(batch.columns.map((c) => c[r] as number)));
}

const logistic = rowwise((x) => sigmoid(x.reduce((z, v, i) => z + v * fixture.logistic.coef[i]!, fixture.logistic.intercept)));

const mlp = rowwise((x) => {
  const { hidden_weights: w, hidden_bias: b, output_weights: v, output_bias: c } = fixture.mlp;
  let z = c;
  for (let h = 0; h < b.length; h++) {
    let a = b[h]!;
    for (let i = 0; i < x.length; i++) a += x[i]! * w[i]![h]!;
    z += Math.max(0, a) * v[h]!;
  }
  return sigmoid(z);
});

function batchOf(rows: number[][]): ExplainBatch {
  return { rowCount: rows.length, columns: rows[0]!.map((_, f) => Float64Array.from(rows, (row) => row[f]!)) };
}

function rms(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / a.length);
}

describe('KernelSHAP against shap.KernelExplainer', () => {
  it.each([
    ['logistic regression', logistic, fixture.logistic],
    ['MLP', mlp, fixture.mlp],
  ] as const)('matches shap within 1e-9 on the %s with every coalition enumerated', async (_name, model, data) => {
    const m = data.background[0]!.length;
    const explainer = createKernelShapExplainer(model, batchOf(data.background), 1, 'probability', { samples: 2 ** m - 2 });
    const result = await explainer.explain(batchOf(data.rows));
    expect(Math.abs(result.baseValues[0]! - data.full.expected_value)).toBeLessThan(1e-12);
    data.full.shap_values.forEach((values, row) =>
      values.forEach((value, f) => expect(Math.abs(result.contributions[row * m + f]! - value)).toBeLessThan(1e-9)),
    );
  });

  it("solves shap's own sampled coalitions to shap's values, and plans the enumerated sizes as shap does", () => {
    const captured = fixture.mlp.captured;
    const m = captured.masks[0]!.length;
    const masks = Uint8Array.from(captured.masks.flat());
    const weights = Float64Array.from(captured.kernel_weights);
    const values = captured.ey.map((ey) => ey - captured.fnull);
    const phi = solveKernelShap(masks, weights, values, m, captured.fx - captured.fnull);
    captured.shap_values.forEach((value, f) => expect(Math.abs(phi[f]! - value)).toBeLessThan(1e-9));

    const plan = planCoalitions(m, captured.nsamples, new SeededRandom(0));
    expect(plan.coalitionCount).toBe(captured.masks.length);
    expect(plan.enumerated).toBe(20); // size 1 and its complements (size 9); shap enumerates the same
    expect(Array.from(plan.masks.subarray(0, plan.enumerated * m))).toEqual(captured.masks.slice(0, plan.enumerated).flat());
    plan.weights.subarray(0, plan.enumerated).forEach((w, k) => expect(w).toBeCloseTo(captured.kernel_weights[k]!, 15));
    const sampledWeight = (w: ArrayLike<number>) =>
      Array.from(w)
        .slice(plan.enumerated)
        .reduce((a, b) => a + b, 0);
    expect(sampledWeight(plan.weights)).toBeCloseTo(sampledWeight(captured.kernel_weights), 12);
  });

  it("has shap's sampling error at the same budget (RMS error against the exact values over 30 seeds, within ±25%; measured 1.06×)", async () => {
    const { nsamples, seeds, rms_error: shapErrors } = fixture.mlp.sampled;
    const background = batchOf(fixture.mlp.background);
    const rows = batchOf(fixture.mlp.rows);
    let ballast = 0;
    let shap = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const result = await createKernelShapExplainer(mlp, background, 1, 'probability', { samples: nsamples, seed }).explain(rows);
      fixture.mlp.full.shap_values.forEach((exact, row) => {
        ballast += rms(result.contributions.subarray(row * 10, row * 10 + 10), exact);
        shap += shapErrors[row]![seed]!;
      });
    }
    // Different random streams, the same estimator: the mean errors agree within the spread of 90 draws.
    expect(ballast / shap).toBeGreaterThan(0.75);
    expect(ballast / shap).toBeLessThan(1.25);
  });
});
