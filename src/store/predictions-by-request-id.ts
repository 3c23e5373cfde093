import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A logged prediction found by its request id: what the label and event joins need of it. */
export interface RequestIdMatch {
  readonly id: string;
  readonly request_id: string;
  readonly version_id: string;
  readonly at: string;
}

// SQLite: one JSON text parameter per chunk (as FeedbackRepository sends its lists), a few MB at most.
// PostgreSQL: bound values, well inside the protocol's 65535 parameters per statement.
const SQLITE_CHUNK = 20_000;
const POSTGRES_CHUNK = 500;

/**
 * The logged predictions of one deployment that carry one of these request ids (each chunk's rows in
 * id order). A request id that is not here was never logged on this deployment.
 *
 * On SQLite this must be one search of the partial index on request_id (migration 0006) per id.
 * Written as `request_id in (…) and deployment_name = ? order by id`, the planner, which has no
 * statistics (Ballast never runs ANALYZE), rates an equality on request_id and one on
 * deployment_name alike, and took the (deployment_name, id) index because it also gives the id
 * order: it read every prediction of the deployment for each chunk of ids (docs/benchmarks.md,
 * Feedback import, has the cost by request id against 1M logged predictions). So, in the forms
 * SQLite documents for steering its planner:
 * - the list is the left side of a CROSS JOIN, which SQLite always makes the outer loop;
 * - `+p.deployment_name`: a unary plus keeps a term from being used by an index, which leaves
 *   request_id as the only index for predictions (the deployment is checked on the rows found);
 * - `is not null` is the condition of the partial index, said outright for the planner to match.
 * The test beside this file checks the plan on a real SQLite file. PostgreSQL plans from statistics
 * (and has no unary plus for text), and finds the partial index for `in (…) and is not null`.
 */
export async function predictionsByRequestId(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  deployment: string,
  requestIds: readonly string[],
): Promise<RequestIdMatch[]> {
  const unique = [...new Set(requestIds)];
  const found: RequestIdMatch[] = [];
  const size = dialect === 'sqlite' ? SQLITE_CHUNK : POSTGRES_CHUNK;
  for (let start = 0; start < unique.length; start += size) {
    const chunk = unique.slice(start, start + size);
    const rows =
      dialect === 'sqlite'
        ? (
            await sql<RequestIdMatch>`select p.id, p.request_id, p.version_id, p.at
              from jsonb_each(${JSON.stringify(chunk)}) as j cross join predictions as p
              where p.request_id = j.value and p.request_id is not null and +p.deployment_name = ${deployment}
              order by p.id`.execute(db)
          ).rows
        : ((await db
            .selectFrom('predictions')
            .select(['id', 'request_id', 'version_id', 'at'])
            .where('deployment_name', '=', deployment)
            .where('request_id', 'is not', null)
            .where('request_id', 'in', chunk)
            .orderBy('id')
            .execute()) as RequestIdMatch[]);
    for (const row of rows) found.push(row);
  }
  return found;
}
