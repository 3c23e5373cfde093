import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal, seeded, type Random } from '../contracts/sample-distributions.test-data.ts';
import {
  fitPcaReconstruction,
  mergeErrorMoments,
  reconstructionDrift,
  reconstructionErrorMoments,
  reconstructionScratch,
  rowReconstructionError,
  type ErrorMoments,
  type PcaReconstructionModel,
} from './pca-reconstruction.ts';

interface PcaCase {
  name: string;
  varianceToKeep: number;
  columns: string[];
  reference: (number | null)[][];
  current: (number | null)[][];
  means: number[];
  stds: number[];
  components: number[][];
  explainedVarianceRatio: number[];
  referenceErrors: number[];
  currentErrors: number[];
  referenceMeanError: number;
  referenceErrorStd: number;
  sklearnPcaRejectsNaN?: boolean;
}
const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/pca/pca-cases.json', import.meta.url), 'utf8')) as { cases: PcaCase[] };

const toColumns = (columns: (number | null)[][]): Float64Array[] => columns.map((column) => Float64Array.from(column, (v) => v ?? NaN));

function fit(columns: readonly string[], data: readonly Float64Array[], varianceToKeep?: number): PcaReconstructionModel {
  const model = fitPcaReconstruction(columns, data, varianceToKeep === undefined ? {} : { varianceToKeep });
  if ('reason' in model) throw new Error(model.reason);
  return model;
}

function rowErrors(model: PcaReconstructionModel, data: readonly Float64Array[]): number[] {
  const scratch = reconstructionScratch(model);
  const row = new Float64Array(data.length);
  return Array.from({ length: data[0]!.length }, (_, r) => {
    for (let j = 0; j < data.length; j++) row[j] = data[j]![r]!;
    return rowReconstructionError(model, row, scratch);
  });
}

function momentsOf(model: PcaReconstructionModel, data: readonly Float64Array[]): ErrorMoments {
  const moments = reconstructionErrorMoments(model, model.columns, data);
  if ('reason' in moments) throw new Error(moments.reason);
  return moments;
}

describe('fitPcaReconstruction against scikit-learn (StandardScaler + PCA, svd_solver=full)', () => {
  for (const c of fixtures.cases) {
    describe(c.name, () => {
      const model = fit(c.columns, toColumns(c.reference), c.varianceToKeep);

      it('standardises with the same means and scales', () => {
        for (let j = 0; j < c.columns.length; j++) {
          expect(model.means[j]).toBeCloseTo(c.means[j]!, 9);
          expect(Math.abs(model.stds[j]! / c.stds[j]! - 1)).toBeLessThan(1e-12);
        }
      });

      it('keeps the same number of components, equal up to sign (1e-8)', () => {
        expect(model.components.length).toBe(c.components.length);
        model.components.forEach((axis, i) => {
          const expected = c.components[i]!;
          const sign = Math.sign(axis.reduce((s, v, j) => s + v * expected[j]!, 0));
          axis.forEach((v, j) => expect(Math.abs(sign * v - expected[j]!)).toBeLessThan(1e-8));
        });
      });

      it('explains the same variance ratios (1e-9)', () => {
        model.explainedVarianceRatio.forEach((ratio, i) => expect(Math.abs(ratio - c.explainedVarianceRatio[i]!)).toBeLessThan(1e-9));
      });

      it('gives the same per-row errors as inverse_transform, on reference and unseen rows (1e-9)', () => {
        rowErrors(model, toColumns(c.reference)).forEach((e, r) => expect(Math.abs(e - c.referenceErrors[r]!)).toBeLessThan(1e-9));
        rowErrors(model, toColumns(c.current)).forEach((e, r) => expect(Math.abs(e - c.currentErrors[r]!)).toBeLessThan(1e-9));
        expect(model.reference.count).toBe(c.referenceErrors.length);
        expect(Math.abs(model.reference.meanError - c.referenceMeanError)).toBeLessThan(1e-9);
        expect(Math.abs(model.reference.errorStd - c.referenceErrorStd)).toBeLessThan(1e-9);
      });

      it('survives a JSON round trip unchanged', () => {
        expect(JSON.parse(JSON.stringify(model))).toEqual(model);
      });
    });
  }
});

describe('missing values and constant columns', () => {
  const c = fixtures.cases.find((x) => x.name === 'missing values and a constant column')!;
  const model = fit(c.columns, toColumns(c.reference), c.varianceToKeep);

  it('scikit-learn PCA rejects NaN; Ballast imputes the reference mean (0 after standardising)', () => {
    expect(c.sklearnPcaRejectsNaN).toBe(true);
    const constant = c.columns.indexOf('const');
    expect(model.stds[constant]).toBe(1); // StandardScaler's scale for a constant column, not a divide by 0
    const missingEverywhere = rowReconstructionError(model, [NaN, NaN, NaN, NaN]);
    expect(missingEverywhere).toBe(0);
    const atTheMeans = rowReconstructionError(model, model.means);
    expect(atTheMeans).toBe(0);
    // A missing value counts as the reference mean: same error either way.
    const row = [1.5, NaN, 7, 2.5];
    const imputed = [1.5, model.means[1]!, 7, 2.5];
    expect(rowReconstructionError(model, row)).toBeCloseTo(rowReconstructionError(model, imputed), 14);
    expect(rowReconstructionError(model, [1.5, Infinity, 7, 2.5])).toBe(rowReconstructionError(model, row));
  });

  it('a constant column that moves adds its change, in its own units, to the residual', () => {
    const base = [1.2, 2.4, 7, 3.1];
    const moved = [1.2, 2.4, 9, 3.1];
    const e0 = rowReconstructionError(model, base);
    const e1 = rowReconstructionError(model, moved);
    expect(e1).toBeGreaterThan(e0);
    // The constant column carries no weight on the kept components, so its residual is exactly its shift.
    expect(Math.abs(e1 * e1 - e0 * e0 - 4)).toBeLessThan(1e-9);
  });

  it('never gives NaN, whatever the row', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN)), { minLength: 4, maxLength: 4 }), (row) => {
      const error = rowReconstructionError(model, row);
      expect(Number.isNaN(error)).toBe(false);
      expect(error).toBeGreaterThanOrEqual(0);
    }));
  });
});

describe('fitPcaReconstruction reasons', () => {
  const random = seeded(5);
  const column = (n: number) => Float64Array.from({ length: n }, () => normal(random));

  it('needs at least 2 columns', () => {
    expect(fitPcaReconstruction(['a'], [column(50)])).toEqual({ reason: expect.stringContaining('at least 2 numeric columns') });
  });
  it('needs more rows than columns', () => {
    expect(fitPcaReconstruction(['a', 'b', 'c'], [column(3), column(3), column(3)])).toEqual({ reason: expect.stringContaining('not enough rows') });
  });
  it('needs columns of one length, one per name', () => {
    expect('reason' in fitPcaReconstruction(['a', 'b'], [column(10), column(11)])).toBe(true);
    expect('reason' in fitPcaReconstruction(['a', 'b'], [column(10)])).toBe(true);
  });
  it('needs a value in every column, and some variance', () => {
    expect(fitPcaReconstruction(['a', 'b'], [column(10), new Float64Array(10).fill(NaN)])).toEqual({ reason: expect.stringContaining('"b" has no values') });
    expect(fitPcaReconstruction(['a', 'b'], [new Float64Array(10).fill(1), new Float64Array(10).fill(2)])).toEqual({ reason: expect.stringContaining('constant') });
  });
  it('refuses when keeping the variance needs every component (nothing left to measure)', () => {
    expect(fitPcaReconstruction(['a', 'b'], [column(500), column(500)])).toEqual({ reason: expect.stringContaining('needs all 2 components') });
    expect('reason' in fitPcaReconstruction(['a', 'b', 'c'], [column(50), column(50), column(50)], { varianceToKeep: 1 })).toBe(true);
    expect('reason' in fitPcaReconstruction(['a', 'b', 'c'], [column(50), column(50), column(50)], { varianceToKeep: 0 })).toBe(true);
  });
});

describe('error moments', () => {
  const c = fixtures.cases[0]!;
  const model = fit(c.columns, toColumns(c.reference), c.varianceToKeep);

  it('of the reference columns are the model\'s reference summary', () => {
    const moments = momentsOf(model, toColumns(c.reference));
    expect(moments.count).toBe(model.reference.count);
    expect(moments.mean).toBe(model.reference.meanError);
    expect(Math.sqrt(moments.variance)).toBe(model.reference.errorStd);
  });

  it('match columns by name, whatever their order', () => {
    const data = toColumns(c.current);
    const reversed = reconstructionErrorMoments(model, [...c.columns].reverse(), [...data].reverse());
    expect(reversed).toEqual(momentsOf(model, data));
    expect(reconstructionErrorMoments(model, c.columns.slice(1), data.slice(1))).toEqual({ reason: 'column "a" is missing' });
  });

  it('merge exactly: moments of two parts merged equal the moments of the whole (property)', () => {
    const data = toColumns(c.reference);
    const n = data[0]!.length;
    fc.assert(fc.property(fc.integer({ min: 0, max: n }), (cut) => {
      const whole = momentsOf(model, data);
      const merged = mergeErrorMoments(momentsOf(model, data.map((x) => x.subarray(0, cut))), momentsOf(model, data.map((x) => x.subarray(cut))));
      expect(merged.count).toBe(whole.count);
      expect(merged.mean).toBeCloseTo(whole.mean, 12);
      expect(merged.variance).toBeCloseTo(whole.variance, 12);
    }), { numRuns: 40 });
  });
});

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
    columns: ['a', 'b'], means: [0, 0], stds: [1, 1], components: [[Math.SQRT1_2, Math.SQRT1_2]], explainedVarianceRatio: [0.9],
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

  it('treats a fall in error like a rise', () => {
    expect(reconstructionDrift(model, { count: 400, mean: 0.8, variance: 1 })).toMatchObject({ drifted: true, relativeChange: expect.closeTo(0.2, 12) });
  });

  it('gives reasons instead of numbers it cannot stand behind', () => {
    expect(reconstructionDrift(model, { count: 1, mean: 1, variance: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: NaN, variance: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: -1 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: 1 }, { alpha: 0 })).toHaveProperty('reason');
    expect(reconstructionDrift(model, { count: 10, mean: 1, variance: 1 }, { threshold: NaN })).toHaveProperty('reason');
  });

  it('never returns NaN or Infinity (property)', () => {
    const reference = fc.record({ count: fc.integer({ min: 2, max: 1e9 }), meanError: fc.double({ min: 0, max: 1e6, noNaN: true }), errorStd: fc.double({ min: 0, max: 1e6, noNaN: true }) });
    const current = fc.record({ count: fc.integer({ min: 2, max: 1e9 }), mean: fc.double({ min: 0, max: 1e6, noNaN: true }), variance: fc.double({ min: 0, max: 1e12, noNaN: true }) });
    fc.assert(fc.property(reference, current, (ref, cur) => {
      const result = reconstructionDrift({ ...model, reference: ref }, cur);
      if ('reason' in result) throw new Error(result.reason);
      for (const value of [result.meanError, result.referenceMean, result.pValue, result.relativeChange]) expect(Number.isFinite(value)).toBe(true);
      expect(result.pValue).toBeGreaterThanOrEqual(0);
      expect(result.pValue).toBeLessThanOrEqual(1);
    }));
  });
});
