import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen.ts';

interface EigenCase {
  name: string;
  n: number;
  matrix: number[];
  values: number[];
}
const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/pca/eigen.json', import.meta.url), 'utf8')) as {
  cases: EigenCase[];
};

/** max |A - V diag(w) V^T| over all entries. */
function reconstructionGap(matrix: ArrayLike<number>, n: number): number {
  const { values, vectors } = symmetricEigen(matrix, n);
  let gap = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += values[k]! * vectors[k]![i]! * vectors[k]![j]!;
      gap = Math.max(gap, Math.abs(sum - matrix[i * n + j]!));
    }
  }
  return gap;
}

/** max |V V^T - I|. */
function orthonormalityGap(vectors: readonly Float64Array[]): number {
  let gap = 0;
  for (let a = 0; a < vectors.length; a++) {
    for (let b = 0; b < vectors.length; b++) {
      let dot = 0;
      for (let k = 0; k < vectors[a]!.length; k++) dot += vectors[a]![k]! * vectors[b]![k]!;
      gap = Math.max(gap, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return gap;
}

function largestAbs(matrix: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < matrix.length; i++) largest = Math.max(largest, Math.abs(matrix[i]!));
  return largest;
}

describe('symmetricEigen against numpy.linalg.eigvalsh', () => {
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const { values, vectors } = symmetricEigen(c.matrix, c.n);
      const scale = largestAbs(c.matrix);
      for (let i = 0; i < c.n; i++) expect(Math.abs(values[i]! - c.values[i]!)).toBeLessThanOrEqual(1e-12 * scale);
      expect(reconstructionGap(c.matrix, c.n)).toBeLessThanOrEqual(1e-12 * scale);
      expect(orthonormalityGap(vectors)).toBeLessThan(1e-13);
    });
  }

  it('keeps the small eigenvalues of a graded positive definite matrix accurate relative to their own size', () => {
    const graded = fixtures.cases.find((c) => c.name === 'graded 5x5')!;
    const { values } = symmetricEigen(graded.matrix, graded.n);
    // The eigenvalues span 1e8 .. 1e-8, so accuracy relative to the largest would say nothing of the smallest.
    for (let i = 0; i < graded.n; i++) expect(Math.abs(values[i]! / graded.values[i]! - 1)).toBeLessThan(1e-12);
  });
});

describe('symmetricEigen', () => {
  it('returns a diagonal matrix as it is, sorted, with unit vectors', () => {
    const { values, vectors } = symmetricEigen([2, 0, 0, 0, -1, 0, 0, 0, 5], 3);
    expect(Array.from(values)).toEqual([5, 2, -1]);
    expect(vectors.map((v) => Array.from(v))).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('decomposes [[2, 1], [1, 2]] into 3 along (1, 1) and 1 along (1, -1), largest entry positive', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(vectors[0]![0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]![1]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(Math.abs(vectors[1]![0]! + vectors[1]![1]!)).toBeLessThan(1e-14);
    expect(Math.max(...vectors[1]!.map(Math.abs))).toBe(Math.max(...vectors[1]!));
  });

  it('reads only the upper triangle', () => {
    const upper = symmetricEigen([4, 1, 99, 3], 2);
    const symmetric = symmetricEigen([4, 1, 1, 3], 2);
    expect(upper.values).toEqual(symmetric.values);
  });

  it('handles 0 x 0 and 1 x 1', () => {
    expect(symmetricEigen([], 0).values.length).toBe(0);
    const one = symmetricEigen([-7], 1);
    expect(Array.from(one.values)).toEqual([-7]);
    expect(Array.from(one.vectors[0]!)).toEqual([1]);
  });

  it('rejects a matrix with too few entries', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(RangeError);
  });

  it('reconstructs A = V diag(w) V^T with orthonormal V for any symmetric matrix (property)', () => {
    const matrix = fc
      .integer({ min: 1, max: 9 })
      .chain((n) =>
        fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * n, maxLength: n * n })),
      );
    fc.assert(
      fc.property(matrix, ([n, entries]) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = entries[i * n + j]!;
        const { values, vectors } = symmetricEigen(a, n);
        const scale = Math.max(largestAbs(a), 1e-300);
        expect(reconstructionGap(a, n)).toBeLessThanOrEqual(1e-12 * scale * n);
        expect(orthonormalityGap(vectors)).toBeLessThan(1e-12);
        for (let i = 1; i < n; i++) expect(values[i - 1]!).toBeGreaterThanOrEqual(values[i]!);
        // The trace is the sum of the eigenvalues.
        let trace = 0;
        for (let i = 0; i < n; i++) trace += a[i * n + i]!;
        expect(Math.abs(values.reduce((s, w) => s + w, 0) - trace)).toBeLessThanOrEqual(1e-12 * scale * n);
      }),
      { numRuns: 300 },
    );
  });
});
