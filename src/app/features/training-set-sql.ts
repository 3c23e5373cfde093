import type { FeatureType } from '../../core/features/feature-definitions.ts';
import { quoteIdentifier } from './duckdb.ts';

/**
 * SQL expressions that make DuckDB read keys, event times and feature values exactly as the
 * in-memory reference (core/features/point-in-time.ts, timestamps.ts) reads them, so the join at
 * scale and the reference agree row for row. Set the session's TimeZone to UTC before using them:
 * a time without a zone is UTC, as Feast reads naive timestamps.
 */

/** DuckDB type names (from `describe`) of columns that hold whole numbers. */
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.has(type);
}

/**
 * The ISO 8601 forms `parseTimestamp` accepts, for RE2: hours 00-23, minutes and seconds 00-59
 * (DuckDB alone would take 24:00), optional fraction and zone. Dates that do not exist (02-30)
 * pass the pattern and are refused by the cast.
 */
const ISO_PATTERN = String.raw`^\d{4}-\d{2}-\d{2}(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?|UTC)?$`;

/**
 * Epoch milliseconds of an event-time column, or NULL when the value is missing or not a timestamp.
 * Text must be ISO 8601 (numbers are refused: seconds and milliseconds cannot be told apart);
 * typed timestamps and dates are taken as they are (a naive timestamp is UTC).
 */
export function epochMsExpression(column: string, type: string): string {
  const c = quoteIdentifier(column);
  if (type === 'VARCHAR') {
    // DuckDB's cast takes `Z` and `±hh[:mm]` but not `z`, `UTC` or a space before the zone.
    const normalised = String.raw`regexp_replace(regexp_replace(trim(${c}), '\s*([zZ]|UTC)$', ''), '\s+([+-]\d)', '\1')`;
    return `case when regexp_full_match(trim(${c}), '${ISO_PATTERN}') then epoch_ms(try_cast(${normalised} as timestamptz)) end`;
  }
  if (type === 'DATE') return `epoch_ms(cast(${c} as timestamp))`;
  if (type.startsWith('TIMESTAMP')) return `epoch_ms(${c})`;
  return 'cast(null as bigint)';
}

/**
 * The join key of a column: as BIGINT when every side of the join holds integers (`integer`), else
 * as `entityKeyText` writes it (`text`): trimmed text with empty as missing, whole numbers without
 * a decimal point, so 42 read from Parquet and "42" read from CSV are one key.
 */
export function keyExpression(column: string, type: string, mode: 'integer' | 'text'): string {
  const c = quoteIdentifier(column);
  if (mode === 'integer') return `cast(${c} as bigint)`;
  if (type === 'VARCHAR') return `nullif(trim(${c}), '')`;
  if (FLOAT_TYPES.test(type))
    return `case when isfinite(${c}) and ${c} = trunc(${c}) and abs(${c}) < 1e21 then cast(cast(${c} as hugeint) as varchar) when isfinite(${c}) then cast(${c} as varchar) end`;
  return `cast(${c} as varchar)`;
}

const SQL_TYPES: Record<FeatureType, string> = { number: 'DOUBLE', integer: 'BIGINT', string: 'VARCHAR', boolean: 'BOOLEAN' };

export function sqlTypeOf(type: FeatureType): string {
  return SQL_TYPES[type];
}

/** `parseNumber`'s decimal form (core/table.ts): no hex, no blanks inside, no Infinity. */
const DECIMAL_PATTERN = String.raw`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`;

/**
 * A plain feature's value in its declared type, as `castFeatureValue(type, fromCell(cell))` gives it
 * (core/features/compute-features.ts): a value that does not fit the type (text in a number feature,
 * 2.5 in an integer one) is missing, exactly as in materialisation and serving.
 */
export function featureValueExpression(column: string, sourceType: string, type: FeatureType): string {
  const c = quoteIdentifier(column);
  const text = sourceType === 'VARCHAR';
  const numeric = isIntegerType(sourceType) || FLOAT_TYPES.test(sourceType);
  const number = text
    ? `case when regexp_full_match(trim(${c}), '${DECIMAL_PATTERN}') then try_cast(trim(${c}) as double) end`
    : numeric
      ? `case when isfinite(cast(${c} as double)) then cast(${c} as double) end`
      : sourceType === 'BOOLEAN'
        ? `case when ${c} then 1.0 when not ${c} then 0.0 end`
        : 'cast(null as double)';
  switch (type) {
    case 'number':
      return number;
    case 'integer':
      return isIntegerType(sourceType)
        ? `try_cast(${c} as bigint)`
        : `case when (${number}) = trunc(${number}) then try_cast(${number} as bigint) end`;
    case 'boolean':
      if (sourceType === 'BOOLEAN') return c;
      if (text)
        return `case when trim(${c}) in ('true', 'True', 'TRUE', '1') then true when trim(${c}) in ('false', 'False', 'FALSE', '0') then false end`;
      return numeric ? `case when ${c} = 1 then true when ${c} = 0 then false end` : 'cast(null as boolean)';
    case 'string':
      return FLOAT_TYPES.test(sourceType) ? keyExpression(column, sourceType, 'text') : `cast(${c} as varchar)`;
  }
}
