import { BallastError } from '../core/errors.ts';
import { IssueCollector, type IssueCode } from '../core/issues.ts';
import type { FeatureSpec } from '../core/signature.ts';
import { isMissing, parseNumber, type Cell, type TableChunk } from '../core/table.ts';
import type { FeatureBatch, FeatureColumn } from './model-runtime.ts';

/**
 * Turns rows read from a file or a request into the column-major batch a runtime consumes.
 * Columns are matched to features by name, so their order in the file does not matter; extra
 * columns are ignored. Every problem is collected, then reported at once with its row and column.
 */
export function buildFeatureBatch(inputs: readonly FeatureSpec[], chunk: TableChunk, source: string): FeatureBatch {
  const positions = new Map(chunk.columns.map((name, index) => [name, index]));
  const absent = inputs.filter((feature) => !positions.has(feature.name)).map((feature) => feature.name);
  if (absent.length > 0) {
    throw new BallastError(
      'missing_column',
      `${source}: missing column${absent.length > 1 ? 's' : ''} ${absent.map((n) => `"${n}"`).join(', ')} that the model needs`,
      absent.map((name) => ({ code: 'missing', path: [name], message: 'column is missing' })),
    );
  }
  const issues = new IssueCollector();
  const rowCount = chunk.rows.length;
  const columns: FeatureColumn[] = inputs.map((feature) => {
    const at = positions.get(feature.name)!;
    if (feature.type === 'string') {
      return chunk.rows.map(({ cells }) => {
        const cell = cells[at] ?? null;
        return isMissing(cell) ? null : String(cell);
      });
    }
    const codes = feature.type === 'category' && feature.categories ? new Map(feature.categories.map((c, i) => [c, i])) : undefined;
    const column = new Float64Array(rowCount);
    chunk.rows.forEach(({ row, cells }, index) => {
      const cell: Cell = cells[at] ?? null;
      column[index] = isMissing(cell)
        ? Number.NaN
        : toNumber(feature, cell, codes, (code, message) => issues.report(code, [row, feature.name], message));
    });
    return column;
  });
  issues.throwIfAny('invalid_value', source);
  return { rowCount, columns };
}

function toNumber(
  feature: FeatureSpec,
  cell: Cell,
  codes: Map<string, number> | undefined,
  report: (code: IssueCode, message: string) => void,
): number {
  if (codes !== undefined && typeof cell === 'string') {
    const code = codes.get(cell);
    if (code !== undefined) return code;
  }
  const value = parseNumber(cell);
  if (value === undefined) {
    if (codes !== undefined) return Number.NaN; // an unseen category reads as missing, as pandas does
    report('invalid_type', `${JSON.stringify(cell)} is not a number`);
    return Number.NaN;
  }
  if ((feature.type === 'integer' || feature.type === 'category') && !Number.isInteger(value)) {
    report(
      'invalid_value',
      `${value} is not a whole number (the feature is ${feature.type === 'integer' ? 'an integer' : 'an integer-coded category'})`,
    );
  }
  return value;
}
