import { isMissingInFile, readDecimalText } from '../contracts/read-cells.ts';
import { CategoryCounts, type CategoryCountsState } from '../sketches/category-counts.ts';
import { FrequentItems, type FrequentItemsState } from '../sketches/frequent-items.ts';
import { HyperLogLog, type HyperLogLogState } from '../sketches/hyperloglog.ts';
import { Reservoir, type ReservoirState } from '../sketches/reservoir.ts';
import { CATEGORY_CAPACITY, FREQUENT_ITEMS_CAPACITY, HLL_PRECISION, SAMPLE_CAPACITY } from './profile-settings.ts';
import type { ColumnSchema } from './profile-schema.ts';

export interface CategoricalProfileState {
  readonly kind: 'categorical';
  readonly schema: ColumnSchema;
  readonly rows: number;
  readonly missing: number;
  readonly categories: CategoryCountsState;
  readonly frequent: FrequentItemsState;
  readonly distinct: HyperLogLogState;
  readonly sample: ReservoirState<string>;
}

/**
 * A categorical column's mergeable summary: exact counts while it has few distinct values, frequent
 * items (Misra–Gries) beyond that, a distinct-count sketch and a bottom-k sample. Values are compared
 * as text, so 1, "1" and true/"true" from different sources land in the same category.
 */
export class CategoricalProfile {
  readonly kind = 'categorical';
  rows = 0;
  missing = 0;
  categories = new CategoryCounts(CATEGORY_CAPACITY);
  frequent = new FrequentItems(FREQUENT_ITEMS_CAPACITY);
  distinct = new HyperLogLog(HLL_PRECISION);
  sample = new Reservoir<string>(SAMPLE_CAPACITY);

  constructor(readonly schema: ColumnSchema) {}

  add(value: unknown, priority: number): void {
    this.rows++;
    if (
      value === null ||
      value === undefined ||
      (typeof value === 'number' && Number.isNaN(value)) ||
      (typeof value === 'string' && isMissingInFile(value))
    ) {
      this.missing++;
      return;
    }
    const text = this.schema.numbers
      ? numberText(value)
      : typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    this.categories.add(text);
    this.frequent.add(text);
    this.distinct.addString(text);
    this.sample.add(text, priority);
  }

  get count(): number {
    return this.categories.total;
  }

  /** Counts per category: exact while few; otherwise the frequent items' lower bounds and the remainder. */
  counts(): { counts: Map<string, number>; other: number } {
    if (!this.categories.exhausted) return { counts: new Map(this.categories.entries()), other: 0 };
    const counts = new Map<string, number>();
    let itemised = 0;
    for (const item of this.frequent.items()) {
      counts.set(item.value, item.lowerBound);
      itemised += item.lowerBound;
    }
    return { counts, other: Math.max(0, this.categories.total - itemised) };
  }

  merge(other: CategoricalProfile): this {
    this.rows += other.rows;
    this.missing += other.missing;
    this.categories.merge(other.categories);
    this.frequent.merge(other.frequent);
    this.distinct.merge(other.distinct);
    this.sample.merge(other.sample);
    return this;
  }

  toJSON(): CategoricalProfileState {
    return {
      kind: 'categorical',
      schema: this.schema,
      rows: this.rows,
      missing: this.missing,
      categories: this.categories.toJSON(),
      frequent: this.frequent.toJSON(),
      distinct: this.distinct.toJSON(),
      sample: this.sample.toJSON(),
    };
  }

  static fromJSON(state: CategoricalProfileState): CategoricalProfile {
    const profile = new CategoricalProfile(state.schema);
    profile.rows = state.rows;
    profile.missing = state.missing;
    profile.categories = CategoryCounts.fromJSON(state.categories);
    profile.frequent = FrequentItems.fromJSON(state.frequent);
    profile.distinct = HyperLogLog.fromJSON(state.distinct);
    profile.sample = Reservoir.fromJSON(state.sample);
    return profile;
  }
}

/** A category of a column of few numbers: the number's shortest form ("1.0" and 1 are "1"); anything else as text. */
function numberText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const x = readDecimalText(value);
    return Number.isNaN(x) ? value : String(x);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
