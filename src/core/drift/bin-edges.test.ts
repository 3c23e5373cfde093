import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { binCounts, quantileEdges } from './bin-edges.ts';
import { sortedSample } from './sorted-sample.ts';
import { loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

describe('quantileEdges against numpy.quantile', () => {
  for (const c of fixtures.quantileEdges) {
    it(c.name, () => {
      const sample =
        c.weights === null ? sortedSample(c.values) : { values: Float64Array.from(c.values), weights: Float64Array.from(c.weights) };
      const edges = quantileEdges(sample, c.bins);
      expect(edges.length).toBe(c.edges.length);
      edges.forEach((edge, i) => expect(Math.abs(edge - c.edges[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c.edges[i]!))));
    });
  }

  it('gives [] for fewer than 2 distinct values', () => {
    expect(quantileEdges(sortedSample([]))).toEqual([]);
    expect(quantileEdges(sortedSample([4]))).toEqual([]);
    expect(quantileEdges(sortedSample([4, 4, 4]))).toEqual([]);
  });

  it('edges are strictly increasing and within the sample range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 80 }),
        fc.integer({ min: 2, max: 20 }),
        (xs, bins) => {
          const sample = sortedSample(xs);
          const edges = quantileEdges(sample, bins);
          expect(edges.length).toBeLessThanOrEqual(bins - 1);
          for (let i = 1; i < edges.length; i++) expect(edges[i]! > edges[i - 1]!).toBe(true);
          for (const edge of edges) {
            expect(edge).toBeGreaterThanOrEqual(sample.values[0]!);
            expect(edge).toBeLessThanOrEqual(sample.values[sample.values.length - 1]!);
          }
        },
      ),
    );
  });
});

describe('binCounts against numpy.searchsorted(side="right")', () => {
  for (const [i, c] of fixtures.binCounts.entries()) {
    it(`case ${i}`, () => {
      expect(Array.from(binCounts(sortedSample(c.values), c.edges))).toEqual(c.counts);
    });
  }

  it('adds weights, and counts everything once', () => {
    expect(Array.from(binCounts({ values: Float64Array.of(0, 1, 2), weights: Float64Array.of(0.5, 1, 2) }, [1]))).toEqual([0.5, 3]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true })),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true })),
        (xs, rawEdges) => {
          const edges = [...new Set(rawEdges)].sort((a, b) => a - b);
          const counts = binCounts(sortedSample(xs), edges);
          expect(counts.length).toBe(edges.length + 1);
          expect(counts.reduce((s, c) => s + c, 0)).toBe(xs.length);
        },
      ),
    );
  });
});
