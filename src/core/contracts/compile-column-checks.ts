import type { BallastError } from '../errors.ts';
import { issuesError } from '../issues.ts';
import { parseNumber } from '../table.ts';
import type { ColumnKind, ColumnRule, Contract, Severity, ViolationPolicy } from './contract-types.ts';
import { isMissingInFile, readBooleanText, readDecimalText } from './read-cells.ts';
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
 * Where `classify` leaves the value it read once the type check passed: `number` for number,
 * integer, boolean (1/0) and timestamp (epoch milliseconds) columns, `text` for category and string
 * columns (`ColumnCheck.parsesTo` says which). Uniqueness hashes it, label balance counts it and
 * freshness takes its maximum. Passed in and reused, so classifying allocates nothing; two fields
 * rather than one `number | string` keep the number field unboxed.
 */
export interface ParsedCell {
  number: number;
  text: string;
}

export function emptyParsedCell(): ParsedCell {
  return { number: 0, text: '' };
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
  readonly parsesTo: 'number' | 'text';
  readonly classify: CellClassifier;
  /** What a value breaking `status` should have been, for messages: "between 18 and 100". */
  expectation(status: Exclude<CellStatus, 'ok'>): string;
}

export function compileColumnChecks(contract: Contract, source: CellSource): ColumnCheck[] {
  return Object.entries(contract.columns).map(([column, rule]) => compileColumnCheck(column, rule, contract.defaults, source));
}

export function compileColumnCheck(column: string, rule: ColumnRule, defaults: Contract['defaults'], source: CellSource): ColumnCheck {
  const [lo, hi] = compileBounds(column, rule) ?? [-Infinity, Infinity];
  const allowed = compileAllowedValues(column, rule);
  const pattern = compilePattern(column, rule);
  const fromFile = source === 'file';
  const classify =
    rule.type === 'number' || rule.type === 'integer'
      ? numericClassifier(lo, hi, rule.type === 'integer', fromFile)
      : rule.type === 'timestamp'
        ? timestampClassifier(lo, hi, fromFile)
        : rule.type === 'boolean'
          ? booleanClassifier(fromFile)
          : textClassifier(allowed, pattern, rule.type === 'category' || fromFile, fromFile);
  return {
    column,
    kind: rule.type,
    nullable: rule.nullable ?? true,
    severity: rule.severity ?? defaults?.severity ?? 'error',
    policy: rule.on_violation ?? defaults?.on_violation ?? 'reject',
    mostly: rule.mostly ?? 1,
    missingMax: rule.missing_max,
    unique: rule.unique ?? false,
    parsesTo: rule.type === 'category' || rule.type === 'string' ? 'text' : 'number',
    classify,
    expectation: (status) => expectation(rule, status),
  };
}

/*
 * One classifier per kind, each its own function so that V8 sees one shape of code per kind and
 * can inline the readers it calls; what differs between columns (bounds, sets, patterns, where
 * cells come from) is captured once. From files, text is parsed the way pandas reads a CSV; from
 * requests, only the JSON type counts (a number column needs a JSON number, only null is missing).
 */

function numericClassifier(lo: number, hi: number, integer: boolean, fromFile: boolean): CellClassifier {
  return (cell, parsed) => {
    let value: number;
    if (typeof cell === 'number') {
      if (!(integer ? Number.isInteger(cell) : Number.isFinite(cell))) return 'type_mismatch';
      value = cell;
    } else if (typeof cell === 'string' && fromFile) {
      if (isMissingInFile(cell)) return 'missing';
      value = readDecimalText(cell);
      // "12.0" is an integer: pandas writes a whole-number column that has gaps as floats.
      if (value !== value || (integer && !Number.isInteger(value))) return 'type_mismatch';
    } else {
      return cell === null || cell === undefined ? 'missing' : 'type_mismatch';
    }
    parsed.number = value;
    return value < lo || value > hi ? 'out_of_range' : 'ok';
  };
}

function timestampClassifier(lo: number, hi: number, fromFile: boolean): CellClassifier {
  return (cell, parsed) => {
    if (typeof cell !== 'string') return cell === null || cell === undefined ? 'missing' : 'type_mismatch';
    if (fromFile && isMissingInFile(cell)) return 'missing';
    const ms = parseTimestamp(cell);
    if (ms === undefined) return 'type_mismatch';
    parsed.number = ms;
    return ms < lo || ms > hi ? 'out_of_range' : 'ok';
  };
}

function booleanClassifier(fromFile: boolean): CellClassifier {
  return (cell, parsed) => {
    if (typeof cell === 'boolean') {
      parsed.number = cell ? 1 : 0;
      return 'ok';
    }
    if (cell === null || cell === undefined) return 'missing';
    if (!fromFile) return 'type_mismatch';
    if (cell === 1 || cell === 0) {
      parsed.number = cell;
      return 'ok';
    }
    if (typeof cell !== 'string') return 'type_mismatch';
    if (isMissingInFile(cell)) return 'missing';
    const value = readBooleanText(cell);
    if (value !== value) return 'type_mismatch';
    parsed.number = value;
    return 'ok';
  };
}

/** Categories compare by their text, so a code sent as 1 or "1" is the same category. */
function textClassifier(
  allowed: ReadonlySet<string> | undefined,
  pattern: RegExp | undefined,
  anyScalar: boolean,
  fromFile: boolean,
): CellClassifier {
  return (cell, parsed) => {
    let text: string;
    if (typeof cell === 'string') {
      if (fromFile && isMissingInFile(cell)) return 'missing';
      text = cell;
    } else if (cell === null || cell === undefined) {
      return 'missing';
    } else if (anyScalar && (typeof cell === 'number' || typeof cell === 'boolean')) {
      text = String(cell);
    } else {
      return 'type_mismatch';
    }
    parsed.text = text;
    if (allowed !== undefined && !allowed.has(text)) return 'unknown_category';
    if (pattern !== undefined && !pattern.test(text)) return 'pattern_mismatch';
    return 'ok';
  };
}

function compileBounds(column: string, rule: ColumnRule): [number, number] | undefined {
  if (rule.min === undefined && rule.max === undefined) return undefined;
  if (rule.type !== 'number' && rule.type !== 'integer' && rule.type !== 'timestamp') {
    throw invalid(column, 'min', `min and max apply to number, integer and timestamp columns, not ${rule.type}`);
  }
  const bound = (key: 'min' | 'max', fallback: number): number => {
    const given = rule[key];
    if (given === undefined) return fallback;
    const value =
      rule.type === 'timestamp'
        ? typeof given === 'string'
          ? parseTimestamp(given)
          : undefined
        : typeof given === 'number'
          ? given
          : parseNumber(given);
    if (value === undefined)
      throw invalid(column, key, rule.type === 'timestamp' ? 'must be an ISO-8601 date or date-time' : 'must be a number');
    return value;
  };
  const bounds: [number, number] = [bound('min', -Infinity), bound('max', Infinity)];
  if (bounds[0] > bounds[1]) throw invalid(column, 'min', 'min is above max');
  return bounds;
}

function compileAllowedValues(column: string, rule: ColumnRule): ReadonlySet<string> | undefined {
  if (rule.values === undefined) return undefined;
  if (rule.type !== 'category' && rule.type !== 'string')
    throw invalid(column, 'values', `values apply to category columns, not ${rule.type}`);
  return new Set(rule.values.map(String));
}

function compilePattern(column: string, rule: ColumnRule): RegExp | undefined {
  if (rule.pattern === undefined) return undefined;
  if (rule.type !== 'category' && rule.type !== 'string')
    throw invalid(column, 'pattern', `pattern applies to string and category columns, not ${rule.type}`);
  try {
    // The whole value must match, as pandera's str_fullmatch; the group keeps "a|b" from anchoring
    // only one side. No 'u' flag: it would refuse common patterns such as [\w-] that Python accepts.
    return new RegExp(`^(?:${rule.pattern})$`);
  } catch (error) {
    throw invalid(column, 'pattern', `is not a valid regular expression (${(error as Error).message})`);
  }
}

function invalid(column: string, key: string, message: string): BallastError {
  return issuesError('invalid_contract', 'invalid contract', [{ code: 'invalid_value', path: ['columns', column, key], message }]);
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
      if (rule.min === undefined && rule.max === undefined) return 'within its range';
      return rule.min !== undefined ? `at least ${rule.min}` : `at most ${rule.max}`;
    }
    case 'unknown_category': {
      const values = rule.values ?? [];
      if (values.length === 0) return 'an allowed value';
      const shown = values
        .slice(0, 8)
        .map((v) => JSON.stringify(v))
        .join(', ');
      return `one of ${shown}${values.length > 8 ? `, … (${values.length} values)` : ''}`;
    }
    case 'pattern_mismatch':
      return rule.pattern === undefined ? 'text matching its pattern' : `text matching /${rule.pattern}/`;
  }
}
