import type { DataColumn } from '../suite-types.ts';

/** The group of rows whose sensitive value is missing: a group like any other, so no row is dropped silently. */
export const MISSING_GROUP = '(missing)';

/** A sensitive column as group codes: `codes[row]` indexes `names`, which are sorted as pandas sorts group keys. */
export interface EncodedColumn {
  readonly names: readonly string[];
  readonly codes: Int32Array;
}

/**
 * Numbers sort numerically and are named as JavaScript writes them (1, 3.5: Fairlearn's index shows 1.0, 3.5);
 * texts sort by their UTF-16 code units; the missing group comes last.
 */
export function encodeSensitiveColumn(column: DataColumn): EncodedColumn {
  return column instanceof Float64Array ? encodeNumbers(column) : encodeTexts(column);
}

function encodeNumbers(column: Float64Array): EncodedColumn {
  const seen = new Map<number, number>();
  const firstCodes = new Int32Array(column.length);
  let missing = false;
  for (let row = 0; row < column.length; row++) {
    const value = column[row]!;
    if (Number.isNaN(value)) {
      missing = true;
      firstCodes[row] = -1;
      continue;
    }
    let code = seen.get(value);
    if (code === undefined) seen.set(value, (code = seen.size));
    firstCodes[row] = code;
  }
  const values = [...seen.keys()].sort((a, b) => a - b);
  return recode(
    firstCodes,
    values.map((value) => seen.get(value)!),
    values.map((value) => String(value)),
    missing,
  );
}

function encodeTexts(column: ReadonlyArray<string | null>): EncodedColumn {
  const seen = new Map<string, number>();
  const firstCodes = new Int32Array(column.length);
  let missing = false;
  for (let row = 0; row < column.length; row++) {
    const value = column[row];
    if (value === null || value === undefined) {
      missing = true;
      firstCodes[row] = -1;
      continue;
    }
    let code = seen.get(value);
    if (code === undefined) seen.set(value, (code = seen.size));
    firstCodes[row] = code;
  }
  const values = [...seen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return recode(
    firstCodes,
    values.map((value) => seen.get(value)!),
    values,
    missing,
  );
}

/** Renumbers first-seen codes into sorted order (`order[i]` is the first-seen code of the i-th name); −1 is missing. */
function recode(firstCodes: Int32Array, order: readonly number[], names: readonly string[], missing: boolean): EncodedColumn {
  const sortedOf = new Int32Array(order.length);
  order.forEach((first, sorted) => (sortedOf[first] = sorted));
  const missingCode = names.length;
  const codes = new Int32Array(firstCodes.length);
  for (let row = 0; row < firstCodes.length; row++) {
    const first = firstCodes[row]!;
    codes[row] = first < 0 ? missingCode : sortedOf[first]!;
  }
  return { names: missing ? [...names, MISSING_GROUP] : names, codes };
}
