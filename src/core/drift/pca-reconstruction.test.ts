import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../contracts/testing/sample-distributions.ts';
import {
  fitPcaReconstruction,
  mergeErrorMoments,
  reconstructionErrorMoments,
  ReconstructionErrorMeter,
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
const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/pca/pca-cases.json', import.meta.url), 'utf8')) as {
  cases: PcaCase[];
};

const toColumns = (columns: (number | null)[][]): Float64Array[] => columns.map((column) => Float64Array.from(column, (v) => v ?? NaN));

function fit(columns: readonly string[], data: readonly Float64Array[], varianceToKeep?: number): PcaReconstructionModel {
  const model = fitPcaReconstruction(columns, data, varianceToKeep === undefined ? {} : { varianceToKeep });
  if ('reason' in model) throw new Error(model.reason);
  return model;
}

function rowErrors(model: PcaReconstructionModel, data: readonly Float64Array[]): number[] {
  const meter = new ReconstructionErrorMeter(model);
  const row = new Float64Array(data.length);
  return Array.from({ length: data[0]!.length }, (_, r) => {
    for (let j = 0; j < data.length; j++) row[j] = data[j]![r]!;
    return meter.of(row);
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
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN)), { minLength: 4, maxLength: 4 }), (row) => {
        const error = rowReconstructionError(model, row);
        expect(Number.isNaN(error)).toBe(false);
        expect(error).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('fitPcaReconstruction reasons', () => {
  const random = seeded(5);
  const column = (n: number) => Float64Array.from({ length: n }, () => normal(random));

  it('needs at least 2 columns', () => {
    expect(fitPcaReconstruction(['a'], [column(50)])).toEqual({ reason: expect.stringContaining('at least 2 numeric columns') });
  });
  it('needs more rows than columns', () => {
    expect(fitPcaReconstruction(['a', 'b', 'c'], [column(3), column(3), column(3)])).toEqual({
      reason: expect.stringContaining('not enough rows'),
    });
  });
  it('needs columns of one length, one per name', () => {
    expect('reason' in fitPcaReconstruction(['a', 'b'], [column(10), column(11)])).toBe(true);
    expect('reason' in fitPcaReconstruction(['a', 'b'], [column(10)])).toBe(true);
  });
  it('needs a value in every column, and some variance', () => {
    expect(fitPcaReconstruction(['a', 'b'], [column(10), new Float64Array(10).fill(NaN)])).toEqual({
      reason: expect.stringContaining('"b" has no values'),
    });
    expect(fitPcaReconstruction(['a', 'b'], [new Float64Array(10).fill(1), new Float64Array(10).fill(2)])).toEqual({
      reason: expect.stringContaining('constant'),
    });
  });
  it('refuses when keeping the variance needs every component (nothing left to measure)', () => {
    expect(fitPcaReconstruction(['a', 'b'], [column(500), column(500)])).toEqual({
      reason: expect.stringContaining('needs all 2 components'),
    });
    expect('reason' in fitPcaReconstruction(['a', 'b', 'c'], [column(50), column(50), column(50)], { varianceToKeep: 1 })).toBe(true);
    expect('reason' in fitPcaReconstruction(['a', 'b', 'c'], [column(50), column(50), column(50)], { varianceToKeep: 0 })).toBe(true);
  });
});

describe('error moments', () => {
  const c = fixtures.cases[0]!;
  const model = fit(c.columns, toColumns(c.reference), c.varianceToKeep);

  it("of the reference columns are the model's reference summary", () => {
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
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n }), (cut) => {
        const whole = momentsOf(model, data);
        const merged = mergeErrorMoments(
          momentsOf(
            model,
            data.map((x) => x.subarray(0, cut)),
          ),
          momentsOf(
            model,
            data.map((x) => x.subarray(cut)),
          ),
        );
        expect(merged.count).toBe(whole.count);
        expect(merged.mean).toBeCloseTo(whole.mean, 12);
        expect(merged.variance).toBeCloseTo(whole.variance, 12);
      }),
      { numRuns: 40 },
    );
  });
});
