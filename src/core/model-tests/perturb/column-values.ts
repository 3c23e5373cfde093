import type { DataColumn, ReferenceColumn } from '../suite-types.ts';

/**
 * What a perturbation may do with a column: `numeric` columns take noise and draws within a range,
 * `categorical` ones take swaps to other seen values. A number column whose reference is categorical
 * (an integer-coded category) is categorical: noise on a category code means nothing.
 */
export type ColumnRole = 'numeric' | 'categorical';

export function columnRole(column: DataColumn, reference: ReferenceColumn | undefined): ColumnRole {
  if (!(column instanceof Float64Array)) return 'categorical';
  return reference?.kind === 'categorical' ? 'categorical' : 'numeric';
}

/**
 * The standard deviation noise is scaled by: the reference's (training data), else the test data's own
 * (sample standard deviation of the present values; 0 with fewer than two).
 */
export function noiseScale(column: Float64Array, reference: ReferenceColumn | undefined): number {
  if (reference?.kind === 'numeric' && Number.isFinite(reference.std)) return reference.std;
  let count = 0;
  let mean = 0;
  let squares = 0;
  for (const value of column) {
    if (Number.isNaN(value)) continue;
    count++;
    const delta = value - mean;
    mean += delta / count;
    squares += delta * (value - mean);
  }
  return count < 2 ? 0 : Math.sqrt(squares / (count - 1));
}

/**
 * The values a categorical column may take: the reference's seen values, else the test data's distinct
 * present values in the order they first appear (so the same data gives the same pool). A number column
 * keeps the values that read as numbers.
 */
export function categoryPool(column: DataColumn, reference: ReferenceColumn | undefined): ReadonlyArray<string> | Float64Array {
  const seen: readonly (string | number)[] =
    reference?.kind === 'categorical' ? reference.values : distinctPresent(column as ArrayLike<string | number | null>);
  if (column instanceof Float64Array) return Float64Array.from(seen.map(Number).filter((value) => Number.isFinite(value)));
  return seen.map(String);
}

function distinctPresent(column: ArrayLike<string | number | null>): (string | number)[] {
  const seen = new Set<string | number>();
  for (let row = 0; row < column.length; row++) {
    const value = column[row];
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) continue;
    seen.add(value);
  }
  return [...seen];
}

/** The range invariance draws numbers from: the reference's [min, max], else the data's; undefined when neither has one. */
export function numericRange(column: Float64Array, reference: ReferenceColumn | undefined): { min: number; max: number } | undefined {
  if (reference?.kind === 'numeric' && Number.isFinite(reference.min) && Number.isFinite(reference.max)) {
    return { min: reference.min, max: reference.max };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of column) {
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : undefined;
}

/** True when every present value is a whole number: such a column (a count, an integer input) gets whole draws. */
export function isWholeColumn(column: Float64Array): boolean {
  for (const value of column) if (!Number.isNaN(value) && !Number.isInteger(value)) return false;
  return true;
}
