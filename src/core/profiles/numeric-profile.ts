import { isMissingInFile, readDecimalText } from '../contracts/read-cells.ts';
import { FixedHistogram, type FixedHistogramState } from '../sketches/fixed-histogram.ts';
import { HyperLogLog, type HyperLogLogState } from '../sketches/hyperloglog.ts';
import { KllSketch, type KllState } from '../sketches/kll.ts';
import { Moments, type MomentsState } from '../sketches/moments.ts';
import { Reservoir, type ReservoirState } from '../sketches/reservoir.ts';
import { HLL_PRECISION, KLL_K, SAMPLE_CAPACITY } from './profile-settings.ts';
import type { ColumnSchema } from './profile-schema.ts';

export interface NumericProfileState {
  readonly kind: 'numeric';
  readonly schema: ColumnSchema;
  readonly rows: number;
  readonly missing: number;
  /** Present values that were not numbers (text in a numeric column). */
  readonly invalid: number;
  readonly infinite: number;
  readonly belowRange: number;
  readonly aboveRange: number;
  readonly moments: MomentsState;
  readonly quantiles: KllState;
  readonly distinct: HyperLogLogState;
  readonly histogram: FixedHistogramState | null;
  readonly sample: ReservoirState<number>;
}

/**
 * A numeric column's mergeable summary: moments, a KLL quantile sketch, a distinct-count sketch, the
 * histogram on the reference's edges, out-of-range counts and a bottom-k sample. Memory is bounded
 * whatever the row count (about 10 KB; the sample holds at most SAMPLE_CAPACITY numbers).
 */
export class NumericProfile {
  readonly kind = 'numeric';
  rows = 0;
  missing = 0;
  invalid = 0;
  infinite = 0;
  belowRange = 0;
  aboveRange = 0;
  moments = new Moments();
  quantiles = new KllSketch(KLL_K);
  distinct = new HyperLogLog(HLL_PRECISION);
  histogram: FixedHistogram | undefined;
  sample = new Reservoir<number>(SAMPLE_CAPACITY);
  private readonly low: number;
  private readonly high: number;

  constructor(readonly schema: ColumnSchema) {
    this.histogram = schema.edges ? new FixedHistogram(schema.edges) : undefined;
    this.low = schema.range ? schema.range[0] : -Infinity;
    this.high = schema.range ? schema.range[1] : Infinity;
  }

  /** A JSON value from a request or a cell from a file; `priority` is this row's draw for the sample. */
  add(value: unknown, priority: number): void {
    this.rows++;
    let x: number;
    if (typeof value === 'number') x = value;
    else if (value === null || value === undefined) return void this.missing++;
    else if (typeof value === 'string') {
      if (isMissingInFile(value)) return void this.missing++;
      x = readDecimalText(value);
      if (Number.isNaN(x)) {
        if (/^\s*[+-]?inf(inity)?\s*$/i.test(value)) this.infinite++;
        else this.invalid++;
        return;
      }
    } else if (typeof value === 'boolean') x = value ? 1 : 0;
    else return void this.invalid++;
    if (!Number.isFinite(x)) {
      if (Number.isNaN(x)) this.missing++;
      else this.infinite++;
      return;
    }
    this.addNumber(x, priority);
  }

  addNumber(x: number, priority: number): void {
    this.moments.add(x);
    this.quantiles.add(x);
    this.distinct.addNumber(x);
    this.histogram?.add(x);
    if (x < this.low) this.belowRange++;
    else if (x > this.high) this.aboveRange++;
    this.sample.add(x, priority);
  }

  /** Present, finite numbers. */
  get count(): number {
    return this.moments.count;
  }

  merge(other: NumericProfile): this {
    this.rows += other.rows;
    this.missing += other.missing;
    this.invalid += other.invalid;
    this.infinite += other.infinite;
    this.belowRange += other.belowRange;
    this.aboveRange += other.aboveRange;
    this.moments.merge(other.moments);
    this.quantiles.merge(other.quantiles);
    this.distinct.merge(other.distinct);
    if (this.histogram && other.histogram) this.histogram.merge(other.histogram);
    this.sample.merge(other.sample);
    return this;
  }

  toJSON(): NumericProfileState {
    return {
      kind: 'numeric',
      schema: this.schema,
      rows: this.rows,
      missing: this.missing,
      invalid: this.invalid,
      infinite: this.infinite,
      belowRange: this.belowRange,
      aboveRange: this.aboveRange,
      moments: this.moments.toJSON(),
      quantiles: this.quantiles.toJSON(),
      distinct: this.distinct.toJSON(),
      histogram: this.histogram ? this.histogram.toJSON() : null,
      sample: this.sample.toJSON(),
    };
  }

  static fromJSON(state: NumericProfileState): NumericProfile {
    const profile = new NumericProfile(state.schema);
    profile.rows = state.rows;
    profile.missing = state.missing;
    profile.invalid = state.invalid;
    profile.infinite = state.infinite;
    profile.belowRange = state.belowRange;
    profile.aboveRange = state.aboveRange;
    profile.moments = Moments.fromJSON(state.moments);
    profile.quantiles = KllSketch.fromJSON(state.quantiles);
    profile.distinct = HyperLogLog.fromJSON(state.distinct);
    profile.histogram = state.histogram ? FixedHistogram.fromJSON(state.histogram) : undefined;
    profile.sample = Reservoir.fromJSON(state.sample);
    return profile;
  }
}
