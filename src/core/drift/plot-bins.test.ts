import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../contracts/testing/sample-distributions.ts';
import { binCounts, quantileEdges } from './bin-edges.ts';
import { plotDistribution, plotEdges, roundStep } from './plot-bins.ts';
import { sortedSample } from './sorted-sample.ts';

const normalSample = (n: number, seed: number, shift = 0) => {
  const random = seeded(seed);
  return sortedSample(Array.from({ length: n }, () => normal(random) + shift));
};

describe('plot bins', () => {
  it("show the reference's shape, where its own decile bins are ten flat bars", () => {
    const reference = normalSample(20_000, 1);
    const deciles = binCounts(reference, quantileEdges(reference, 10));
    expect(Math.max(...deciles) - Math.min(...deciles)).toBeLessThanOrEqual(2);
    const plot = plotDistribution(reference, normalSample(5000, 2, 0.5));
    const shares = plot.reference.map((c) => c / 20_000);
    // A bell: the middle bins hold several times the share of the bins one and a half sd out.
    const middle = plot.edges!.findIndex((e) => e > 0);
    const shoulder = plot.edges!.findIndex((e) => e > 1.5);
    expect(shares[middle]!).toBeGreaterThan(3 * shares[shoulder + 1]!);
    expect(plot.bins).toHaveLength(plot.edges!.length + 1);
    expect(plot.reference.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(plot.current.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('span both sides at round, equal steps, and let the open outer bins take the tails', () => {
    const edges = plotEdges(sortedSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), sortedSample([5, 15, 20]), 20);
    expect(edges[0]).toBe(0);
    expect(edges.at(-1)).toBeGreaterThanOrEqual(20);
    const steps = new Set(edges.slice(1).map((e, i) => e - edges[i]!));
    expect([...steps]).toEqual([1]);
    const outlier = plotEdges(sortedSample([...Array.from({ length: 999 }, (_, i) => i / 999), 1e9]), sortedSample([0.5]), 20);
    expect(outlier.at(-1)).toBeLessThanOrEqual(1);
  });

  it('picks steps of 1, 2, 2.5 or 5 times a power of ten, and one bin for a single value', () => {
    expect([0.07, 0.3, 0.24, 4.2, 9, 130].map(roundStep)).toEqual([0.1, 0.5, 0.25, 5, 10, 200]);
    expect(plotEdges(sortedSample([3, 3, 3]), sortedSample([3]))).toEqual([]);
    expect(plotEdges(sortedSample([0.1, 0.2, 0.3, 0.4]), sortedSample([]), 10).every((e) => String(e).length <= 4)).toBe(true);
  });

  it("weighs a sketch's items by their weights", () => {
    const plot = plotDistribution(
      { values: Float64Array.from([1, 2, 3]), weights: Float64Array.from([10, 20, 30]) },
      sortedSample([1, 2, 3]),
      2,
    );
    expect(plot.reference.reduce((a, b) => a + b, 0)).toBe(60);
  });
});
