import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { BallastError } from '../../core/errors.ts';
import { computeViewFeatures, viewSourceColumns } from '../../core/features/compute-features.ts';
import type { FeatureType, FeatureViewDefinition, SourceDefinition } from '../../core/features/feature-definitions.ts';
import type { Database } from '../../store/schema.ts';
import { readSourceRows } from './read-source.ts';
import type { ViewGroup } from './training-set-engine.ts';
import { sqlTypeOf } from './training-set-sql.ts';

/**
 * A view is computed in JavaScript, before the join, when it has a derived feature (one
 * implementation of the expression language, in core, serves training, materialisation and
 * serving alike) or when its source is a table of the store's database (which DuckDB cannot read).
 */
export function needsComputation(view: FeatureViewDefinition, source: SourceDefinition): boolean {
  return source.table !== undefined || view.features.some((f) => f.expr !== undefined);
}

/**
 * Reads the view's source, computes its features row by row with `computeViewFeatures`, and leaves
 * in `table` one row per key and event time (the one Feast keeps), keyed as text. Returns the source's sha256.
 */
export async function loadComputedView(
  db: DuckDBConnection,
  table: string,
  v: ViewGroup,
  store: Kysely<Database> | undefined,
): Promise<string> {
  const rows = await readSourceRows(v.source, v.entity.key, viewSourceColumns(v.view), store !== undefined ? { db: store } : {});
  const columns = v.features.map((f, i) => `f_${i} ${sqlTypeOf(f.type)}`);
  await db.run(`create table ${table}_rows (__k varchar, __t bigint, __c bigint, __n bigint${columns.map((c) => `, ${c}`).join('')})`);
  const at = new Map(rows.columns.map((c, i) => [c, i]));
  const appender = await db.createAppender(`${table}_rows`);
  try {
    rows.cells.forEach((cells, n) => {
      const time = rows.times[n]!;
      if (time.key === null) return;
      const values = computeViewFeatures(v.view, (name) => cells[at.get(name) ?? -1] ?? null);
      appender.appendVarchar(time.key);
      appender.appendBigInt(BigInt(time.eventTime));
      appender.appendBigInt(BigInt(time.createdTime ?? 0));
      appender.appendBigInt(BigInt(n));
      for (const f of v.features)
        appendValue(appender, f.type, values[f.name] ?? null, `source ${v.source.name}: row ${n + 1}: feature ${f.name}`);
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await db.run(
    `create table ${table} as select __k, __t, ${v.features.map((_, i) => `f_${i}`).join(', ')} from ${table}_rows ` +
      `qualify row_number() over (partition by __k, __t order by __c desc, __n desc) = 1`,
  );
  return rows.sha256;
}

export function appendValue(appender: DuckDBAppender, type: FeatureType, value: unknown, where: string): void {
  if (value === null || value === undefined) return appender.appendNull();
  if (type === 'string') return appender.appendVarchar(String(value));
  if (type === 'boolean' && typeof value === 'boolean') return appender.appendBoolean(value);
  if (type === 'number' && typeof value === 'number') return Number.isFinite(value) ? appender.appendDouble(value) : appender.appendNull();
  if (type === 'integer' && typeof value === 'number' && Number.isInteger(value)) return appender.appendBigInt(BigInt(value));
  throw new BallastError('invalid_data', `${where}: ${JSON.stringify(value)} is not of type ${type}`);
}
