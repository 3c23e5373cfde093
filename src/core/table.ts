/** A value as read from a data file: CSV gives strings (empty = missing), JSON Lines gives JSON scalars. */
export type Cell = string | number | boolean | null;

export interface TableRow {
  /** 1-based data row, used in error messages. */
  readonly row: number;
  readonly cells: readonly Cell[];
}

/** A block of rows sharing one column list; files are read as a sequence of these. */
export interface TableChunk {
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
}

/** Missing values as pandas reads them by default, so files written by pandas mean the same here. */
const MISSING_TEXT = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null', 'None', '<NA>']);

export function isMissing(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && MISSING_TEXT.has(cell.trim()));
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number strictly (no hex, no blanks, no "Infinity"); undefined when it is not one. */
export function parseNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim();
  return DECIMAL.test(text) ? Number(text) : undefined;
}
