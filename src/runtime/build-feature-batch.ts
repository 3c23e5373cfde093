import { BallastError, type Issue } from '../core/errors.ts';
import type { FeatureSpec } from '../core/signature.ts';
import { isMissing, parseNumber, type Cell, type TableChunk } from '../core/table.ts';
import type { FeatureBatch, FeatureColumn } from './model-runtime.ts';

/** Enough examples to fix a file without flooding a terminal. */
const MAX_ISSUES = 20;

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
      absent.map((name) => ({ path: [name], message: 'column is missing' })),
    );
  }
  const issues: Issue[] = [];
  let issueCount = 0;
  const report = (row: number, feature: string, message: string) => {
    issueCount++;
    if (issues.length < MAX_ISSUES) issues.push({ path: [row, feature], message });
  };
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
      column[index] = isMissing(cell) ? Number.NaN : toNumber(feature, cell, codes, (message) => report(row, feature.name, message));
    });
    return column;
  });
  if (issueCount > 0) {
    const first = issues[0]!;
    const more = issueCount > 1 ? ` (and ${issueCount - 1} more problem${issueCount > 2 ? 's' : ''})` : '';
    throw new BallastError('invalid_value', `${source}: row ${first.path[0]}, column "${first.path[1]}": ${first.message}${more}`, issues);
  }
  return { rowCount, columns };
}

function toNumber(feature: FeatureSpec, cell: Cell, codes: Map<string, number> | undefined, report: (message: string) => void): number {
  if (codes !== undefined && typeof cell === 'string') {
    const code = codes.get(cell);
    if (code !== undefined) return code;
  }
  const value = parseNumber(cell);
  if (value === undefined) {
    if (codes !== undefined) return Number.NaN; // an unseen category reads as missing, as pandas does
    report(`${JSON.stringify(cell)} is not a number`);
    return Number.NaN;
  }
  if ((feature.type === 'integer' || feature.type === 'category') && !Number.isInteger(value)) {
    report(`${value} is not a whole number (the feature is ${feature.type === 'integer' ? 'an integer' : 'an integer-coded category'})`);
  }
  return value;
}
