import type { SortedSample } from './sorted-sample.ts';
import { totalWeight } from './sorted-sample.ts';

/**
 * Interior bin edges at the reference's quantiles 1/bins, ..., (bins-1)/bins, so each bin holds
 * about the same share of the reference. Unweighted samples use numpy.quantile's default (linear
 * interpolation between order statistics); weighted samples (sketch items) the inverse of the
 * weighted ECDF (numpy's 'inverted_cdf'). Repeated edges are dropped, so a column with few
 * distinct values gets fewer bins; [] when the reference has fewer than 2 distinct values.
 */
export function quantileEdges(reference: SortedSample, bins = 10): number[] {
  const values = reference.values;
  const n = values.length;
  if (n === 0 || values[0] === values[n - 1]) return [];
  const edges: number[] = [];
  const weights = reference.weights;
  const total = weights === undefined ? 0 : totalWeight(reference);
  let index = 0; // for the weighted walk: quantiles ascend, so the search only moves forward
  let cumulative = weights === undefined ? 0 : (weights[0] as number);
  for (let k = 1; k < bins; k++) {
    const q = k / bins;
    let edge: number;
    if (weights === undefined) {
      edge = linearQuantile(values, q);
    } else {
      // Smallest value whose cumulative share reaches q.
      while (index < n - 1 && cumulative / total < q) cumulative += weights[++index] as number;
      edge = values[index] as number;
    }
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  return edges;
}

/** numpy's linear quantile: position (n-1)·q, interpolated so that it is exact at both ends. */
function linearQuantile(values: Float64Array, q: number): number {
  const position = (values.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, values.length - 1);
  const t = position - below;
  const low = values[below] as number;
  const high = values[above] as number;
  const difference = high - low;
  return t >= 0.5 ? high - difference * (1 - t) : low + difference * t;
}

/**
 * How much of the sample falls in each bin: bin 0 is (-inf, e0), bin i is [e(i-1), e(i)), the last
 * [e(m-1), +inf) (numpy.searchsorted(edges, x, side='right')). Weighted samples add their weights.
 * One merge-like pass over the sorted sample.
 */
export function binCounts(sample: SortedSample, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  const { values, weights } = sample;
  let bin = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    while (bin < edges.length && value >= (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }
  return counts;
}
