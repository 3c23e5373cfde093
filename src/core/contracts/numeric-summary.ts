/**
 * A mergeable summary of a stream of numbers: count, mean and variance (Welford, merged with Chan's
 * formula), and the TAIL_SIZE largest and smallest values kept exactly. The extremes are what
 * contract inference needs: how far a fresh sample's maximum may lie beyond the observed one is read
 * from the spacing of the top order statistics, not from the variance. Merging two summaries gives
 * exactly the summary of the concatenated streams (up to floating-point rounding of the moments).
 */
export const TAIL_SIZE = 64;
/** Distinct values kept with their counts at each end, for discrete tails (counts, ratings, codes). */
export const EDGE_VALUES = 8;

/** A value and how often it occurred. */
export type ValueCount = readonly [value: number, count: number];

export interface NumericSummaryState {
  readonly count: number;
  readonly mean: number;
  /** Sums of squared and cubed deviations from the mean. */
  readonly m2: number;
  readonly m3: number;
  /** Largest values, largest first (at most TAIL_SIZE). */
  readonly top: readonly number[];
  /** Smallest values, smallest first (at most TAIL_SIZE). */
  readonly bottom: readonly number[];
  /** The largest distinct values with their counts, largest first (at most EDGE_VALUES). */
  readonly topCounts: readonly ValueCount[];
  /** The smallest distinct values with their counts, smallest first. */
  readonly bottomCounts: readonly ValueCount[];
}

export class NumericSummary {
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private m3 = 0;
  private readonly top: number[] = [];
  private readonly bottom: number[] = [];
  private readonly topCounts: [number, number][] = [];
  private readonly bottomCounts: [number, number][] = [];

  add(value: number): void {
    const previous = this.count;
    this.count++;
    const delta = value - this.mean;
    const deltaN = delta / this.count;
    const term = delta * deltaN * previous;
    this.mean += deltaN;
    this.m3 += term * deltaN * (this.count - 2) - 3 * deltaN * this.m2;
    this.m2 += term;
    keepLargest(this.top, value);
    keepSmallest(this.bottom, value);
    countEdge(this.topCounts, value, 1, 1);
    countEdge(this.bottomCounts, value, 1, -1);
  }

  merge(other: NumericSummary): void {
    const total = this.count + other.count;
    if (other.count === 0) return;
    const delta = other.mean - this.mean;
    const [a, b] = [this.count, other.count];
    // Pébay (2008): third moments of the parts, their means' gap, and the second moments crossed.
    this.m3 += other.m3 + (delta ** 3 * a * b * (a - b)) / (total * total) + (3 * delta * (a * other.m2 - b * this.m2)) / total;
    this.m2 += other.m2 + (delta * delta * a * b) / total;
    this.mean += (delta * other.count) / total;
    this.count = total;
    for (const value of other.top) keepLargest(this.top, value);
    for (const value of other.bottom) keepSmallest(this.bottom, value);
    // Exact: a value among the EDGE_VALUES largest overall is among them in each part that holds it.
    for (const [value, count] of other.topCounts) countEdge(this.topCounts, value, count, 1);
    for (const [value, count] of other.bottomCounts) countEdge(this.bottomCounts, value, count, -1);
  }

  state(): NumericSummaryState {
    return {
      count: this.count,
      mean: this.mean,
      m2: this.m2,
      m3: this.m3,
      top: [...this.top],
      bottom: [...this.bottom],
      topCounts: this.topCounts.map(([value, count]) => [value, count] as const),
      bottomCounts: this.bottomCounts.map(([value, count]) => [value, count] as const),
    };
  }

  get size(): number {
    return this.count;
  }

  get min(): number | undefined {
    return this.bottom[0];
  }

  get max(): number | undefined {
    return this.top[0];
  }

  get standardDeviation(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  /** The sample skewness g1 (0 for symmetric data, about 1.75 for a log-normal with sigma 0.5). */
  get skewness(): number {
    return this.m2 > 0 ? (Math.sqrt(this.count) * this.m3) / this.m2 ** 1.5 : 0;
  }
}

/** Inserts into a list sorted largest first, keeping at most TAIL_SIZE; most values fail the first test. */
function keepLargest(list: number[], value: number): void {
  if (list.length === TAIL_SIZE && value <= list[TAIL_SIZE - 1]!) return;
  let i = list.length;
  while (i > 0 && list[i - 1]! < value) i--;
  list.splice(i, 0, value);
  if (list.length > TAIL_SIZE) list.pop();
}

function keepSmallest(list: number[], value: number): void {
  if (list.length === TAIL_SIZE && value >= list[TAIL_SIZE - 1]!) return;
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
  if (list.length > TAIL_SIZE) list.pop();
}

/** Counts a value into the list of the most extreme distinct values (sign 1: largest, -1: smallest). */
function countEdge(list: [number, number][], value: number, count: number, sign: 1 | -1): void {
  const last = list[list.length - 1];
  if (list.length === EDGE_VALUES && sign * (value - last![0]) < 0) return;
  let i = 0;
  while (i < list.length && sign * (list[i]![0] - value) > 0) i++;
  if (i < list.length && list[i]![0] === value) {
    list[i]![1] += count;
    return;
  }
  list.splice(i, 0, [value, count]);
  if (list.length > EDGE_VALUES) list.pop();
}
