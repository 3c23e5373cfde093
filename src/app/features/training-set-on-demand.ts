import type { DuckDBConnection } from '@duckdb/node-api';
import { computeOnDemandFeatures } from '../../core/features/compute-features.ts';
import type { OnDemandFeatureDefinition } from '../../core/features/feature-definitions.ts';
import type { ResolvedFeature } from '../../core/features/resolve-feature-refs.ts';
import { quoteIdentifier as q } from './duckdb.ts';
import { appendValue } from './training-set-computed.ts';
import { sqlTypeOf } from './training-set-sql.ts';

/**
 * Computes the on-demand features asked for, row by row, from each joined row — the entity row's
 * columns as the request's fields, and the view features joined to it by their feature names — with
 * the same `computeOnDemandFeatures` serving uses. Returns the query of the training set's rows.
 */
export async function addOnDemandFeatures(
  db: DuckDBConnection,
  joined: string,
  features: readonly ResolvedFeature[],
  names: readonly string[],
  entityColumns: readonly string[],
  definitions: readonly OnDemandFeatureDefinition[],
): Promise<string> {
  const onDemand = features.flatMap((f) => (f.kind === 'on_demand' ? [f.feature] : []));
  // What an expression may read: entity columns, then joined features under their own names.
  const readable = new Map<string, string>(entityColumns.map((c) => [c, c]));
  features.forEach((f, i) => {
    if (f.kind === 'view' && !readable.has(f.feature.name)) readable.set(f.feature.name, names[i]!);
  });
  const columns = [...new Set(readable.values())];
  await db.run(`create table on_demand (__ballast_row bigint${onDemand.map((f, i) => `, od_${i} ${sqlTypeOf(f.type)}`).join('')})`);
  const appender = await db.createAppender('on_demand');
  try {
    // As text, as a request's JSON fields reach the expressions; numbers and booleans are read from it the same way.
    const result = await db.stream(`select __ballast_row, ${columns.map((c) => `cast(${q(c)} as varchar)`).join(', ')} from ${joined}`);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const row of chunk.getRows()) {
        const at = new Map(columns.map((c, i) => [c, row[i + 1] as string | null]));
        const values = computeOnDemandFeatures(definitions, (name) => {
          const column = readable.get(name);
          return column === undefined ? undefined : at.get(column);
        });
        appender.appendBigInt(BigInt(row[0] as bigint));
        onDemand.forEach((f) => appendValue(appender, f.type, values[f.name] ?? null, `on-demand feature ${f.name}`));
        appender.endRow();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const select = [
    ...entityColumns.map((c) => `j.${q(c)}`),
    ...features.map((f, i) => (f.kind === 'view' ? `j.${q(names[i]!)}` : `o.od_${onDemand.indexOf(f.feature)} as ${q(names[i]!)}`)),
  ];
  return `select ${select.join(', ')} from ${joined} j left join on_demand o on o.__ballast_row = j.__ballast_row order by j.__ballast_row`;
}
