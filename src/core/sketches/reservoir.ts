/**
 * A uniform sample without replacement that merges correctly: bottom-k sampling. Every value comes
 * with a priority drawn uniformly from [0, 1) by the caller (core owns no randomness) and the
 * reservoir keeps the `capacity` values with the smallest priorities. The k smallest priorities of
 * a union are the k smallest of the parts' k smallest, so merging two reservoirs gives exactly the
 * reservoir of the combined stream, and a part that saw ten times more values contributes about ten
 * times more of them — unlike merging classic reservoirs, which needs their counts and more coins.
 *
 * The kept items form a max-heap on priority: the root is the threshold a new value must beat, so
 * most adds on a long stream are one comparison, and the rest O(log capacity).
 */

export interface ReservoirItem<T> {
  value: T;
  priority: number;
}

export interface ReservoirState<T> {
  capacity: number;
  seen: number;
  /** In ascending priority. */
  items: ReservoirItem<T>[];
}

export class Reservoir<T> {
  readonly capacity: number;
  private readonly priorities: Float64Array;
  private readonly heapValues: T[] = [];
  private size = 0;
  private seenCount = 0;

  constructor(capacity = 256) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`reservoir capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.priorities = new Float64Array(capacity);
  }

  /** How many values were offered (by add, or to the parts merged in). */
  get seen(): number {
    return this.seenCount;
  }

  add(value: T, priority: number): void {
    this.seenCount++;
    // The usual case on a long stream, kept tiny so the profile's update loop can inline it.
    if (this.size === this.capacity && !(priority < this.priorities[0]!)) return;
    this.offer(value, priority);
  }

  merge(other: Reservoir<T>): this {
    if (other.capacity !== this.capacity) {
      // Different capacities would make the result depend on the merge order.
      throw new RangeError(`cannot merge reservoirs of capacity ${this.capacity} and ${other.capacity}`);
    }
    this.seenCount += other.seenCount;
    for (let i = 0; i < other.size; i++) this.offer(other.heapValues[i]!, other.priorities[i]!);
    return this;
  }

  /** The sampled values in ascending priority (a uniformly random order of the sample). */
  values(): T[] {
    return this.sortedItems().map((item) => item.value);
  }

  clone(): Reservoir<T> {
    const copy = new Reservoir<T>(this.capacity);
    copy.priorities.set(this.priorities);
    for (let i = 0; i < this.size; i++) copy.heapValues.push(this.heapValues[i]!);
    copy.size = this.size;
    copy.seenCount = this.seenCount;
    return copy;
  }

  toJSON(): ReservoirState<T> {
    return { capacity: this.capacity, seen: this.seenCount, items: this.sortedItems() };
  }

  static fromJSON<T>(s: ReservoirState<T>): Reservoir<T> {
    const reservoir = new Reservoir<T>(s.capacity);
    for (const item of s.items) {
      if (!(item.priority >= 0 && item.priority < 1)) throw new RangeError(`reservoir priority must be in [0, 1), got ${item.priority}`);
      reservoir.offer(item.value, item.priority);
    }
    reservoir.seenCount = s.seen;
    return reservoir;
  }

  private sortedItems(): ReservoirItem<T>[] {
    const items: ReservoirItem<T>[] = [];
    for (let i = 0; i < this.size; i++) items.push({ value: this.heapValues[i]!, priority: this.priorities[i]! });
    return items.sort((a, b) => a.priority - b.priority);
  }

  private offer(value: T, priority: number): void {
    const heap = this.priorities;
    if (this.size < this.capacity) {
      // Sift up from the new leaf.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! >= priority) break;
        heap[i] = heap[parent]!;
        this.heapValues[i] = this.heapValues[parent]!;
        i = parent;
      }
      heap[i] = priority;
      this.heapValues[i] = value;
      return;
    }
    if (!(priority < heap[0]!)) return;
    // Replace the root (the largest kept priority) and sift down.
    const n = this.size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right]! > heap[left]! ? right : left;
      if (heap[child]! <= priority) break;
      heap[i] = heap[child]!;
      this.heapValues[i] = this.heapValues[child]!;
      i = child;
    }
    heap[i] = priority;
    this.heapValues[i] = value;
  }
}
