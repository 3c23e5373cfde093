/**
 * Counts on fixed interior bin edges, normally the reference profile's quantiles, so a live window
 * and the reference are compared on the same bins (PSI, chi-square) without keeping the values.
 * With m edges there are m + 1 bins; the outer two are open so no value is ever out of range:
 * bin 0 = (-inf, e0), bin i = [e(i-1), e(i)), bin m = [e(m-1), +inf) — left-closed, the same
 * convention as numpy.searchsorted(edges, x, side='right').
 */

export interface FixedHistogramState {
  edges: number[];
  counts: number[];
}

export class FixedHistogram {
  readonly edges: readonly number[];
  readonly counts: Float64Array;
  /** A typed copy of the edges: the binary search on the hot path reads it without bounds checks on a JS array of mixed kinds. */
  private readonly edgeArray: Float64Array;
  private weight = 0;

  constructor(edges: readonly number[]) {
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i]!;
      if (!Number.isFinite(edge)) throw new RangeError(`histogram edge ${i} is not finite: ${edge}`);
      if (i > 0 && !(edge > edges[i - 1]!)) throw new RangeError(`histogram edges must be strictly increasing (edge ${i})`);
    }
    this.edges = Object.freeze([...edges]);
    this.edgeArray = Float64Array.from(edges);
    this.counts = new Float64Array(edges.length + 1);
  }

  get total(): number {
    return this.weight;
  }

  add(x: number, weight = 1): void {
    this.counts[FixedHistogram.binIndex(this.edgeArray, x)]! += weight;
    this.weight += weight;
  }

  /** The number of edges <= x, which is the bin x falls in. */
  static binIndex(edges: ArrayLike<number>, x: number): number {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  merge(other: FixedHistogram): this {
    if (!sameEdges(this.edges, other.edges)) throw new RangeError('cannot merge histograms with different edges');
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.weight += other.weight;
    return this;
  }

  clone(): FixedHistogram {
    const copy = new FixedHistogram(this.edges);
    copy.counts.set(this.counts);
    copy.weight = this.weight;
    return copy;
  }

  toJSON(): FixedHistogramState {
    return { edges: [...this.edges], counts: Array.from(this.counts) };
  }

  static fromJSON(s: FixedHistogramState): FixedHistogram {
    const histogram = new FixedHistogram(s.edges);
    if (s.counts.length !== histogram.counts.length) {
      throw new RangeError(`histogram state has ${s.counts.length} counts for ${s.edges.length} edges`);
    }
    let total = 0;
    for (let i = 0; i < s.counts.length; i++) {
      histogram.counts[i] = s.counts[i]!;
      total += s.counts[i]!;
    }
    histogram.weight = total;
    return histogram;
  }
}

function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
