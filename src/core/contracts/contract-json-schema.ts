import type { ColumnRule, Contract } from './contract-types.ts';
import { formatBoundShare } from '../format-numbers.ts';

export type JsonSchema = Record<string, unknown>;

const JSON_SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

export interface JsonSchemaOptions {
  /**
   * 'every-row' (default): enforce only the value rules every row must meet (error severity,
   * `mostly` 1) — a row the schema refuses is one Ballast would refuse. 'all': enforce warn-only
   * rules and rules with `mostly` below 1 too, for a team that wants to hear of every outlier.
   */
  readonly enforce?: 'every-row' | 'all';
}

/**
 * The JSON Schema (draft 2020-12) of ONE ROW that meets the contract, as a JSON object: for teams
 * that validate upstream, before data reaches Ballast (`ballast contract export --json-schema`).
 *
 * A row schema can only hold what one row decides. So it enforces the rules that would fail a
 * single row — type, nullability, range, allowed values, pattern — when they are error-severity
 * and must hold for every row (`mostly` 1). Rules that judge a whole dataset (`missing_max`,
 * `unique`, `mostly` below 1, dataset rules) and warn-only rules are written into each property's
 * description instead, so a person reading the schema still learns them. Every column is required
 * (a missing value is null, not an absent key), and unlisted columns are refused only when the
 * contract says `allow_extra_columns: false`. Inferred contracts give most value rules a `mostly`
 * below 1, so their row schema checks types and nulls only, unless `enforce: 'all'`.
 */
export function contractToJsonSchema(contract: Contract, options: JsonSchemaOptions = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, rule] of Object.entries(contract.columns)) {
    Object.defineProperty(properties, name, {
      value: columnSchema(contract, rule, options.enforce === 'all'),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: contract.name ?? 'A row meeting a Ballast data contract',
    description: [
      contract.description,
      'Generated from a ballast.contract/v1 contract; dataset-level rules are in the property descriptions.',
    ]
      .filter((text) => text !== undefined)
      .join(' '),
    type: 'object',
    properties,
    required: Object.keys(contract.columns),
    additionalProperties: contract.dataset?.allow_extra_columns !== false,
  };
}

function columnSchema(contract: Contract, rule: ColumnRule, enforceAll: boolean): JsonSchema {
  const nullable = rule.nullable ?? true;
  const severity = rule.severity ?? contract.defaults?.severity ?? 'error';
  const everyRow = (rule.mostly ?? 1) === 1;
  const enforce = enforceAll || (severity === 'error' && everyRow);
  const schema: JsonSchema = {};
  const notes: string[] = rule.description === undefined ? [] : [rule.description];
  const withNull = (types: string[]): string | string[] => (nullable ? [...types, 'null'] : types.length === 1 ? types[0]! : types);

  switch (rule.type) {
    case 'number':
    case 'integer':
      schema.type = withNull([rule.type]);
      if (enforce) {
        if (rule.min !== undefined) schema.minimum = rule.min;
        if (rule.max !== undefined) schema.maximum = rule.max;
      }
      break;
    case 'boolean':
      schema.type = withNull(['boolean']);
      break;
    case 'category':
      if (rule.values !== undefined && enforce) schema.enum = nullable ? [...rule.values, null] : [...rule.values];
      else schema.type = withNull(rule.values === undefined ? ['string', 'number', 'boolean'] : typesOf(rule.values));
      break;
    case 'string':
      schema.type = withNull(['string']);
      if (rule.pattern !== undefined && enforce) schema.pattern = `^(?:${rule.pattern})$`;
      break;
    case 'timestamp':
      schema.type = withNull(['string']);
      schema.format = 'date-time';
      // JSON Schema cannot compare date-times: the bounds are for the reader.
      if (rule.min !== undefined || rule.max !== undefined) notes.push(`Between ${rule.min ?? 'any time'} and ${rule.max ?? 'any time'}.`);
      break;
  }
  if (!enforce) notes.push(...softRules(rule, severity, everyRow));
  if (rule.missing_max !== undefined && nullable)
    notes.push(`At most ${formatBoundShare(rule.missing_max)} of a dataset's rows may be missing.`);
  if (rule.unique === true) notes.push('No value may repeat within a dataset.');
  if (notes.length > 0) schema.description = notes.join(' ');
  return schema;
}

/** The value rules a row schema cannot enforce (warn-only, or allowed to fail on some rows), in words. */
function softRules(rule: ColumnRule, severity: string, everyRow: boolean): string[] {
  const checks: string[] = [];
  if (rule.type !== 'timestamp' && (rule.min !== undefined || rule.max !== undefined))
    checks.push(`between ${rule.min ?? '-inf'} and ${rule.max ?? '+inf'}`);
  if (rule.values !== undefined) checks.push(`one of ${rule.values.map((value) => JSON.stringify(value)).join(', ')}`);
  if (rule.pattern !== undefined) checks.push(`matching /^(?:${rule.pattern})$/`);
  if (checks.length === 0) return [];
  const scope = everyRow ? 'Values should be' : `At least ${formatBoundShare(rule.mostly!)} of a dataset's values should be`;
  return [`${scope} ${checks.join(', ')}${severity === 'warn' ? ' (a warning only)' : ''}.`];
}

function typesOf(values: readonly (string | number | boolean)[]): string[] {
  const types = new Set(values.map((value) => (typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number')));
  return [...types].sort();
}
