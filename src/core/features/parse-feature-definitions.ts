import {
  compact,
  expectObject,
  namesIn,
  optionalString,
  reportDuplicateNames,
  show,
  unknownKeys,
  type Doc,
  type Report,
} from '../contracts/document-readers.ts';
import { BallastError } from '../errors.ts';
import { IssueCollector, type IssuePath } from '../issues.ts';
import { readDocumentText } from '../read-document-text.ts';
import type {
  EntityDefinition,
  FeatureDefinition,
  FeatureDefinitions,
  FeatureType,
  FeatureViewDefinition,
  OnDemandFeatureDefinition,
  SourceDefinition,
} from './feature-definitions.ts';
import { compileExpression, type CompiledExpression } from './expression/compile-expression.ts';
import { ON_DEMAND_VIEW } from './resolve-feature-refs.ts';
import { parseDuration } from './timestamps.ts';

const FORMAT = 'ballast.features/v1';
const FEATURE_TYPES: readonly FeatureType[] = ['number', 'integer', 'string', 'boolean'];

/**
 * Names of entities, sources, views and features: identifiers, because a feature's name becomes a
 * column of training sets and a model input, and expressions name features and columns bare.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const NAME_RULE = "1-128 letters, digits or '_', not starting with a digit";
/** A table of the store's database, optionally schema-qualified. */
const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const MAX_ENTRIES = 10_000;

/**
 * Reads a `ballast.features/v1` file (YAML or JSON; docs/features.md) into definitions, checking that
 * its parts fit together: views name defined entities and sources, names are unique where they are
 * looked up, ttls and types can be read. Every problem is reported at once with its path
 * (`["feature_views", 0, "ttl"]`) in one BallastError('invalid_feature_definitions'). Source paths stay
 * as written; whether the files exist and have the columns is checked by apply, which reads them.
 */
export function parseFeatureDefinitions(text: string, format: 'json' | 'yaml', source: string): FeatureDefinitions {
  const issues = new IssueCollector();
  const document = readDocumentText(text, format, issues);
  const report: Report = (code, path, message) => issues.report(code, path, message);
  const result = document === undefined ? undefined : checkDocument(document, report);
  issues.throwIfAny('invalid_feature_definitions', `${source} is not a valid feature definitions file`);
  return result!;
}

function checkDocument(document: unknown, report: Report): FeatureDefinitions | undefined {
  const doc = expectObject(document, [], report, 'a feature definitions file');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['format', 'entities', 'sources', 'feature_views', 'on_demand_features'], [], report);
  if (doc.format !== FORMAT)
    report(doc.format === undefined ? 'missing' : 'invalid_value', ['format'], `must be ${FORMAT} (got ${show(doc.format)})`);
  const entities = readList(doc, 'entities', true, report, readEntity);
  const sources = readList(doc, 'sources', true, report, readSource);
  for (const key of ['entities', 'sources', 'feature_views', 'on_demand_features']) reportDuplicateNames(doc[key], [key], report);
  const known: Known = {
    entities: new Map(entities.map((e) => [e.name, e])),
    sources: new Map(sources.map((s) => [s.name, s])),
    written: { entities: namesIn(doc.entities), sources: namesIn(doc.sources) },
  };
  const featureViews = readList(doc, 'feature_views', true, report, (item, path) => readView(item, path, report, known));
  const viewOf = new Map<string, string>();
  for (const view of featureViews) for (const feature of view.features) if (!viewOf.has(feature.name)) viewOf.set(feature.name, view.name);
  const onDemandFeatures = readList(doc, 'on_demand_features', false, report, (item, path) => readOnDemand(item, path, report, viewOf));
  checkOnDemandOrder(doc.on_demand_features, report);
  return { format: FORMAT, entities, sources, featureViews, onDemandFeatures };
}

function readList<T>(
  doc: Doc,
  key: string,
  required: boolean,
  report: Report,
  read: (item: unknown, path: IssuePath, report: Report) => T | undefined,
): T[] {
  const value = doc[key];
  if (value === undefined) {
    if (required) report('missing', [key], 'is required');
    return [];
  }
  if (!Array.isArray(value)) {
    report('invalid_type', [key], `must be a list (got ${show(value)})`);
    return [];
  }
  if (value.length > MAX_ENTRIES) report('too_big', [key], `at most ${MAX_ENTRIES} entries`);
  const out: T[] = [];
  value.slice(0, MAX_ENTRIES).forEach((item, i) => {
    const read1 = read(item, [key, i], report);
    if (read1 !== undefined) out.push(read1);
  });
  return out;
}

function requiredName(doc: Doc, path: IssuePath, report: Report): string | undefined {
  const name = requiredText(doc, 'name', path, report);
  if (name !== undefined && !NAME.test(name)) {
    report('invalid_format', [...path, 'name'], `must be ${NAME_RULE} (got ${show(name)})`);
    return undefined;
  }
  return name;
}

/** A column of a file or table: any non-empty text, as data files name their columns freely. */
function requiredText(doc: Doc, key: string, path: IssuePath, report: Report): string | undefined {
  const value = doc[key];
  if (value === undefined) report('missing', [...path, key], 'is required');
  else if (typeof value !== 'string' || value.trim() === '')
    report('invalid_type', [...path, key], `must be non-empty text (got ${show(value)})`);
  else return value;
  return undefined;
}

function readEntity(value: unknown, path: IssuePath, report: Report): EntityDefinition | undefined {
  const doc = expectObject(value, path, report, 'an entity');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['name', 'key', 'description'], path, report);
  const name = requiredName(doc, path, report);
  const key = requiredText(doc, 'key', path, report);
  const description = optionalString(doc, 'description', path, report);
  return name === undefined || key === undefined ? undefined : compact({ name, key, description });
}

function readSource(value: unknown, path: IssuePath, report: Report): SourceDefinition | undefined {
  const doc = expectObject(value, path, report, 'a source');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['name', 'path', 'table', 'timestamp', 'created_timestamp'], path, report);
  const name = requiredName(doc, path, report);
  const timestamp = requiredText(doc, 'timestamp', path, report);
  const createdTimestamp = doc.created_timestamp === undefined ? undefined : requiredText(doc, 'created_timestamp', path, report);
  if (createdTimestamp !== undefined && createdTimestamp === timestamp)
    report(
      'invalid_value',
      [...path, 'created_timestamp'],
      'must be another column than timestamp: it orders rows that share an event time',
    );
  if ((doc.path === undefined) === (doc.table === undefined)) {
    report(doc.path === undefined ? 'missing' : 'invalid_value', path, 'needs exactly one of path (a CSV or Parquet file) and table');
    return undefined;
  }
  const file = doc.path === undefined ? undefined : requiredText(doc, 'path', path, report);
  if (file !== undefined && !/\.(csv|parquet)$/i.test(file))
    report('invalid_value', [...path, 'path'], `must be a .csv or .parquet file (got ${show(file)})`);
  const table = doc.table === undefined ? undefined : requiredText(doc, 'table', path, report);
  if (table !== undefined && !TABLE.test(table))
    report('invalid_format', [...path, 'table'], `must be a table name, optionally schema.table (got ${show(table)})`);
  if (name === undefined || timestamp === undefined || (file === undefined && table === undefined)) return undefined;
  return compact({ name, path: file, table, timestamp, createdTimestamp });
}

interface Known {
  readonly entities: ReadonlyMap<string, EntityDefinition>;
  readonly sources: ReadonlyMap<string, SourceDefinition>;
  /** Names as written, valid or not: a view naming an entity whose own entry has problems is not reported again. */
  readonly written: { readonly entities: readonly (string | undefined)[]; readonly sources: readonly (string | undefined)[] };
}

function readView(value: unknown, path: IssuePath, report: Report, known: Known): FeatureViewDefinition | undefined {
  const doc = expectObject(value, path, report, 'a feature view');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['name', 'entity', 'source', 'ttl', 'features'], path, report);
  const name = requiredName(doc, path, report);
  // `view__feature` names a training-set column; a view named with `__` would make two readings of one name.
  if (name?.includes('__'))
    report('invalid_format', [...path, 'name'], "must not contain '__', which separates a view from its feature in full names");
  if (name === ON_DEMAND_VIEW)
    report(
      'invalid_value',
      [...path, 'name'],
      `${ON_DEMAND_VIEW} names the on-demand features (${ON_DEMAND_VIEW}:loan_to_income); choose another view name`,
    );
  const entityName = requiredText(doc, 'entity', path, report);
  const sourceName = requiredText(doc, 'source', path, report);
  const entity = entityName === undefined ? undefined : known.entities.get(entityName);
  const source = sourceName === undefined ? undefined : known.sources.get(sourceName);
  if (entityName !== undefined && !known.written.entities.includes(entityName))
    report('invalid_value', [...path, 'entity'], `no entity is named ${show(entityName)}${listOf(known.written.entities)}`);
  if (sourceName !== undefined && !known.written.sources.includes(sourceName))
    report('invalid_value', [...path, 'source'], `no source is named ${show(sourceName)}${listOf(known.written.sources)}`);
  if (entity !== undefined && source !== undefined && (entity.key === source.timestamp || entity.key === source.createdTimestamp))
    report('invalid_value', [...path, 'entity'], `the entity's key ${show(entity.key)} is a timestamp column of source ${source.name}`);
  const ttlSeconds = readTtl(doc.ttl, [...path, 'ttl'], report);
  const features = readFeatures(doc.features, [...path, 'features'], report, entity);
  if (name === undefined || entity === undefined || source === undefined || ttlSeconds === undefined || features === undefined)
    return undefined;
  return { name, entity: entity.name, source: source.name, ttlSeconds, features };
}

function listOf(written: readonly (string | undefined)[]): string {
  const names = [...new Set(written.filter((name) => name !== undefined))];
  return names.length === 0 ? ' (none is defined)' : ` (defined: ${names.join(', ')})`;
}

/** Absent or 0: no limit (Feast's ttl of 0). Otherwise `7d`, `12h`, `30m`, `45s`, `2w` or seconds. */
function readTtl(value: unknown, path: IssuePath, report: Report): number | null | undefined {
  if (value === undefined) return null;
  const seconds = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (seconds === undefined)
    report(
      'invalid_format',
      path,
      `must be a duration such as 7d, 12h, 30m, 45s or 2w, a number of seconds, or 0 for no limit (got ${show(value)})`,
    );
  return seconds;
}

function readFeatures(
  value: unknown,
  path: IssuePath,
  report: Report,
  entity: EntityDefinition | undefined,
): FeatureDefinition[] | undefined {
  if (value === undefined) {
    report('missing', path, 'is required: a view has at least one feature');
    return undefined;
  }
  if (!Array.isArray(value)) {
    report('invalid_type', path, `must be a list (got ${show(value)})`);
    return undefined;
  }
  if (value.length === 0) report('too_small', path, 'a view has at least one feature');
  if (value.length > MAX_ENTRIES) report('too_big', path, `at most ${MAX_ENTRIES} features`);
  reportDuplicateNames(value, path, report);
  const features: FeatureDefinition[] = [];
  value.slice(0, MAX_ENTRIES).forEach((item: unknown, i) => {
    const at = [...path, i];
    const doc = expectObject(item, at, report, 'a feature');
    if (doc === undefined) return;
    unknownKeys(doc, ['name', 'type', 'expr', 'description'], at, report);
    const name = requiredName(doc, at, report);
    // A training set keeps the entity rows' key column; a feature of that name would shadow it.
    if (name !== undefined && entity !== undefined && name === entity.key)
      report('invalid_value', [...at, 'name'], `is the key of entity ${entity.name}; a feature cannot take the key's name`);
    const type = readType(doc, at, report);
    const expr = doc.expr === undefined ? undefined : requiredText(doc, 'expr', at, report);
    if (expr !== undefined) compiled(expr, [...at, 'expr'], report);
    const description = optionalString(doc, 'description', at, report);
    if (name !== undefined && type !== undefined) features.push(compact({ name, type, expr, description }));
  });
  return features.length === value.length ? features : undefined;
}

function readType(doc: Doc, path: IssuePath, report: Report): FeatureType | undefined {
  const type = doc.type;
  if (type === undefined) report('missing', [...path, 'type'], `is required: one of ${FEATURE_TYPES.join(', ')}`);
  else if (typeof type !== 'string' || !(FEATURE_TYPES as readonly string[]).includes(type))
    report('invalid_value', [...path, 'type'], `must be one of ${FEATURE_TYPES.join(', ')} (got ${show(type)})`);
  else return type as FeatureType;
  return undefined;
}

/**
 * `viewOf`: the view of each feature name. An on-demand feature is named like the model input it
 * feeds; one that shares its name with a view's feature would make that input ambiguous.
 */
function readOnDemand(
  value: unknown,
  path: IssuePath,
  report: Report,
  viewOf: ReadonlyMap<string, string>,
): OnDemandFeatureDefinition | undefined {
  const doc = expectObject(value, path, report, 'an on-demand feature');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['name', 'type', 'expr', 'description'], path, report);
  const name = requiredName(doc, path, report);
  const view = name === undefined ? undefined : viewOf.get(name);
  if (view !== undefined) report('duplicate', [...path, 'name'], `${JSON.stringify(name)} is already a feature of view ${view}`);
  const type = readType(doc, path, report);
  const expr = requiredText(doc, 'expr', path, report);
  const expression = expr === undefined ? undefined : compiled(expr, [...path, 'expr'], report);
  const description = optionalString(doc, 'description', path, report);
  if (name === undefined || type === undefined || expression === undefined) return undefined;
  return compact({ name, type, expr: expression.text, description });
}

/** The expression compiled, or its problem (with its position in the text) reported at its path. */
function compiled(expr: string, path: IssuePath, report: Report): CompiledExpression | undefined {
  try {
    return compileExpression(expr);
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    report('invalid_format', path, error.message);
    return undefined;
  }
}

/**
 * On-demand features are computed in the order written, each reading request fields and the ones
 * before it. One that reads itself or a later one would read a request field of that name instead,
 * silently: refused, so the order of the file is the order of computation.
 */
function checkOnDemandOrder(raw: unknown, report: Report): void {
  const names = namesIn(raw);
  if (!Array.isArray(raw)) return;
  raw.forEach((item: unknown, i) => {
    const expr = typeof item === 'object' && item !== null ? (item as Doc).expr : undefined;
    if (typeof expr !== 'string') return;
    let columns: readonly string[];
    try {
      columns = compileExpression(expr).columns;
    } catch {
      return; // reported by readOnDemand
    }
    for (const column of columns) {
      const j = names.indexOf(column, i);
      if (j === i) report('invalid_value', ['on_demand_features', i, 'expr'], `reads ${JSON.stringify(column)}, the feature itself`);
      else if (j > i)
        report(
          'invalid_value',
          ['on_demand_features', i, 'expr'],
          `reads ${JSON.stringify(column)}, an on-demand feature defined after it (at ${j}); move it before`,
        );
    }
  });
}
