import type { SeededRandom } from '../seeded-random.ts';
import type { DataColumn, ReferenceColumn } from '../suite-types.ts';
import { categoryPool, columnRole, isWholeColumn, numericRange } from './column-values.ts';
import { suiteProblem, tooFewRows } from './suite-problem.ts';

/**
 * The column an invariance check scores: every row's value replaced by a draw, uniformly per row, from
 * the suite's `values`, else from the feature's range — [min, max] of the reference (else of the data)
 * for a number, whole numbers for a whole-number column, the seen categories for a category.
 */
export interface InvarianceDraw {
  readonly column: DataColumn;
  /** Where the values came from, for the details: `values`, or the range / categories drawn from. */
  readonly drawnFrom:
    | { readonly values: ReadonlyArray<string | number> }
    | { readonly min: number; readonly max: number; readonly whole: boolean }
    | { readonly categories: ReadonlyArray<string | number> };
}

export function drawInvariantColumn(
  checkName: string,
  column: DataColumn,
  reference: ReferenceColumn | undefined,
  values: ReadonlyArray<string | number> | undefined,
  rows: number,
  random: SeededRandom,
): InvarianceDraw {
  if (values !== undefined) return { column: fromGiven(checkName, column, values, rows, random), drawnFrom: { values } };
  if (columnRole(column, reference) === 'categorical') {
    const pool = categoryPool(column, reference);
    if (pool.length === 0) throw tooFewRows(checkName, 'the feature has no category to draw from (no reference, no value in the data)');
    const categories = Array.from(pool as ArrayLike<string | number>);
    const drawn =
      column instanceof Float64Array
        ? Float64Array.from({ length: rows }, () => (pool as Float64Array)[random.nextInt(pool.length)]!)
        : Array.from({ length: rows }, () => (pool as readonly string[])[random.nextInt(pool.length)]!);
    return { column: drawn, drawnFrom: { categories } };
  }
  const numbers = column as Float64Array;
  const range = numericRange(numbers, reference);
  if (range === undefined) throw tooFewRows(checkName, 'the feature has no range to draw from (no reference, no value in the data)');
  const whole = isWholeColumn(numbers) && Number.isInteger(range.min) && Number.isInteger(range.max);
  const span = range.max - range.min;
  const drawn = Float64Array.from({ length: rows }, () =>
    whole ? range.min + random.nextInt(span + 1) : range.min + span * random.nextFloat(),
  );
  return { column: drawn, drawnFrom: { min: range.min, max: range.max, whole } };
}

/** The suite's values, read as the column's type: a number column needs numbers (or texts that are numbers). */
function fromGiven(
  checkName: string,
  column: DataColumn,
  values: ReadonlyArray<string | number>,
  rows: number,
  random: SeededRandom,
): DataColumn {
  if (values.length === 0) throw suiteProblem(checkName, ['values'], 'too_small', 'give at least one value');
  if (!(column instanceof Float64Array)) {
    const texts = values.map(String);
    return Array.from({ length: rows }, () => texts[random.nextInt(texts.length)]!);
  }
  const numbers = values.map((value, index) => {
    const number = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(number)) {
      throw suiteProblem(
        checkName,
        ['values', index],
        'invalid_type',
        `${JSON.stringify(value)} is not a number, and the feature is numeric`,
      );
    }
    return number;
  });
  return Float64Array.from({ length: rows }, () => numbers[random.nextInt(numbers.length)]!);
}
