import { byCountThenKey } from './category-counts.ts';

/**
 * The heaviest values of a high-cardinality column with the Misra–Gries summary, in the mergeable
 * form of Agarwal et al. (2012): counters are added key-wise and then every counter is reduced by
 * the (capacity+1)-th largest one, dropping those that reach zero. Each reduction by c removes at
 * least (capacity+1)·c of counted weight, so the total reduction — `maxError` — never exceeds
 * (total - kept weight) / (capacity + 1), and every kept counter is a lower bound on its value's
 * true count that is off by at most maxError (a value not kept has count <= maxError).
 *
 * Between reductions the table may grow to twice the capacity: one reduction then frees at least
 * `capacity` slots, so the O(capacity) reduction runs once per `capacity` new keys (amortised O(1)
 * per add) instead of on every new key once the table is full.
 */

export interface FrequentItemsState {
  capacity: number;
  total: number;
  maxError: number;
  /** Sorted by counter descending, then key. */
  counters: [string, number][];
}

export interface FrequentItem {
  value: string;
  estimate: number;
  lowerBound: number;
  upperBound: number;
}

export class FrequentItems {
  readonly capacity: number;
  private readonly counters = new Map<string, number>();
  private weight = 0;
  private error = 0;
  /** Scratch for finding the reduction amount without allocating on the streaming path. */
  private readonly scratch: Float64Array;

  constructor(capacity = 64) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`frequent-items capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.scratch = new Float64Array(2 * capacity + 1);
  }

  get total(): number {
    return this.weight;
  }

  get maxError(): number {
    return this.error;
  }

  add(key: string, weight = 1): void {
    if (!(weight > 0)) return;
    this.weight += weight;
    const count = this.counters.get(key);
    this.counters.set(key, count === undefined ? weight : count + weight);
    if (this.counters.size > 2 * this.capacity) this.reduce(this.scratch);
  }

  /** Rejects different capacities: the error guarantee is stated for one capacity. */
  merge(other: FrequentItems): this {
    if (other.capacity !== this.capacity) {
      throw new RangeError(`cannot merge frequent-items summaries of capacity ${this.capacity} and ${other.capacity}`);
    }
    this.weight += other.weight;
    this.error += other.error;
    for (const [key, count] of other.counters) {
      const mine = this.counters.get(key);
      this.counters.set(key, mine === undefined ? count : mine + count);
    }
    if (this.counters.size > this.capacity) this.reduce(new Float64Array(this.counters.size));
    return this;
  }

  /** Kept values, heaviest first (ties by value); a value not listed has a count of at most maxError. */
  items(): FrequentItem[] {
    return [...this.counters].sort(byCountThenKey).map(([value, count]) => ({
      value,
      estimate: count,
      lowerBound: count,
      upperBound: count + this.error,
    }));
  }

  clone(): FrequentItems {
    return FrequentItems.fromJSON(this.toJSON());
  }

  toJSON(): FrequentItemsState {
    return {
      capacity: this.capacity,
      total: this.weight,
      maxError: this.error,
      counters: [...this.counters].sort(byCountThenKey),
    };
  }

  static fromJSON(s: FrequentItemsState): FrequentItems {
    const sketch = new FrequentItems(s.capacity);
    sketch.weight = s.total;
    sketch.error = s.maxError;
    for (const [key, count] of s.counters) sketch.counters.set(key, count);
    if (sketch.counters.size > 2 * s.capacity) sketch.reduce(new Float64Array(sketch.counters.size));
    return sketch;
  }

  /** Subtracts the (capacity+1)-th largest counter from all counters; at most `capacity` stay positive. */
  private reduce(scratch: Float64Array): void {
    this.filled = 0;
    this.target = scratch;
    this.counters.forEach(this.collect);
    const n = this.filled;
    const values = n === scratch.length ? scratch : scratch.subarray(0, n);
    values.sort();
    this.cut = values[n - this.capacity - 1]!;
    this.error += this.cut;
    this.counters.forEach(this.applyCut);
  }

  // Callbacks made once per summary: for-of over a Map makes an [key, value] pair per entry.
  private filled = 0;
  private target: Float64Array = new Float64Array(0);
  private cut = 0;
  private readonly collect = (count: number): void => {
    this.target[this.filled++] = count;
  };
  private readonly applyCut = (count: number, key: string): void => {
    if (count <= this.cut) this.counters.delete(key);
    else this.counters.set(key, count - this.cut);
  };
}
