import { BallastError } from '../errors.ts';
import { isMissing, parseNumber } from '../table.ts';
import type { ColumnKind, ColumnRule, Contract, Severity, ViolationPolicy } from './contract-types.ts';
import { parseTimestamp } from './timestamps.ts';

/** What one cell is, judged against its column's rule. At most one status per cell: the first check it fails. */
export type CellStatus = 'ok' | 'missing' | 'type_mismatch' | 'out_of_range' | 'unknown_category' | 'pattern_mismatch';

/**
 * Where cells come from. `file`: CSV text or JSON Lines values, read the way pandas reads them
 * ("12" is a number, "NA" is missing, "True" is a boolean). `request`: JSON values a service sends,
 * typed as JSON types them (a number column needs a JSON number, only null is missing), which is
 * also what the serving path's instance reader demands.
 */
export type CellSource = 'file' | 'request';

/**
 * Where `classify` leaves the value it read once the type check passed: a number for number,
 * integer, boolean (1/0) and timestamp (epoch milliseconds) columns, text for category and string
 * columns. Uniqueness hashes it and freshness takes its maximum. Passed in and reused, so
 * classifying allocates nothing.
 */
export interface ParsedCell {
  value: number | string;
}

export type CellClassifier = (cell: unknown, parsed: ParsedCell) => CellStatus;

/** A column's rule, compiled once: bounds parsed, sets and patterns built, defaults resolved. */
export interface ColumnCheck {
  readonly column: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  readonly severity: Severity;
  readonly policy: ViolationPolicy;
  /** Share of non-missing values that must pass the value checks (range, values, pattern). */
  readonly mostly: number;
  readonly missingMax: number | undefined;
  readonly unique: boolean;
  readonly classify: CellClassifier;
  /** What a value breaking `status` should have been, for messages: "between 18 and 100". */
  expectation(status: Exclude<CellStatus, 'ok'>): string;
}

export function compileColumnChecks(contract: Contract, source: CellSource): ColumnCheck[] {
  return Object.entries(contract.columns).map(([column, rule]) => compileColumnCheck(column, rule, contract.defaults, source));
}

export function compileColumnCheck(column: string, rule: ColumnRule, defaults: Contract['defaults'], source: CellSource): ColumnCheck {
  const bounds = compileBounds(column, rule);
  const allowed = compileAllowedValues(column, rule);
  const pattern = compilePattern(column, rule);
  const read = source === 'file' ? fileReaders[rule.type] : requestReaders[rule.type];
  const missing = source === 'file' ? missingInFile : missingInRequest;
  const [lo, hi] = bounds ?? [-Infinity, Infinity];
  // Only text kinds carry values and patterns (compileAllowedValues/compilePattern refuse the rest),
  // so the classifier for numbers never looks at them and the one for text never compares bounds.
  const numeric = rule.type === 'number' || rule.type === 'integer' || rule.type === 'timestamp' || rule.type === 'boolean';
  const classify: CellClassifier = numeric
    ? (cell, parsed) => {
        if (missing(cell)) return 'missing';
        if (!read(cell, parsed)) return 'type_mismatch';
        const value = parsed.value as number;
        return value < lo || value > hi ? 'out_of_range' : 'ok';
      }
    : (cell, parsed) => {
        if (missing(cell)) return 'missing';
        if (!read(cell, parsed)) return 'type_mismatch';
        const text = parsed.value as string;
        if (allowed !== undefined && !allowed.has(text)) return 'unknown_category';
        if (pattern !== undefined && !pattern.test(text)) return 'pattern_mismatch';
        return 'ok';
      };
  return {
    column,
    kind: rule.type,
    nullable: rule.nullable ?? true,
    severity: rule.severity ?? defaults?.severity ?? 'error',
    policy: rule.on_violation ?? defaults?.on_violation ?? 'reject',
    mostly: rule.mostly ?? 1,
    missingMax: rule.missing_max,
    unique: rule.unique ?? false,
    classify,
    expectation: (status) => expectation(rule, status),
  };
}

type Reader = (cell: unknown, parsed: ParsedCell) => boolean;

function missingInFile(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  const n = cell.length;
  if (n === 0) return true;
  // Every missing marker is at most 5 characters once trimmed; a longer cell with printable ASCII at
  // both ends cannot be one, which settles most cells without trimming.
  if (n > 5 && isPrintableAscii(cell.charCodeAt(0)) && isPrintableAscii(cell.charCodeAt(n - 1))) return false;
  return isMissing(cell);
}

function missingInRequest(cell: unknown): boolean {
  return cell === null || cell === undefined;
}

function isPrintableAscii(code: number): boolean {
  return code > 32 && code < 127;
}

/**
 * Number() reads exactly the decimal forms parseNumber accepts when the text starts with a digit,
 * sign or point and has no radix prefix (0x, 0b, 0o); everything else goes the strict way.
 */
function readDecimal(text: string): number | undefined {
  const first = text.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
    const second = text.charCodeAt(1) | 0x20;
    if (!(first === 48 && (second === 120 || second === 98 || second === 111))) {
      const value = Number(text);
      return Number.isFinite(value) ? value : undefined;
    }
  }
  const value = parseNumber(text);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

const TRUE_TEXT = new Set(['true', 'True', 'TRUE', '1']);
const FALSE_TEXT = new Set(['false', 'False', 'FALSE', '0']);

function readBooleanText(text: string, parsed: ParsedCell): boolean {
  const word = TRUE_TEXT.has(text) || FALSE_TEXT.has(text) ? text : text.trim().toLowerCase();
  if (TRUE_TEXT.has(word)) parsed.value = 1;
  else if (FALSE_TEXT.has(word)) parsed.value = 0;
  else return false;
  return true;
}

function readTimestampText(cell: unknown, parsed: ParsedCell): boolean {
  if (typeof cell !== 'string') return false;
  const ms = parseTimestamp(cell);
  if (ms === undefined) return false;
  parsed.value = ms;
  return true;
}

function readScalarText(cell: unknown, parsed: ParsedCell): boolean {
  if (typeof cell === 'string') parsed.value = cell;
  else if (typeof cell === 'number' || typeof cell === 'boolean') parsed.value = String(cell);
  else return false;
  return true;
}

function fileNumber(integer: boolean): Reader {
  return (cell, parsed) => {
    const value = typeof cell === 'number' ? (Number.isFinite(cell) ? cell : undefined) : typeof cell === 'string' ? readDecimal(cell) : undefined;
    if (value === undefined || (integer && !Number.isInteger(value))) return false;
    parsed.value = value;
    return true;
  };
}

function requestNumber(integer: boolean): Reader {
  return (cell, parsed) => {
    if (typeof cell !== 'number' || !(integer ? Number.isInteger(cell) : Number.isFinite(cell))) return false;
    parsed.value = cell;
    return true;
  };
}

const fileReaders: Record<ColumnKind, Reader> = {
  number: fileNumber(false),
  // "12.0" is an integer: pandas writes a whole-number column that has gaps as floats.
  integer: fileNumber(true),
  boolean: (cell, parsed) => {
    if (typeof cell === 'boolean') parsed.value = cell ? 1 : 0;
    else if (cell === 1 || cell === 0) parsed.value = cell;
    else return typeof cell === 'string' && readBooleanText(cell, parsed);
    return true;
  },
  timestamp: readTimestampText,
  category: readScalarText,
  string: readScalarText,
};

const requestReaders: Record<ColumnKind, Reader> = {
  number: requestNumber(false),
  integer: requestNumber(true),
  boolean: (cell, parsed) => {
    if (typeof cell !== 'boolean') return false;
    parsed.value = cell ? 1 : 0;
    return true;
  },
  timestamp: readTimestampText,
  // Categories may be sent as names or codes; both compare by their text ("1" and 1 are one category).
  category: readScalarText,
  string: (cell, parsed) => {
    if (typeof cell !== 'string') return false;
    parsed.value = cell;
    return true;
  },
};

function compileBounds(column: string, rule: ColumnRule): [number, number] | undefined {
  if (rule.min === undefined && rule.max === undefined) return undefined;
  if (rule.type !== 'number' && rule.type !== 'integer' && rule.type !== 'timestamp') {
    throw invalid(column, 'min', `min and max apply to number, integer and timestamp columns, not ${rule.type}`);
  }
  const bound = (key: 'min' | 'max', fallback: number): number => {
    const given = rule[key];
    if (given === undefined) return fallback;
    const value = rule.type === 'timestamp' ? (typeof given === 'string' ? parseTimestamp(given) : undefined) : typeof given === 'number' ? given : parseNumber(given);
    if (value === undefined) throw invalid(column, key, rule.type === 'timestamp' ? 'must be an ISO-8601 date or date-time' : 'must be a number');
    return value;
  };
  const bounds: [number, number] = [bound('min', -Infinity), bound('max', Infinity)];
  if (bounds[0] > bounds[1]) throw invalid(column, 'min', 'min is above max');
  return bounds;
}

function compileAllowedValues(column: string, rule: ColumnRule): ReadonlySet<string> | undefined {
  if (rule.values === undefined) return undefined;
  if (rule.type !== 'category' && rule.type !== 'string') throw invalid(column, 'values', `values apply to category columns, not ${rule.type}`);
  return new Set(rule.values.map(String));
}

function compilePattern(column: string, rule: ColumnRule): RegExp | undefined {
  if (rule.pattern === undefined) return undefined;
  if (rule.type !== 'category' && rule.type !== 'string') throw invalid(column, 'pattern', `pattern applies to string and category columns, not ${rule.type}`);
  try {
    // The whole value must match, as pandera's str_fullmatch; the group keeps "a|b" from anchoring
    // only one side. No 'u' flag: it would refuse common patterns such as [\w-] that Python accepts.
    return new RegExp(`^(?:${rule.pattern})$`);
  } catch (error) {
    throw invalid(column, 'pattern', `is not a valid regular expression (${(error as Error).message})`);
  }
}

function invalid(column: string, key: string, message: string): BallastError {
  return new BallastError('invalid_contract', `columns.${column}.${key}: ${message}`, [{ path: ['columns', column, key], message }]);
}

const TYPE_NAMES: Record<ColumnKind, string> = {
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  timestamp: 'an ISO-8601 date or date-time',
  category: 'a category name or code',
  string: 'text',
};

function expectation(rule: ColumnRule, status: Exclude<CellStatus, 'ok'>): string {
  switch (status) {
    case 'missing':
      return 'present (the column is not nullable)';
    case 'type_mismatch':
      return TYPE_NAMES[rule.type];
    case 'out_of_range': {
      if (rule.min !== undefined && rule.max !== undefined) return `between ${rule.min} and ${rule.max}`;
      return rule.min !== undefined ? `at least ${rule.min}` : `at most ${rule.max}`;
    }
    case 'unknown_category': {
      const values = rule.values ?? [];
      const shown = values.slice(0, 8).map((v) => JSON.stringify(v)).join(', ');
      return `one of ${shown}${values.length > 8 ? `, … (${values.length} values)` : ''}`;
    }
    case 'pattern_mismatch':
      return `text matching /${rule.pattern}/`;
  }
}
