import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal, seeded, type Random } from '../contracts/testing/sample-distributions.ts';
import { fitPcaReconstruction, reconstructionErrorMoments, type ErrorMoments, type PcaReconstructionModel } from './pca-reconstruction.ts';
import { reconstructionDrift } from './pca-reconstruction-drift.ts';

function fit(columns: readonly string[], data: readonly Float64Array[]): PcaReconstructionModel {
  const model = fitPcaReconstruction(columns, data);
  if ('reason' in model) throw new Error(model.reason);
  return model;
}

function momentsOf(model: PcaReconstructionModel, data: readonly Float64Array[]): ErrorMoments {
  const moments = reconstructionErrorMoments(model, model.columns, data);
  if ('reason' in moments) throw new Error(moments.reason);
  return moments;
}

/** Rows of d standard-normal-ish columns where columns 0 and 1 have correlation rho, in varied units. */
function correlatedColumns(random: Random, n: number, rho: number): Float64Array[] {
  const d = 5;
  const data = Array.from({ length: d }, () => new Float64Array(n));
  const units = [3, 0.2, 50, 1, 7];
  const offsets = [10, -1, 500, 0, 3];
  const other = Math.sqrt(1 - rho * rho);
  for (let r = 0; r < n; r++) {
    const f = normal(random);
    const g = normal(random);
    const x0 = f;
    const x1 = rho * f + other * normal(random);
    // Columns 2..4 share a second factor, so the reference has structure beyond columns 0 and 1.
    const x2 = 0.9 * g + 0.44 * normal(random);
    const x3 = 0.8 * g + 0.6 * normal(random);
    const x4 = normal(random);
    const row = [x0, x1, x2, x3, x4];
    for (let j = 0; j < d; j++) data[j]![r] = offsets[j]! + units[j]! * row[j]!;
  }
  return data;
}

function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}

describe('reconstructionDrift: behaviour', () => {
  const columns = ['a', 'b', 'c', 'd', 'e'];
  const reference = correlatedColumns(seeded(11), 20_000, 0.8);
  const model = fit(columns, reference);

  it('does not flag a current window from the same distribution, even at n = 200k', () => {
    const current = correlatedColumns(seeded(12), 200_000, 0.8);
    const result = reconstructionDrift(model, momentsOf(model, current));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.drifted).toBe(false);
    expect(result.relativeChange).toBeLessThan(0.02);
  });

  it('flags a correlation flip between two columns whose marginals stay the same', () => {
    const current = correlatedColumns(seeded(13), 5_000, -0.8);
    // Each column on its own looks like the reference: a per-column test has nothing to see.
    for (let j = 0; j < columns.length; j++) {
      const ref = meanAndStd(reference[j]!);
      const cur = meanAndStd(current[j]!);
      expect(Math.abs(cur.mean - ref.mean)).toBeLessThan(0.05 * ref.std);
      expect(Math.abs(cur.std / ref.std - 1)).toBeLessThan(0.05);
    }
    const result = reconstructionDrift(model, momentsOf(model, current));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.drifted).toBe(true);
    expect(result.pValue).toBeLessThan(1e-6);
    expect(result.relativeChange).toBeGreaterThan(0.1);
  });

  it('needs practical significance: a tiny but certain change is not drift', () => {
    const { meanError, errorStd, count } = model.reference;
    const result = reconstructionDrift(model, { count: 10_000_000, mean: meanError * 1.05, variance: errorStd ** 2 });
    if ('reason' in result) throw new Error(result.reason);
    expect(result.pValue).toBeLessThan(1e-10);
    expect(result.drifted).toBe(false);
    expect(count).toBe(20_000);
  });

  it('needs statistical significance: a large change on 3 noisy rows is not drift', () => {
    const { meanError, errorStd } = model.reference;
    const result = reconstructionDrift(model, { count: 3, mean: meanError * 1.3, variance: (4 * errorStd) ** 2 });
    if ('reason' in result) throw new Error(result.reason);
    expect(result.relativeChange).toBeCloseTo(0.3, 12);
    expect(result.pValue).toBeGreaterThan(0.05);
    expect(result.drifted).toBe(false);
  });
});

describe('reconstructionDrift: the test itself', () => {
  const model: PcaReconstructionModel = {
    columns: ['a', 'b'],
    means: [0, 0],
    stds: [1, 1],
    components: [[Math.SQRT1_2, Math.SQRT1_2]],
    explainedVarianceRatio: [0.9],
    reference: { count: 100, meanError: 1, errorStd: 0.5 },
  };

  it('is the two-sided Welch z test of the two means', () => {
    // se = sqrt(0.25/100 + 1/400) = sqrt(0.005); z = 0.2 / se = 2.8284271247461903; 2*norm.sf(z) from scipy.
    const result = reconstructionDrift(model, { count: 400, mean: 1.2, variance: 1 });
    if ('reason' in result) throw new Error(result.reason);
    expect(result.pValue).toBeCloseTo(0.004677734981047177, 14);
    expect(result.relativeChange).toBeCloseTo(0.2, 14);
    expect(result.drifted).toBe(true);
    expect(result).toMatchObject({ meanError: 1.2, referenceMean: 1 });
    const strict = reconstructionDrift(model, { count: 400, mean: 1.2, variance: 1 }, { alpha: 0.001 });
    expect(strict).toMatchObject({ drifted: false });
    const lenient = reconstructionDrift(model, { count: 400, mean: 1.2, variance: 1 }, { threshold: 0.25 });
    expect(lenient).toMatchObject({ drifted: false });
  });

  it('treats a fall in error like a rise, and keeps its sign', () => {
    expect(reconstructionDrift(model, { count: 400, mean: 0.8, variance: 1 })).toMatchObject({
      drifted: true,
      relativeChange: expect.closeTo(-0.2, 12),
    });
    expect(reconstructionDrift(model, { count: 400, mean: 0.95, variance: 1 })).toMatchObject({
      drifted: false,
      relativeChange: expect.closeTo(-0.05, 12),
    });
  });

  it('gives reasons instead of numbers it cannot stand behind', () => {
    expect(reconstructionDrift(model, { count: 1, mean: 1, variance: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: NaN, variance: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: -1 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: 1 }, { alpha: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: 1 }, { threshold: NaN })).toHaveProperty('reason');
  });

  it('never returns NaN or Infinity (property)', () => {
    const reference = fc.record({
      count: fc.integer({ min: 2, max: 1e9 }),
      meanError: fc.double({ min: 0, max: 1e6, noNaN: true }),
      errorStd: fc.double({ min: 0, max: 1e6, noNaN: true }),
    });
    const current = fc.record({
      count: fc.integer({ min: 2, max: 1e9 }),
      mean: fc.double({ min: 0, max: 1e6, noNaN: true }),
      variance: fc.double({ min: 0, max: 1e12, noNaN: true }),
    });
    fc.assert(
      fc.property(reference, current, (ref, cur) => {
        const result = reconstructionDrift({ ...model, reference: ref }, cur);
        if ('reason' in result) throw new Error(result.reason);
        for (const value of [result.meanError, result.referenceMean, result.pValue, result.relativeChange])
          expect(Number.isFinite(value)).toBe(true);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});
