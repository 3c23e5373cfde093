/**
 * Exact counts per category while a column has at most `capacity` distinct values; past that it
 * gives up: counts are dropped, `exhausted` is set and only the total is kept (frequent items and
 * the distinct-count sketch cover such columns). Giving up entirely, rather than keeping the first
 * `capacity` values seen, is what keeps merging order-free: the merge is exhausted exactly when the
 * union of the parts has more than `capacity` values, whichever part saw which value first.
 */

export interface CategoryCountsState {
  capacity: number;
  total: number;
  exhausted: boolean;
  /** Sorted by count descending, then key; empty when exhausted. */
  counts: [string, number][];
}

export class CategoryCounts {
  private limit: number;
  private readonly counts = new Map<string, number>();
  private weight = 0;
  private gaveUp = false;

  constructor(capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`category capacity must be a positive integer, got ${capacity}`);
    this.limit = capacity;
  }

  get capacity(): number {
    return this.limit;
  }

  get exhausted(): boolean {
    return this.gaveUp;
  }

  get total(): number {
    return this.weight;
  }

  /** The number of distinct values seen; undefined once exhausted (it is then only known to exceed capacity). */
  get distinct(): number | undefined {
    return this.gaveUp ? undefined : this.counts.size;
  }

  add(key: string, weight = 1): void {
    this.weight += weight;
    if (this.gaveUp) return;
    const count = this.counts.get(key);
    if (count !== undefined) {
      this.counts.set(key, count + weight);
    } else if (this.counts.size < this.capacity) {
      this.counts.set(key, weight);
    } else {
      this.exhaust();
    }
  }

  /** Merging with a smaller capacity keeps the smaller one, so merge order never matters. */
  merge(other: CategoryCounts): this {
    this.weight += other.weight;
    if (other.capacity < this.capacity) {
      this.limit = other.capacity;
      if (this.counts.size > this.limit) this.exhaust();
    }
    if (this.gaveUp) return this;
    if (other.gaveUp) {
      this.exhaust();
      return this;
    }
    for (const [key, count] of other.counts) {
      const mine = this.counts.get(key);
      if (mine !== undefined) {
        this.counts.set(key, mine + count);
      } else if (this.counts.size < this.capacity) {
        this.counts.set(key, count);
      } else {
        this.exhaust();
        break;
      }
    }
    return this;
  }

  entries(): [string, number][] {
    return [...this.counts].sort(byCountThenKey);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  clone(): CategoryCounts {
    return CategoryCounts.fromJSON(this.toJSON());
  }

  toJSON(): CategoryCountsState {
    return { capacity: this.capacity, total: this.weight, exhausted: this.gaveUp, counts: this.entries() };
  }

  static fromJSON(s: CategoryCountsState): CategoryCounts {
    const sketch = new CategoryCounts(s.capacity);
    sketch.weight = s.total;
    if (s.exhausted) {
      sketch.gaveUp = true;
      return sketch;
    }
    if (s.counts.length > s.capacity)
      throw new RangeError(`category state holds ${s.counts.length} values, more than its capacity ${s.capacity}`);
    for (const [key, count] of s.counts) sketch.counts.set(key, count);
    return sketch;
  }

  private exhaust(): void {
    this.gaveUp = true;
    this.counts.clear();
  }
}

export function byCountThenKey(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
