import type { IssueCollector, IssuePath } from '../issues.ts';
import { CONTRACT_FORMAT, type ColumnKind, type ColumnRule, type Contract, type DatasetRules } from './contract-types.ts';
import { parseDuration } from './parse-duration.ts';
import { parseTimestamp } from './timestamps.ts';
import {
  article,
  compact,
  deepFreeze,
  expectObject,
  optionalBoolean,
  optionalEnum,
  optionalShare,
  optionalString,
  show,
  unknownKeys,
  type Doc,
  type Report,
} from './document-readers.ts';

/**
 * Checks a parsed document (JSON or YAML, already turned into plain values) against the contract
 * format and collects every problem with its path, rather than stopping at the first: a person
 * fixing a contract by hand wants the whole list at once. Returns the contract rebuilt from the
 * known keys only, in a stable key order, when there is no problem.
 */
export function checkContractDocument(document: unknown, issues: IssueCollector): Contract | undefined {
  const contract = readContract(document, (code, path, message) => issues.report(code, path, message));
  return issues.count === 0 ? deepFreeze(contract) : undefined;
}

const COLUMN_KINDS: readonly ColumnKind[] = ['number', 'integer', 'boolean', 'category', 'string', 'timestamp'];

// `$schema` lets an editor find docs/contract.schema.json in a JSON file; it is read and dropped.
const TOP_KEYS = ['$schema', 'format', 'name', 'description', 'defaults', 'columns', 'dataset'];
const DEFAULT_KEYS = ['severity', 'on_violation'];
const COLUMN_KEYS = [
  'type',
  'description',
  'label',
  'unit',
  'nullable',
  'missing_max',
  'min',
  'max',
  'values',
  'pattern',
  'unique',
  'mostly',
  'severity',
  'on_violation',
  'sensitive',
  'pii',
];
const DATASET_KEYS = ['row_count', 'duplicate_rows_max', 'label', 'freshness', 'allow_extra_columns'];
const ROW_COUNT_KEYS = ['min', 'max'];
const LABEL_KEYS = ['column', 'min_class_share', 'min_minority_share'];
const FRESHNESS_KEYS = ['column', 'max_delay'];

/** Spellings from pandas, pandera and SQL that people will try first. */
const KIND_HINTS: Record<string, ColumnKind> = {
  float: 'number',
  float64: 'number',
  double: 'number',
  numeric: 'number',
  decimal: 'number',
  int: 'integer',
  int64: 'integer',
  int32: 'integer',
  bool: 'boolean',
  str: 'string',
  text: 'string',
  object: 'string',
  categorical: 'category',
  enum: 'category',
  datetime: 'timestamp',
  date: 'timestamp',
  'datetime64[ns]': 'timestamp',
};

/** Keys that would reach Object.prototype if a later reader assigned by name. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function readContract(document: unknown, report: Report): Contract {
  const doc = expectObject(document, [], report, 'the contract');
  if (doc === undefined) return { format: CONTRACT_FORMAT, columns: {} };
  unknownKeys(doc, TOP_KEYS, [], report);
  if (doc.format === undefined) report('missing', ['format'], `is required: write "format: ${CONTRACT_FORMAT}"`);
  else if (doc.format !== CONTRACT_FORMAT) {
    report('invalid_value', ['format'], `must be "${CONTRACT_FORMAT}" (got ${show(doc.format)}); this Ballast reads no other version`);
  }
  optionalString(doc, '$schema', [], report);
  const name = optionalString(doc, 'name', [], report);
  const description = optionalString(doc, 'description', [], report);
  const defaults = readDefaults(doc.defaults, report);
  const columns = readColumns(doc.columns, report);
  const dataset = doc.dataset === undefined ? undefined : readDataset(doc.dataset, columns, report);
  return compact({ format: CONTRACT_FORMAT, name, description, defaults, columns, dataset }) as unknown as Contract;
}

function readDefaults(value: unknown, report: Report): Contract['defaults'] {
  if (value === undefined) return undefined;
  const doc = expectObject(value, ['defaults'], report, 'defaults');
  if (doc === undefined) return undefined;
  unknownKeys(doc, DEFAULT_KEYS, ['defaults'], report);
  return compact({
    severity: optionalEnum(doc, 'severity', ['error', 'warn'], ['defaults'], report),
    on_violation: optionalEnum(doc, 'on_violation', ['reject', 'flag'], ['defaults'], report),
  });
}

function readColumns(value: unknown, report: Report): Record<string, ColumnRule> {
  // A null prototype, so looking up a data column called "constructor" finds nothing by accident.
  const columns = Object.create(null) as Record<string, ColumnRule>;
  if (value === undefined) {
    report('missing', ['columns'], 'is required: a mapping from column name to its rule');
    return columns;
  }
  const doc = expectObject(value, ['columns'], report, 'columns');
  if (doc === undefined) return columns;
  const names = Object.keys(doc);
  if (names.length === 0) report('too_small', ['columns'], 'must list at least one column');
  for (const name of names) {
    const path = ['columns', name];
    if (name.trim().length === 0) report('invalid_value', path, 'a column name may not be empty');
    else if (FORBIDDEN_NAMES.has(name)) report('invalid_value', path, `a column may not be named ${name}`);
    const rule = readColumn(doc[name], path, report);
    if (rule !== undefined) columns[name] = rule;
  }
  return columns;
}

function readColumn(value: unknown, path: IssuePath, report: Report): ColumnRule | undefined {
  const doc = expectObject(value, path, report, 'a column rule');
  if (doc === undefined) return undefined;
  unknownKeys(doc, COLUMN_KEYS, path, report);
  const type = readKind(doc.type, [...path, 'type'], report);
  const nullable = optionalBoolean(doc, 'nullable', path, report);
  const missingMax = optionalShare(doc, 'missing_max', path, report);
  if (nullable === false && missingMax !== undefined && missingMax > 0) {
    report('invalid_value', [...path, 'missing_max'], `is ${missingMax} but nullable is false, which allows no missing value`);
  }
  const [min, max] = readRange(doc, type, path, report);
  const values = readValues(doc, type, path, report);
  const pattern = readPattern(doc, type, path, report);
  return compact({
    type: type ?? 'string',
    description: optionalString(doc, 'description', path, report),
    label: optionalString(doc, 'label', path, report),
    unit: optionalString(doc, 'unit', path, report),
    nullable,
    missing_max: missingMax,
    min,
    max,
    values,
    pattern,
    unique: optionalBoolean(doc, 'unique', path, report),
    mostly: optionalShare(doc, 'mostly', path, report),
    severity: optionalEnum(doc, 'severity', ['error', 'warn'], path, report),
    on_violation: optionalEnum(doc, 'on_violation', ['reject', 'flag'], path, report),
    sensitive: optionalBoolean(doc, 'sensitive', path, report),
    pii: optionalBoolean(doc, 'pii', path, report),
  });
}

function readKind(value: unknown, path: IssuePath, report: Report): ColumnKind | undefined {
  if (value === undefined) {
    report('missing', path, `is required: one of ${COLUMN_KINDS.join(', ')}`);
    return undefined;
  }
  if (typeof value === 'string' && (COLUMN_KINDS as readonly string[]).includes(value)) return value as ColumnKind;
  const hint = typeof value === 'string' ? KIND_HINTS[value.toLowerCase()] : undefined;
  report('invalid_value', path, `must be one of ${COLUMN_KINDS.join(', ')} (got ${show(value)})${hint ? `; did you mean ${hint}?` : ''}`);
  return undefined;
}

function readRange(
  doc: Doc,
  type: ColumnKind | undefined,
  path: IssuePath,
  report: Report,
): [number | string | undefined, number | string | undefined] {
  const bounds: (number | string | undefined)[] = [];
  const positions: (number | undefined)[] = [];
  for (const key of ['min', 'max'] as const) {
    const value = doc[key];
    let bound: number | string | undefined;
    let position: number | undefined;
    if (value !== undefined) {
      if (type === 'number' || type === 'integer') {
        if (typeof value === 'number' && Number.isFinite(value)) [bound, position] = [value, value];
        else report('invalid_type', [...path, key], `must be a finite number for a ${type} column (got ${show(value)})`);
      } else if (type === 'timestamp') {
        position = typeof value === 'string' ? parseTimestamp(value) : undefined;
        if (position !== undefined) bound = value as string;
        else
          report(
            'invalid_format',
            [...path, key],
            `must be an ISO-8601 date or date-time such as "2024-03-01" or "2024-03-01T12:00:00Z" (got ${show(value)})`,
          );
      } else if (type !== undefined) {
        report('unrecognized_key', [...path, key], `applies to number, integer and timestamp columns, not to ${article(type)} column`);
      }
    }
    bounds.push(bound);
    positions.push(position);
  }
  if (positions[0] !== undefined && positions[1] !== undefined && positions[0] > positions[1]) {
    report('invalid_value', [...path, 'min'], `(${show(bounds[0])}) is greater than max (${show(bounds[1])})`);
  }
  return [bounds[0], bounds[1]];
}

function readValues(doc: Doc, type: ColumnKind | undefined, path: IssuePath, report: Report): ColumnRule['values'] {
  const value = doc.values;
  if (value === undefined) return undefined;
  const at = [...path, 'values'];
  if (type !== undefined && type !== 'category') {
    report(
      'unrecognized_key',
      at,
      `applies to category columns only, not to ${article(type)} column${type === 'string' ? ' (make it a category)' : ''}`,
    );
    return undefined;
  }
  if (!Array.isArray(value)) {
    report('invalid_type', at, `must be a list of allowed values (got ${show(value)})`);
    return undefined;
  }
  if (value.length === 0) report('too_small', at, 'must list at least one value');
  const seen = new Set<string>();
  const out: (string | number | boolean)[] = [];
  value.forEach((item: unknown, index) => {
    const ok = typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item));
    if (!ok) return report('invalid_type', [...at, index], `must be a string, number or boolean (got ${show(item)})`);
    const key = `${typeof item}:${String(item)}`;
    if (seen.has(key)) return report('duplicate', [...at, index], `repeats ${show(item)}`);
    seen.add(key);
    out.push(item);
  });
  return out;
}

function readPattern(doc: Doc, type: ColumnKind | undefined, path: IssuePath, report: Report): string | undefined {
  const value = doc.pattern;
  if (value === undefined) return undefined;
  const at = [...path, 'pattern'];
  if (type !== undefined && type !== 'string') {
    report('unrecognized_key', at, `applies to string columns only, not to ${article(type)} column`);
    return undefined;
  }
  if (typeof value !== 'string') {
    report('invalid_type', at, `must be a regular expression as text (got ${show(value)})`);
    return undefined;
  }
  try {
    new RegExp(`^(?:${value})$`);
  } catch (error) {
    report('invalid_format', at, `is not a valid regular expression: ${(error as Error).message}`);
    return undefined;
  }
  return value;
}

function readDataset(value: unknown, columns: Record<string, ColumnRule>, report: Report): DatasetRules | undefined {
  const doc = expectObject(value, ['dataset'], report, 'dataset');
  if (doc === undefined) return undefined;
  unknownKeys(doc, DATASET_KEYS, ['dataset'], report);
  return compact({
    row_count: readRowCount(doc.row_count, report),
    duplicate_rows_max: optionalShare(doc, 'duplicate_rows_max', ['dataset'], report),
    label: readLabel(doc.label, columns, report),
    freshness: readFreshness(doc.freshness, columns, report),
    allow_extra_columns: optionalBoolean(doc, 'allow_extra_columns', ['dataset'], report),
  });
}

function readRowCount(value: unknown, report: Report): DatasetRules['row_count'] {
  if (value === undefined) return undefined;
  const path = ['dataset', 'row_count'];
  const doc = expectObject(value, path, report, 'row_count');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ROW_COUNT_KEYS, path, report);
  const [min, max] = (['min', 'max'] as const).map((key) => {
    const count = doc[key];
    if (count === undefined) return undefined;
    if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return count;
    report('invalid_value', [...path, key], `must be a whole number of rows, 0 or more (got ${show(count)})`);
    return undefined;
  });
  if (min !== undefined && max !== undefined && min > max)
    report('invalid_value', [...path, 'min'], `(${min}) is greater than max (${max})`);
  return compact({ min, max });
}

function readLabel(value: unknown, columns: Record<string, ColumnRule>, report: Report): DatasetRules['label'] {
  if (value === undefined) return undefined;
  const path = ['dataset', 'label'];
  const doc = expectObject(value, path, report, 'label');
  if (doc === undefined) return undefined;
  unknownKeys(doc, LABEL_KEYS, path, report);
  const column = requiredColumn(doc, path, columns, report);
  const minClass = optionalShare(doc, 'min_class_share', path, report);
  const minMinority = optionalShare(doc, 'min_minority_share', path, report);
  const kind = column === undefined ? undefined : columns[column]?.type;
  if ((minClass !== undefined || minMinority !== undefined) && (kind === 'number' || kind === 'timestamp')) {
    report(
      'invalid_value',
      [...path, 'column'],
      `is ${article(kind)} column: class shares need classes (a category, boolean, integer or string label)`,
    );
  }
  return column === undefined ? undefined : compact({ column, min_class_share: minClass, min_minority_share: minMinority });
}

function readFreshness(value: unknown, columns: Record<string, ColumnRule>, report: Report): DatasetRules['freshness'] {
  if (value === undefined) return undefined;
  const path = ['dataset', 'freshness'];
  const doc = expectObject(value, path, report, 'freshness');
  if (doc === undefined) return undefined;
  unknownKeys(doc, FRESHNESS_KEYS, path, report);
  const column = requiredColumn(doc, path, columns, report);
  const kind = column === undefined ? undefined : columns[column]?.type;
  if (kind !== undefined && kind !== 'timestamp')
    report('invalid_value', [...path, 'column'], `must be a timestamp column (${column} is ${article(kind)} column)`);
  const delay = doc.max_delay;
  let maxDelay: string | undefined;
  if (delay === undefined) report('missing', [...path, 'max_delay'], 'is required: a duration such as "30m", "24h" or "7d"');
  else if (typeof delay !== 'string' || !((parseDuration(delay) ?? 0) > 0)) {
    report(
      'invalid_format',
      [...path, 'max_delay'],
      `must be a positive duration such as "30m", "24h", "7d", "1h30m" or "PT24H" (got ${show(delay)})`,
    );
  } else maxDelay = delay;
  return column === undefined || maxDelay === undefined ? undefined : { column, max_delay: maxDelay };
}

function requiredColumn(doc: Doc, path: IssuePath, columns: Record<string, ColumnRule>, report: Report): string | undefined {
  const column = doc.column;
  if (column === undefined) report('missing', [...path, 'column'], "is required: the name of one of the contract's columns");
  else if (typeof column !== 'string') report('invalid_type', [...path, 'column'], `must be a column name (got ${show(column)})`);
  else if (!Object.hasOwn(columns, column))
    report('invalid_value', [...path, 'column'], `names ${show(column)}, which is not among the contract's columns`);
  else return column;
  return undefined;
}
