/**
 * Count, mean and variance of a column, updated one value at a time with Welford's recurrence and
 * merged with Chan, Golub and LeVeque's pairwise formula. Both avoid the catastrophic cancellation of
 * the textbook sum-of-squares (a column of values near 1e9 with spread 1 keeps its variance), and
 * the pairwise merge makes windows, replicas and shards combine in any order to within rounding.
 *
 * Weights are frequency weights: addWeighted(x, 3) is the same as adding x three times, so `count`
 * is the total weight and the sample variance uses count - 1.
 */

export interface MomentsState {
  count: number;
  mean: number;
  m2: number;
  /** null when empty: JSON has no infinity. */
  min: number | null;
  max: number | null;
}

export class Moments {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** The caller passes finite numbers only (the profile counts missing and non-finite values apart). */
  add(x: number): void {
    const count = this.count + 1;
    const delta = x - this.mean;
    const mean = this.mean + delta / count;
    this.m2 += delta * (x - mean);
    this.mean = mean;
    this.count = count;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** West's weighted form of Welford's update; a weight <= 0 adds nothing. */
  addWeighted(x: number, w: number): void {
    if (!(w > 0)) return;
    const count = this.count + w;
    const delta = x - this.mean;
    const mean = this.mean + (delta * w) / count;
    this.m2 += w * delta * (x - mean);
    this.mean = mean;
    this.count = count;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  merge(other: Moments): this {
    if (other.count === 0) return this;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return this;
    }
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    // Weighting the two means by their shares (rather than mean + delta * nb / n) keeps the merge
    // symmetric in its arguments, so merge(a, b) and merge(b, a) agree to the last bit more often.
    this.mean = (this.mean * this.count + other.mean * other.count) / count;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / count;
    this.count = count;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  /** Population variance m2 / count; 0 below two values. */
  get variance(): number {
    return this.count < 2 ? 0 : Math.max(0, this.m2 / this.count);
  }

  /** Unbiased sample variance m2 / (count - 1); 0 below two values. */
  get sampleVariance(): number {
    return this.count < 2 ? 0 : Math.max(0, this.m2 / (this.count - 1));
  }

  get std(): number {
    return Math.sqrt(this.variance);
  }

  clone(): Moments {
    const copy = new Moments();
    copy.count = this.count;
    copy.mean = this.mean;
    copy.m2 = this.m2;
    copy.min = this.min;
    copy.max = this.max;
    return copy;
  }

  toJSON(): MomentsState {
    const empty = this.count === 0;
    return {
      count: this.count,
      mean: this.mean,
      m2: this.m2,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
    };
  }

  static fromJSON(s: MomentsState): Moments {
    const moments = new Moments();
    moments.count = s.count;
    moments.mean = s.mean;
    moments.m2 = s.m2;
    moments.min = s.min ?? Number.POSITIVE_INFINITY;
    moments.max = s.max ?? Number.NEGATIVE_INFINITY;
    return moments;
  }
}
