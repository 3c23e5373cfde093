import type { DataColumn } from '../../core/model-tests/suite-types.ts';
import type { FeatureSpec } from '../../core/signature.ts';
import { isMissing, parseNumber, type Cell, type TableChunk } from '../../core/table.ts';
import type { FeatureBatch, FeatureColumn } from '../../runtime/model-runtime.ts';

/**
 * The test data as columns, the way every check reads it. A column is numeric (Float64Array, NaN missing)
 * when the model's signature says it is a number or an integer, or when every present value reads as a
 * number (a sensitive `age` the model never sees can still be binned); everything else is text (null missing),
 * which keeps a category feature's names (`purpose: car`) as the swap perturbation and the slices show them.
 */
export function dataColumnsOf(table: TableChunk, inputs: readonly FeatureSpec[]): Map<string, DataColumn> {
  const declared = new Map(inputs.map((feature) => [feature.name, feature.type]));
  const columns = new Map<string, DataColumn>();
  table.columns.forEach((name, at) => {
    const cells = table.rows.map((row) => row.cells[at] ?? null);
    const type = declared.get(name);
    const numeric =
      type === 'number' || type === 'integer' || (type !== 'string' && cells.every((c) => isMissing(c) || parseNumber(c) !== undefined));
    columns.set(name, numeric ? numbersOf(cells) : textsOf(cells));
  });
  return columns;
}

function numbersOf(cells: readonly Cell[]): Float64Array {
  const column = new Float64Array(cells.length);
  cells.forEach((cell, i) => (column[i] = isMissing(cell) ? Number.NaN : (parseNumber(cell) ?? Number.NaN)));
  return column;
}

function textsOf(cells: readonly Cell[]): Array<string | null> {
  return cells.map((cell) => (isMissing(cell) ? null : String(cell)));
}

/**
 * The batch a runtime scores, from (possibly perturbed) test columns, converting each column to what its
 * feature takes the way buildFeatureBatch reads a file: numbers for number, integer and category features (a
 * category's name becomes its code, an unseen name reads as missing, as pandas does), text for string features.
 * Scoring the unmodified columns this way gives exactly the answers scoring the file gives.
 */
export function featureBatchOf(inputs: readonly FeatureSpec[], columns: ReadonlyMap<string, DataColumn>, rows: number): FeatureBatch {
  const batch: FeatureColumn[] = inputs.map((feature) => {
    const column = columns.get(feature.name);
    if (column === undefined)
      return feature.type === 'string' ? new Array<string | null>(rows).fill(null) : new Float64Array(rows).fill(Number.NaN);
    if (feature.type === 'string') {
      return column instanceof Float64Array ? Array.from(column, (x) => (Number.isNaN(x) ? null : String(x))) : column;
    }
    if (column instanceof Float64Array) return column;
    const codes = feature.categories ? new Map(feature.categories.map((c, i) => [c, i])) : undefined;
    const numbers = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const text = column[i] ?? null;
      numbers[i] = text === null ? Number.NaN : (codes?.get(text) ?? parseNumber(text) ?? Number.NaN);
    }
    return numbers;
  });
  return { rowCount: rows, columns: batch };
}
