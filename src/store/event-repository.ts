import { sql, type Kysely } from 'kysely';
import { idFloor } from './prediction-id-range.ts';
import { predictionsByRequestId } from './predictions-by-request-id.ts';
import type { Database } from './schema.ts';

/** One outcome event as stored: joined to its prediction, whose time and version it carries. */
export interface EventEntry {
  readonly id: string;
  readonly predictionId: string;
  readonly deploymentName: string;
  readonly versionId: string;
  readonly predictionAt: string;
  readonly name: string;
  readonly value: number;
  readonly at: string;
  readonly receivedAt: string;
  readonly actor: string;
}

/** A logged prediction an event can be joined to. */
export interface EventTarget {
  readonly predictionId: string;
  readonly requestId: string | null;
  readonly versionId: string;
  readonly at: string;
}

/** What the KPI reader needs of an event. */
export type KpiEvent = Pick<EventEntry, 'id' | 'predictionId' | 'versionId' | 'predictionAt' | 'name' | 'value'>;

/** How many predictions of one version were logged in one window. */
export interface LoggedCount {
  /** Epoch milliseconds, aligned to the window length. */
  readonly windowStart: number;
  readonly versionId: string;
  readonly count: number;
}

// SQLite limits bound parameters per statement (32766); 500 rows of 10 columns stay well inside.
const CHUNK = 500;
/** Clock steps between taking a prediction's `at` and making its id (as MonitoringRepository allows). */
const ID_SLACK_MS = 10 * 60_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Outcome events of logged predictions, and the counts of logged predictions a rate divides by. */
export class EventRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async insertMany(entries: readonly EventEntry[]): Promise<void> {
    for (const chunk of chunks(entries)) {
      await this.db
        .insertInto('events')
        .values(
          chunk.map((e) => ({
            id: e.id,
            prediction_id: e.predictionId,
            deployment_name: e.deploymentName,
            version_id: e.versionId,
            prediction_at: e.predictionAt,
            name: e.name,
            value: e.value,
            at: e.at,
            received_at: e.receivedAt,
            actor: e.actor,
          })),
        )
        .execute();
    }
  }

  /**
   * The logged predictions of one deployment that these prediction ids and request ids name. An id
   * that is not here was never logged on this deployment (or was left out by its log sample rate).
   */
  async joinTargets(deployment: string, keys: { predictionIds: readonly string[]; requestIds: readonly string[] }): Promise<EventTarget[]> {
    const found: EventTarget[] = [];
    const base = () =>
      this.db.selectFrom('predictions').select(['id', 'request_id', 'version_id', 'at']).where('deployment_name', '=', deployment);
    const toTarget = (row: { id: string; request_id: string | null; version_id: string; at: string }): EventTarget => ({
      predictionId: row.id,
      requestId: row.request_id,
      versionId: row.version_id,
      at: row.at,
    });
    for (const chunk of chunks([...new Set(keys.predictionIds)])) {
      for (const row of await base().where('id', 'in', chunk).execute()) found.push(toTarget(row));
    }
    for (const row of await predictionsByRequestId(this.db, this.dialect, deployment, keys.requestIds)) found.push(toTarget(row));
    return found;
  }

  /** Every event of one prediction, in the order they were written. */
  async ofPrediction(predictionId: string, logged?: { readonly deployment: string; readonly at: string }): Promise<EventEntry[]> {
    let query = this.db.selectFrom('events').selectAll().where('prediction_id', '=', predictionId);
    // The prediction's deployment and time, when known, let the lookup use the (deployment_name,
    // prediction_at, prediction_id, id) index instead of reading the whole table.
    if (logged) query = query.where('deployment_name', '=', logged.deployment).where('prediction_at', '=', logged.at);
    const rows = await query.orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      predictionId: row.prediction_id,
      deploymentName: row.deployment_name,
      versionId: row.version_id,
      predictionAt: row.prediction_at,
      name: row.name,
      value: Number(row.value),
      at: row.at,
      receivedAt: row.received_at,
      actor: row.actor,
    }));
  }

  /**
   * One page of a deployment's events with these names whose predictions fall in [from, to), in
   * (prediction time, prediction, event) order, so the events of one prediction come together;
   * `after` is the last event of the page before.
   */
  async page(deployment: string, names: readonly string[], from: string, to: string, limit: number, after?: KpiEvent): Promise<KpiEvent[]> {
    if (names.length === 0) return [];
    let query = this.db
      .selectFrom('events')
      .select(['id', 'prediction_id', 'version_id', 'prediction_at', 'name', 'value'])
      .where('deployment_name', '=', deployment)
      .where('prediction_at', '>=', from)
      .where('prediction_at', '<', to)
      .where('name', 'in', [...names])
      .orderBy('prediction_at')
      .orderBy('prediction_id')
      .orderBy('id')
      .limit(limit);
    if (after !== undefined)
      query = query.where((eb) =>
        eb(eb.refTuple('prediction_at', 'prediction_id', 'id'), '>', eb.tuple(after.predictionAt, after.predictionId, after.id)),
      );
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      predictionId: row.prediction_id,
      versionId: row.version_id,
      predictionAt: row.prediction_at,
      name: row.name,
      value: Number(row.value),
    }));
  }

  /**
   * The logged predictions of a deployment with `at` in [from, to), counted per window and model
   * version: the denominator of a rate. The database counts per second (per millisecond for a
   * window that is not whole seconds), so what crosses the wire is one row per busy second, not
   * one per prediction; `at` is ISO text, whose prefix is its truncation.
   */
  async loggedCounts(deployment: string, from: string, to: string, windowMs: number): Promise<LoggedCount[]> {
    const prefix = windowMs % 1000 === 0 ? 19 : 23;
    const instant = sql<string>`substr(${sql.ref('at')}, 1, ${sql.lit(prefix)})`;
    const rows = await this.db
      .selectFrom('predictions')
      .select(['version_id', instant.as('instant'), (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('deployment_name', '=', deployment)
      .where('id', '>=', idFloor(Date.parse(from) - ID_SLACK_MS))
      .where('id', '<', idFloor(Date.parse(to) + ID_SLACK_MS))
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy(['version_id', instant])
      .execute();
    const counts = new Map<string, { windowStart: number; versionId: string; count: number }>();
    for (const row of rows) {
      const windowStart = Math.floor(Date.parse(`${row.instant}Z`) / windowMs) * windowMs;
      const key = `${windowStart}|${row.version_id}`;
      const entry = counts.get(key);
      if (entry) entry.count += Number(row.n);
      else counts.set(key, { windowStart, versionId: row.version_id, count: Number(row.n) });
    }
    return [...counts.values()].sort((a, b) => a.windowStart - b.windowStart || (a.versionId < b.versionId ? -1 : 1));
  }
}
