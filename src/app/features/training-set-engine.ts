import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { BallastError } from '../../core/errors.ts';
import type {
  EntityDefinition,
  FeatureDefinition,
  FeatureViewDefinition,
  OnDemandFeatureDefinition,
  SourceDefinition,
} from '../../core/features/feature-definitions.ts';
import type { ResolvedFeature } from '../../core/features/resolve-feature-refs.ts';
import { trainingSetColumns } from '../../core/features/training-set-columns.ts';
import type { Database } from '../../store/schema.ts';
import { quoteIdentifier as q, sqlString, withDuckDb } from './duckdb.ts';
import { epochMsExpression, featureValueExpression, isIntegerType, keyExpression } from './training-set-sql.ts';
import { loadComputedView, needsComputation } from './training-set-computed.ts';
import { addOnDemandFeatures } from './training-set-on-demand.ts';

export type JoinFeature = Extract<ResolvedFeature, { kind: 'view' }>;

export interface PointInTimeJob {
  readonly entitiesFile: string;
  readonly timestampColumn: string;
  /** The features asked for, in the order of the output's columns (resolveFeatureRefs). */
  readonly features: readonly ResolvedFeature[];
  /** Every on-demand definition: one may read another defined before it. */
  readonly onDemandDefinitions?: readonly OnDemandFeatureDefinition[];
  readonly fullNames: boolean;
  /** Where to write; the format follows the extension (.csv or .parquet). */
  readonly output: string;
  /** The store's database, for sources that are tables. */
  readonly db?: Kysely<Database>;
  readonly threads?: number;
}

export interface PointInTimeResult {
  readonly rows: number;
  readonly columns: readonly string[];
  /** sha256 of each source read, by source name (only for sources computed in JavaScript; files are hashed by the caller). */
  readonly computedSourceHashes: Readonly<Record<string, string>>;
}

/** Missing values as Ballast reads CSV everywhere else (core/table.ts `isMissing`). */
const SOURCE_NULLS = `['', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null', 'None', '<NA>']`;

/**
 * Writes a point-in-time correct training set with DuckDB: every entity row, in the file's order,
 * keeps its columns and gains each feature's value from the latest source row with its key at or
 * before its event time and within the view's TTL — Feast's semantics, as `PointInTimeIndex`
 * defines them. Each view is one ASOF join on a copy of its source reduced to one row per key and
 * event time (ties: latest created time, then last in the file). Plain features are read and typed
 * by DuckDB; a view with derived features, or on a table source, is computed in JavaScript first.
 */
export async function writePointInTimeJoin(job: PointInTimeJob): Promise<PointInTimeResult> {
  const format = outputFormat(job.output);
  return withDuckDb(
    async (db) => {
      await db.run(`set TimeZone = 'UTC'`);
      const viewFeatures = job.features.filter((f): f is JoinFeature => f.kind === 'view');
      const entities = await loadEntities(db, job, viewFeatures);
      const views = groupByView(viewFeatures);
      const computed = views.filter((v) => needsComputation(v.view, v.source));
      const sourceTypes = new Map<string, Map<string, string>>();
      for (const v of views)
        if (!needsComputation(v.view, v.source) && !sourceTypes.has(v.source.name))
          sourceTypes.set(v.source.name, await describeSource(db, v.source));
      const integerKeys =
        computed.length === 0 &&
        views.every(
          (v) => isIntegerType(entities.types.get(v.entity.key)!) && isIntegerType(sourceTypes.get(v.source.name)!.get(v.entity.key)!),
        );
      const mode = integerKeys ? 'integer' : 'text';
      await checkEntityRows(db, job, entities.types, views, mode);

      const computedSourceHashes: Record<string, string> = {};
      const loadedSources = new Set<string>();
      for (const [i, v] of views.entries()) {
        if (needsComputation(v.view, v.source)) {
          computedSourceHashes[v.source.name] = await loadComputedView(db, `view_${i}`, v, job.db);
          continue;
        }
        const types = sourceTypes.get(v.source.name)!;
        const raw = `source_${[...sourceTypes.keys()].indexOf(v.source.name)}`;
        if (!loadedSources.has(v.source.name)) {
          await loadSource(db, raw, v, views, types);
          loadedSources.add(v.source.name);
        }
        await reduceView(db, `view_${i}`, raw, v, types, mode);
      }

      const names = trainingSetColumns(
        job.features.map((f) => f.ref),
        entities.columns,
        job.fullNames,
      );
      const keyColumns = [...new Set(views.map((v) => v.entity.key))];
      const select = [
        ...entities.columns.map((c) => `e.${q(c)}`),
        ...job.features.flatMap((f, n) => {
          if (f.kind !== 'view') return [];
          const i = views.findIndex((v) => v.view.name === f.view.name);
          const value = `v${i}.${q(`f_${views[i]!.features.indexOf(f.feature)}`)}`;
          const ttl = f.view.ttlSeconds;
          const within = ttl === null ? value : `case when v${i}.__t >= e.__ballast_time - ${Math.round(ttl * 1000)} then ${value} end`;
          return `${within} as ${q(names[n]!)}`;
        }),
      ];
      const keyed = [
        '*',
        'rowid as __ballast_row',
        ...keyColumns.map((k, i) => `${keyExpression(k, entities.types.get(k)!, mode)} as __ballast_key_${i}`),
        `${epochMsExpression(job.timestampColumn, entities.types.get(job.timestampColumn)!)} as __ballast_time`,
      ];
      const joins = views.map(
        (v, i) =>
          `asof left join view_${i} v${i} on e.__ballast_key_${keyColumns.indexOf(v.entity.key)} = v${i}.__k and e.__ballast_time >= v${i}.__t`,
      );
      const from = `from (select ${keyed.join(', ')} from entities) e ${joins.join(' ')}`;
      const options = format === 'csv' ? `format csv, header true` : `format parquet`;
      let query = `select ${select.join(', ')} ${from} order by e.__ballast_row`;
      if (job.features.some((f) => f.kind === 'on_demand')) {
        // On-demand features read the joined row (entity columns and features), so the join is kept as a table first.
        await db.run(`create table joined as select e.__ballast_row, ${select.join(', ')} ${from}`);
        query = await addOnDemandFeatures(db, 'joined', job.features, names, entities.columns, job.onDemandDefinitions ?? []);
      }
      await db.run(`copy (${query}) to ${sqlString(job.output)} (${options})`);
      return { rows: entities.rows, columns: [...entities.columns, ...names], computedSourceHashes };
    },
    job.threads !== undefined ? { threads: job.threads } : {},
  );
}

export function outputFormat(file: string): 'csv' | 'parquet' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  throw new BallastError('invalid_argument', `${file}: a training set is written as .csv or .parquet`);
}

export interface ViewGroup {
  readonly view: FeatureViewDefinition;
  readonly entity: EntityDefinition;
  readonly source: SourceDefinition;
  /** The view's features that were asked for; the view's table names them f_0, f_1, … in this order. */
  readonly features: FeatureDefinition[];
}

function groupByView(features: readonly JoinFeature[]): ViewGroup[] {
  const groups: ViewGroup[] = [];
  for (const f of features) {
    let group = groups.find((g) => g.view.name === f.view.name);
    if (group === undefined) groups.push((group = { view: f.view, entity: f.entity, source: f.source, features: [] }));
    if (!group.features.includes(f.feature)) group.features.push(f.feature);
  }
  return groups;
}

function reader(file: string, csvOptions: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet') return `read_parquet(${sqlString(file)})`;
  if (ext === '.csv') return `read_csv(${sqlString(file)}, header = true, all_varchar = true${csvOptions})`;
  throw new BallastError('invalid_data', `${file} is neither .csv nor .parquet`);
}

async function describe(db: DuckDBConnection, from: string, what: string): Promise<Map<string, string>> {
  try {
    const result = await db.runAndReadAll(`describe select * from ${from}`);
    return new Map(result.getRowsJS().map((row) => [String(row[0]), String(row[1])]));
  } catch (error) {
    const message = (error as Error).message;
    if (/No files found|does not exist|cannot open/i.test(message)) throw new BallastError('file_not_found', `${what}: cannot read it`);
    throw new BallastError('invalid_data', `${what}: cannot read it: ${message}`);
  }
}

function requireColumns(types: Map<string, string>, wanted: readonly string[], what: string): void {
  const missing = [...new Set(wanted)].filter((c) => !types.has(c));
  if (missing.length > 0)
    throw new BallastError(
      'missing_column',
      `${what}: no column ${missing.map((c) => JSON.stringify(c)).join(', ')} (columns: ${[...types.keys()].join(', ')})`,
    );
}

async function loadEntities(
  db: DuckDBConnection,
  job: PointInTimeJob,
  features: readonly JoinFeature[],
): Promise<{ columns: string[]; types: Map<string, string>; rows: number }> {
  const what = `entity file ${job.entitiesFile}`;
  const from = reader(job.entitiesFile, '');
  const types = await describe(db, from, what);
  requireColumns(types, [job.timestampColumn, ...features.map((f) => f.entity.key)], what);
  // A table made from the file keeps its rows in the file's order (insertion order), so rowid is the row's position.
  await db.run(`create table entities as select * from ${from}`);
  const count = await db.runAndReadAll('select count(*) from entities');
  return { columns: [...types.keys()], types, rows: Number(count.getRowsJS()[0]![0]) };
}

/** Entity rows without a key, or whose event time is not a timestamp, are refused with their row. */
async function checkEntityRows(
  db: DuckDBConnection,
  job: PointInTimeJob,
  types: Map<string, string>,
  views: readonly ViewGroup[],
  mode: 'integer' | 'text',
): Promise<void> {
  const what = `entity file ${job.entitiesFile}`;
  for (const key of new Set(views.map((v) => v.entity.key))) {
    const bad = await firstRow(db, `select rowid, ${q(key)} from entities where ${keyExpression(key, types.get(key)!, mode)} is null`);
    if (bad !== undefined) throw new BallastError('invalid_data', `${what}: row ${bad.row} has no value in its key column "${key}"`);
  }
  const column = job.timestampColumn;
  const bad = await firstRow(db, `select rowid, ${q(column)} from entities where ${epochMsExpression(column, types.get(column)!)} is null`);
  if (bad !== undefined) throw new BallastError('invalid_data', `${what}: row ${bad.row}: ${notATimestamp(bad.value, column)}`);
}

function notATimestamp(value: unknown, column: string): string {
  return `${JSON.stringify(value ?? null)} in column "${column}" is not a timestamp (write ISO 8601, e.g. 2026-01-02T03:04:05Z)`;
}

/** The first row a query returns, as its 1-based row number (from rowid) and value. */
async function firstRow(db: DuckDBConnection, query: string): Promise<{ row: number; value: unknown } | undefined> {
  const rows = (await db.runAndReadAll(`${query} order by 1 limit 1`)).getRowsJS();
  if (rows.length === 0) return undefined;
  const value = rows[0]![1];
  return { row: Number(rows[0]![0]) + 1, value: typeof value === 'bigint' ? Number(value) : value };
}

async function describeSource(db: DuckDBConnection, source: SourceDefinition): Promise<Map<string, string>> {
  const file = source.path!;
  return describe(db, reader(file, `, nullstr = ${SOURCE_NULLS}`), `source ${source.name} (${file})`);
}

/** Copies the columns the views of a source need into a table, checking times and values with their rows. */
async function loadSource(
  db: DuckDBConnection,
  table: string,
  v: ViewGroup,
  views: readonly ViewGroup[],
  types: Map<string, string>,
): Promise<void> {
  const source = v.source;
  const what = `source ${source.name}`;
  const users = views.filter((u) => u.source.name === source.name);
  const created = source.createdTimestamp;
  const features = [...new Set(users.flatMap((u) => u.features))];
  const needed = [
    ...new Set([...users.map((u) => u.entity.key), source.timestamp, ...(created ? [created] : []), ...features.map((f) => f.name)]),
  ];
  requireColumns(types, needed, what);
  await db.run(`create table ${table} as select ${needed.map(q).join(', ')} from ${reader(source.path!, `, nullstr = ${SOURCE_NULLS}`)}`);
  const time = await firstRow(
    db,
    `select rowid, ${q(source.timestamp)} from ${table} where ${epochMsExpression(source.timestamp, types.get(source.timestamp)!)} is null`,
  );
  if (time !== undefined)
    throw new BallastError('invalid_data', `${what}: row ${time.row}: ${notATimestamp(time.value, source.timestamp)}`);
  if (created) {
    const bad = await firstRow(
      db,
      `select rowid, ${q(created)} from ${table} where ${q(created)} is not null and ${epochMsExpression(created, types.get(created)!)} is null`,
    );
    if (bad !== undefined) throw new BallastError('invalid_data', `${what}: row ${bad.row}: ${notATimestamp(bad.value, created)}`);
  }
}

/** One row per key and event time, the one Feast keeps: latest created time, then last in the file. */
async function reduceView(
  db: DuckDBConnection,
  table: string,
  raw: string,
  v: ViewGroup,
  types: Map<string, string>,
  mode: 'integer' | 'text',
): Promise<void> {
  const source = v.source;
  const key = keyExpression(v.entity.key, types.get(v.entity.key)!, mode);
  const time = epochMsExpression(source.timestamp, types.get(source.timestamp)!);
  const created = source.createdTimestamp
    ? `coalesce(${epochMsExpression(source.createdTimestamp, types.get(source.createdTimestamp)!)}, 0)`
    : '0';
  const values = v.features.map((f, i) => `${featureValueExpression(f.name, types.get(f.name)!, f.type)} as f_${i}`);
  await db.run(
    `create table ${table} as select __k, __t, ${v.features.map((_, i) => `f_${i}`).join(', ')} from (` +
      `select ${key} as __k, ${time} as __t, ${created} as __c, rowid as __n, ${values.join(', ')} from ${raw}) ` +
      `where __k is not null qualify row_number() over (partition by __k, __t order by __c desc, __n desc) = 1`,
  );
}
