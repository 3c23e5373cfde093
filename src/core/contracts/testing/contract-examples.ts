/**
 * Contracts shared by the parser's tests and the format schema's tests, so both are held to the
 * same documents: the parser and docs/contract.schema.json must agree on each of them.
 */

export const FULL_CONTRACT_YAML = `# every field of the format at least once
format: ballast.contract/v1
name: churn-inputs
description: What the churn model reads.
defaults:
  severity: error
  on_violation: reject
columns:
  customer_id:
    type: string
    pattern: "C[0-9]{6}"
    unique: true
    nullable: false
  age:
    type: integer
    nullable: false
    min: 0
    max: 120
    severity: error
  income:
    type: number
    missing_max: 0.05
    min: 0
    max: 1000000
    mostly: 0.999
    severity: warn
    on_violation: flag
    description: Yearly, in euros.
  country:
    type: category
    values: [DE, FR, US, "no"]
  active:
    type: boolean
  signup:
    type: timestamp
    min: "2015-01-01"
  churned:
    type: boolean
    nullable: false
dataset:
  row_count: {min: 1000, max: 10000000}
  duplicate_rows_max: 0.01
  label: {column: churned, min_class_share: 0.05}
  freshness: {column: signup, max_delay: 24h}
  allow_extra_columns: true
`;

const BASE = { format: 'ballast.contract/v1' };

/** Documents the parser must refuse, with the paths of the problems it must name. */
export const INVALID_DOCUMENTS: { name: string; document: unknown; paths: string[]; schemaCatches: boolean }[] = [
  {
    name: 'an unknown top-level key',
    document: { ...BASE, columns: { a: { type: 'number' } }, colour: 1 },
    paths: ['colour'],
    schemaCatches: true,
  },
  {
    name: 'an unknown column key',
    document: { ...BASE, columns: { a: { type: 'number', maximum: 3 } } },
    paths: ['columns.a.maximum'],
    schemaCatches: true,
  },
  {
    name: 'an unknown dataset key',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { rows: 3 } },
    paths: ['dataset.rows'],
    schemaCatches: true,
  },
  {
    name: 'an unknown key in a dataset rule',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { row_count: { min: 1, at_least: 2 } } },
    paths: ['dataset.row_count.at_least'],
    schemaCatches: true,
  },
  {
    name: 'another format version',
    document: { format: 'ballast.contract/v2', columns: { a: { type: 'number' } } },
    paths: ['format'],
    schemaCatches: true,
  },
  { name: 'no format', document: { columns: { a: { type: 'number' } } }, paths: ['format'], schemaCatches: true },
  { name: 'no columns', document: { ...BASE }, paths: ['columns'], schemaCatches: true },
  { name: 'an empty column list', document: { ...BASE, columns: {} }, paths: ['columns'], schemaCatches: true },
  { name: 'an unknown type', document: { ...BASE, columns: { a: { type: 'float' } } }, paths: ['columns.a.type'], schemaCatches: true },
  {
    name: 'a column without a type',
    document: { ...BASE, columns: { a: { nullable: true } } },
    paths: ['columns.a.type'],
    schemaCatches: true,
  },
  {
    name: 'min above max',
    document: { ...BASE, columns: { a: { type: 'number', min: 5, max: 1 } } },
    paths: ['columns.a.min'],
    schemaCatches: false,
  },
  {
    name: 'a text bound on a number',
    document: { ...BASE, columns: { a: { type: 'number', min: '1' } } },
    paths: ['columns.a.min'],
    schemaCatches: true,
  },
  {
    name: 'a range on a string',
    document: { ...BASE, columns: { a: { type: 'string', max: 3 } } },
    paths: ['columns.a.max'],
    schemaCatches: true,
  },
  {
    name: 'values on a number column',
    document: { ...BASE, columns: { a: { type: 'number', values: [1, 2] } } },
    paths: ['columns.a.values'],
    schemaCatches: true,
  },
  {
    name: 'an empty values list',
    document: { ...BASE, columns: { a: { type: 'category', values: [] } } },
    paths: ['columns.a.values'],
    schemaCatches: true,
  },
  {
    name: 'a repeated value',
    document: { ...BASE, columns: { a: { type: 'category', values: ['x', 'y', 'x'] } } },
    paths: ['columns.a.values.2'],
    schemaCatches: true,
  },
  {
    name: 'a list as a value',
    document: { ...BASE, columns: { a: { type: 'category', values: ['x', ['y']] } } },
    paths: ['columns.a.values.1'],
    schemaCatches: true,
  },
  {
    name: 'a pattern on a category',
    document: { ...BASE, columns: { a: { type: 'category', pattern: 'x' } } },
    paths: ['columns.a.pattern'],
    schemaCatches: true,
  },
  {
    name: 'an invalid regular expression',
    document: { ...BASE, columns: { a: { type: 'string', pattern: '(' } } },
    paths: ['columns.a.pattern'],
    schemaCatches: true,
  },
  {
    name: 'mostly above 1',
    document: { ...BASE, columns: { a: { type: 'number', mostly: 1.01 } } },
    paths: ['columns.a.mostly'],
    schemaCatches: true,
  },
  {
    name: 'a negative missing share',
    document: { ...BASE, columns: { a: { type: 'number', missing_max: -0.1 } } },
    paths: ['columns.a.missing_max'],
    schemaCatches: true,
  },
  {
    name: 'a percentage instead of a share',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { duplicate_rows_max: 5 } },
    paths: ['dataset.duplicate_rows_max'],
    schemaCatches: true,
  },
  {
    name: 'nullable false with a missing share',
    document: { ...BASE, columns: { a: { type: 'number', nullable: false, missing_max: 0.2 } } },
    paths: ['columns.a.missing_max'],
    schemaCatches: true,
  },
  {
    name: 'a timestamp bound that is not ISO-8601',
    document: { ...BASE, columns: { t: { type: 'timestamp', min: '01/02/2024' } } },
    paths: ['columns.t.min'],
    schemaCatches: true,
  },
  {
    name: 'an invalid calendar date',
    document: { ...BASE, columns: { t: { type: 'timestamp', max: '2023-02-29' } } },
    paths: ['columns.t.max'],
    schemaCatches: false,
  },
  {
    name: 'yes instead of true',
    document: { ...BASE, columns: { a: { type: 'number', nullable: 'yes' } } },
    paths: ['columns.a.nullable'],
    schemaCatches: true,
  },
  {
    name: 'an unknown severity',
    document: { ...BASE, columns: { a: { type: 'number', severity: 'fatal' } } },
    paths: ['columns.a.severity'],
    schemaCatches: true,
  },
  {
    name: 'an unknown policy',
    document: { ...BASE, columns: { a: { type: 'number', on_violation: 'drop' } } },
    paths: ['columns.a.on_violation'],
    schemaCatches: true,
  },
  {
    name: 'a fractional row count',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { row_count: { min: 1.5 } } },
    paths: ['dataset.row_count.min'],
    schemaCatches: true,
  },
  {
    name: 'row count min above max',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { row_count: { min: 10, max: 1 } } },
    paths: ['dataset.row_count.min'],
    schemaCatches: false,
  },
  {
    name: 'a label that is not a column',
    document: { ...BASE, columns: { a: { type: 'number' } }, dataset: { label: { column: 'y' } } },
    paths: ['dataset.label.column'],
    schemaCatches: false,
  },
  {
    name: 'class shares on a numeric label',
    document: { ...BASE, columns: { y: { type: 'number' } }, dataset: { label: { column: 'y', min_class_share: 0.1 } } },
    paths: ['dataset.label.column'],
    schemaCatches: false,
  },
  {
    name: 'freshness on a column that is not a timestamp',
    document: { ...BASE, columns: { t: { type: 'string' } }, dataset: { freshness: { column: 't', max_delay: '1d' } } },
    paths: ['dataset.freshness.column'],
    schemaCatches: false,
  },
  {
    name: 'freshness on a column the contract lacks',
    document: { ...BASE, columns: { t: { type: 'timestamp' } }, dataset: { freshness: { column: 'ts', max_delay: '1d' } } },
    paths: ['dataset.freshness.column'],
    schemaCatches: false,
  },
  {
    name: 'a delay that is not a duration',
    document: { ...BASE, columns: { t: { type: 'timestamp' } }, dataset: { freshness: { column: 't', max_delay: '1 day' } } },
    paths: ['dataset.freshness.max_delay'],
    schemaCatches: true,
  },
  {
    name: 'freshness without a delay',
    document: { ...BASE, columns: { t: { type: 'timestamp' } }, dataset: { freshness: { column: 't' } } },
    paths: ['dataset.freshness.max_delay'],
    schemaCatches: true,
  },
];

/** Small documents the parser accepts: edge cases of the format the schema must accept too. */
export const VALID_DOCUMENTS: { name: string; document: unknown }[] = [
  { name: 'one column', document: { ...BASE, columns: { x: { type: 'number' } } } },
  { name: 'a category without values', document: { ...BASE, columns: { x: { type: 'category' } } } },
  { name: 'mixed category values', document: { ...BASE, columns: { x: { type: 'category', values: ['a', 1, true] } } } },
  { name: 'only a minimum', document: { ...BASE, columns: { x: { type: 'integer', min: -3 } } } },
  {
    name: 'date-time bounds with offsets',
    document: { ...BASE, columns: { t: { type: 'timestamp', min: '2024-01-01 10:00', max: '2024-06-01T00:00:00.5+02:00' } } },
  },
  {
    name: 'a nullable false column with no missing share',
    document: { ...BASE, columns: { x: { type: 'string', nullable: false, missing_max: 0 } } },
  },
  {
    name: 'dataset rules only partly given',
    document: {
      ...BASE,
      columns: { y: { type: 'integer' }, t: { type: 'timestamp' } },
      dataset: { row_count: { max: 5 }, label: { column: 'y', min_minority_share: 0.2 }, freshness: { column: 't', max_delay: 'PT1H30M' } },
    },
  },
  { name: 'defaults only', document: { ...BASE, defaults: { on_violation: 'flag' }, columns: { x: { type: 'boolean', unique: false } } } },
];
