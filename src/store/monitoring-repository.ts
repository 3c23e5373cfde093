import type { Kysely, Selectable } from 'kysely';
import type { PcaReconstructionModel } from '../core/drift/pca-reconstruction.ts';
import type { DatasetProfileState } from '../core/profiles/dataset-profile.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { KllState } from '../core/sketches/kll.ts';
import type { MomentsState } from '../core/sketches/moments.ts';
import { idFloor } from './prediction-id-range.ts';
import { toPredictionLogRecords } from './prediction-repository.ts';
import type { VersionInputNames } from './version-input-names.ts';
import type { Database, WindowProfilesTable } from './schema.ts';

export interface ReferenceProfileRecord {
  readonly versionId: string;
  /** Inputs and outputs (and the label, as `label`) of the training snapshot. */
  readonly profile: DatasetProfileState;
  readonly multivariate: PcaReconstructionModel | null;
  readonly rows: number;
  readonly createdAt: string;
}

/**
 * `complete`: everything its source profiled for the window; `rebuilt`: profiled again from the
 * prediction log after a crash; `incomplete`: the log could not be profiled, the row says what is known.
 */
export type WindowStatus = 'complete' | 'rebuilt' | 'incomplete';

export interface WindowProfileRecord {
  readonly deployment: string;
  readonly versionId: string;
  /** ISO time, aligned to windowMs from the epoch. */
  readonly windowStart: string;
  /** The base window (default 60000; configurable per server). */
  readonly windowMs: number;
  /** Who wrote this part: a per-process id, or 'recovery'. */
  readonly source: string;
  readonly rows: number;
  readonly profile: DatasetProfileState;
  /** Moments of the per-row PCA reconstruction errors; null without a multivariate model. */
  readonly reconstruction: MomentsState | null;
  readonly status: WindowStatus;
  readonly updatedAt: string;
  /**
   * The part's request latencies in milliseconds (a KLL sketch, one value per request); absent or
   * null when unknown: parts written before latency was kept, or a window that could not be rebuilt.
   */
  readonly latency?: KllState | null;
  /**
   * Requests of this version that failed on the server's side (5xx) in the window; absent or null
   * when unknown: parts written before errors were kept, and windows rebuilt from the prediction
   * log, which records answered predictions only.
   */
  readonly errors?: number | null;
}

/** What window recovery reads from the prediction log: enough to place a row in its window. */
export interface LoggedTime {
  readonly id: string;
  readonly at: string;
  readonly versionId: string;
}

/**
 * Reference profiles (one per version) and live window profiles (several rows per window, one per
 * writer; readers merge them). Profiles are stored as JSON text, as every structured field is.
 */
export class MonitoringRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inputNames: VersionInputNames,
  ) {}

  /** Inserts or replaces the version's reference (a version is profiled again after a failed attempt). */
  async saveReference(record: ReferenceProfileRecord): Promise<void> {
    const values = {
      version_id: record.versionId,
      profile: JSON.stringify(record.profile),
      multivariate: record.multivariate === null ? null : JSON.stringify(record.multivariate),
      rows: record.rows,
      created_at: record.createdAt,
    };
    await this.db
      .insertInto('reference_profiles')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('version_id')
          .doUpdateSet({ profile: values.profile, multivariate: values.multivariate, rows: values.rows, created_at: values.created_at }),
      )
      .execute();
  }

  async findReference(versionId: string): Promise<ReferenceProfileRecord | undefined> {
    const row = await this.db.selectFrom('reference_profiles').selectAll().where('version_id', '=', versionId).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      versionId: row.version_id,
      profile: JSON.parse(row.profile) as DatasetProfileState,
      multivariate: row.multivariate === null ? null : (JSON.parse(row.multivariate) as PcaReconstructionModel),
      rows: Number(row.rows),
      createdAt: row.created_at,
    };
  }

  /**
   * Writes window parts in one statement (so a flush lands whole or not at all). A part already
   * stored under the same window, version and source is replaced: a retried flush is idempotent.
   */
  async insertWindows(records: readonly WindowProfileRecord[]): Promise<void> {
    // 12 parameters a row; 500 rows stay well inside SQLite's limit on bound parameters.
    for (let i = 0; i < records.length; i += 500) {
      await this.db
        .insertInto('window_profiles')
        .values(records.slice(i, i + 500).map(toRow))
        .onConflict((oc) =>
          oc.columns(['deployment_name', 'window_start', 'window_ms', 'version_id', 'source']).doUpdateSet((eb) => ({
            rows: eb.ref('excluded.rows'),
            profile: eb.ref('excluded.profile'),
            reconstruction: eb.ref('excluded.reconstruction'),
            status: eb.ref('excluded.status'),
            updated_at: eb.ref('excluded.updated_at'),
            latency: eb.ref('excluded.latency'),
            errors: eb.ref('excluded.errors'),
          })),
        )
        .execute();
    }
  }

  /** Removes the named parts of a window (recovery replaces the parts it rebuilt). */
  async deleteWindowParts(deployment: string, windowStart: string, windowMs: number, sources: readonly string[]): Promise<void> {
    if (sources.length === 0) return;
    await this.db
      .deleteFrom('window_profiles')
      .where('deployment_name', '=', deployment)
      .where('window_start', '=', windowStart)
      .where('window_ms', '=', windowMs)
      .where('source', 'in', [...sources])
      .execute();
  }

  /** Parts of the windows starting in [from, to), by start (then version and source). */
  async windows(deployment: string, from: string, to: string): Promise<WindowProfileRecord[]> {
    const rows = await this.db
      .selectFrom('window_profiles')
      .selectAll()
      .where('deployment_name', '=', deployment)
      .where('window_start', '>=', from)
      .where('window_start', '<', to)
      .orderBy('window_start')
      .orderBy('version_id')
      .orderBy('source')
      .execute();
    return rows.map(toRecord);
  }

  /**
   * The end of the latest window any source flushed for the deployment; `ignoreSource` leaves out
   * one writer's parts (its own and numbered ones), as window recovery leaves out the live server's.
   */
  async latestWindowEnd(deployment: string, ignoreSource?: string): Promise<string | undefined> {
    const rows = await this.db
      .selectFrom('window_profiles')
      .select(['window_start', 'window_ms', 'source'])
      .where('deployment_name', '=', deployment)
      .orderBy('window_start', 'desc')
      .limit(200)
      .execute();
    // Windows of different lengths may share a start; the longest ends last.
    let end: number | undefined;
    for (const row of rows) {
      if (ignoreSource !== undefined && (row.source === ignoreSource || row.source.startsWith(`${ignoreSource}#`))) continue;
      const rowEnd = Date.parse(row.window_start) + Number(row.window_ms);
      if (end === undefined || rowEnd > end) end = rowEnd;
    }
    return end === undefined ? undefined : new Date(end).toISOString();
  }

  /**
   * Logged predictions of a deployment with `at` in [from, to), in id order, a page at a time
   * (`afterId` continues a page). Prediction ids are ULIDs made when the row is logged, so the id
   * range around [from, to) narrows the scan to the (deployment_name, id) index; ten minutes of
   * slack either side covers clock steps between taking `at` and making the id.
   */
  async loggedTimes(deployment: string, from: string, to: string, limit: number, afterId?: string): Promise<LoggedTime[]> {
    const rows = await this.loggedQuery(deployment, from, to, limit, afterId).select(['id', 'at', 'version_id']).execute();
    return rows.map((r) => ({ id: r.id, at: r.at, versionId: r.version_id }));
  }

  /** As loggedTimes, with the logged inputs and outputs. */
  async loggedPredictions(deployment: string, from: string, to: string, limit: number, afterId?: string): Promise<PredictionLogRecord[]> {
    return toPredictionLogRecords(await this.loggedQuery(deployment, from, to, limit, afterId).selectAll().execute(), this.inputNames);
  }

  private loggedQuery(deployment: string, from: string, to: string, limit: number, afterId: string | undefined) {
    const slack = 10 * 60_000;
    const low = idFloor(Date.parse(from) - slack);
    let query = this.db
      .selectFrom('predictions')
      .where('deployment_name', '=', deployment)
      .where('id', '>=', afterId !== undefined && afterId > low ? afterId : low)
      .where('id', '<', idFloor(Date.parse(to) + slack))
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('id')
      .limit(limit);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    return query;
  }
}

function toRow(r: WindowProfileRecord): WindowProfilesTable {
  return {
    deployment_name: r.deployment,
    window_start: r.windowStart,
    window_ms: r.windowMs,
    version_id: r.versionId,
    source: r.source,
    rows: r.rows,
    profile: JSON.stringify(r.profile),
    reconstruction: r.reconstruction === null ? null : JSON.stringify(r.reconstruction),
    status: r.status,
    updated_at: r.updatedAt,
    latency: r.latency == null ? null : JSON.stringify(r.latency),
    errors: r.errors ?? null,
  };
}

function toRecord(row: Selectable<WindowProfilesTable>): WindowProfileRecord {
  return {
    deployment: row.deployment_name,
    versionId: row.version_id,
    windowStart: row.window_start,
    windowMs: Number(row.window_ms),
    source: row.source,
    rows: Number(row.rows),
    profile: JSON.parse(row.profile) as DatasetProfileState,
    reconstruction: row.reconstruction === null ? null : (JSON.parse(row.reconstruction) as MomentsState),
    status: row.status as WindowStatus,
    updatedAt: row.updated_at,
    // Unknown stays absent, so parts read back equal parts written without them.
    ...(row.latency !== null ? { latency: JSON.parse(row.latency) as KllState } : {}),
    ...(row.errors !== null ? { errors: Number(row.errors) } : {}),
  };
}
