import { BallastError } from '../../core/errors.ts';
import { computeViewFeatures, viewSourceColumns } from '../../core/features/compute-features.ts';
import type { FeatureDefinitions, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import { PointInTimeIndex } from '../../core/features/point-in-time.ts';
import { parseTimestamp } from '../../core/features/timestamps.ts';
import type { OnlineFeatureRow } from '../../store/online-feature-repository.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { onlineStoreOf } from './online-store.ts';
import { readSourceRows, type SourceRows } from './read-source.ts';

export interface MaterializeOptions {
  /** ISO 8601; exclusive. Absent: where the view's last successful run ended (else end − TTL, else the beginning). */
  readonly start?: string;
  /** ISO 8601; inclusive. Absent: now. */
  readonly end?: string;
  /** Views to materialise; absent: all. */
  readonly views?: readonly string[];
}

export interface ViewMaterialization {
  readonly view: string;
  /** Exclusive; null: from the beginning. */
  readonly startTime: string | null;
  readonly endTime: string;
  /** Entities written (each with its latest row in the window). */
  readonly rows: number;
  /** `up_to_date`: the view's last run already ended at or after `end`; nothing was read or written. */
  readonly status: 'succeeded' | 'up_to_date';
}

export interface MaterializeResult {
  readonly featureSetVersion: number;
  readonly onlineStore: 'database' | 'redis';
  readonly views: readonly ViewMaterialization[];
}

/** Rows per write to the online store: bounded memory on the way out, few round trips. */
const WRITE_BATCH = 5000;

/**
 * Materialisation (Feast's `materialize` / `materialize-incremental`): for each view, the latest
 * source row per entity with start < event time ≤ end, its features computed by the one
 * implementation serving and training share, written to the online store — which keeps a key's
 * stored value when it is newer, so windows may be run again or out of order without going back
 * in time.
 *
 * Incremental and resumable: each view starts where its last successful run for the current
 * definitions ended. A view that fails is recorded as failed and keeps its last successful end, so
 * the next run does its window again; views done before it keep theirs. A run is recorded (and
 * audited, `features.materialize`) per view once its rows are written; a crash before that leaves
 * no record, and the window is simply done again.
 *
 * TTL, as in Feast: the first run of a view without `--start` starts at end − TTL (older values would
 * already be expired at `end`); with no TTL it starts at the beginning. An explicit window is taken
 * as given, and lookups do not filter by TTL (the event time is served with the values).
 */
export async function materializeFeatures(ctx: AppContext, options: MaterializeOptions = {}): Promise<MaterializeResult> {
  const end = options.end === undefined ? ctx.clock().getTime() : checkedTime(options.end, '--end');
  const explicitStart = options.start === undefined ? undefined : checkedTime(options.start, '--start');
  if (explicitStart !== undefined && explicitStart >= end)
    throw new BallastError('invalid_argument', `--start (${options.start}) must be before --end (${new Date(end).toISOString()})`);
  const set = await currentFeatureSet(ctx);
  const views = selectedViews(set.definitions, options.views);
  const online = onlineStoreOf(ctx);
  const sources = new SourceCache(ctx, set.definitions, views);
  const endTime = new Date(end).toISOString();

  const results: ViewMaterialization[] = [];
  for (const view of views) {
    const previous = await ctx.store.materializations.lastSucceededEnd(view.name, set.version);
    const start =
      explicitStart ?? (previous !== undefined ? Date.parse(previous) : view.ttlSeconds !== null ? end - view.ttlSeconds * 1000 : null);
    const startTime = start === null ? null : new Date(start).toISOString();
    if (start !== null && start >= end) {
      results.push({ view: view.name, startTime, endTime, rows: 0, status: 'up_to_date' });
      continue;
    }
    const id = ctx.newId();
    const startedAt = ctx.clock().toISOString();
    const record = (status: 'succeeded' | 'failed', rows: number, error?: string) =>
      auditedTransaction(ctx, async (tx, audit) => {
        const at = ctx.clock().toISOString();
        await tx.materializations.start({
          id,
          view: view.name,
          featureSetVersion: set.version,
          startTime,
          endTime,
          startedAt,
          createdBy: ctx.actor,
        });
        await tx.materializations.finish(id, status, rows, at);
        await audit({
          action: 'features.materialize',
          objectType: 'feature_view',
          objectId: view.name,
          details: {
            materialization: id,
            feature_set_version: set.version,
            start: startTime,
            end: endTime,
            rows,
            status,
            online_store: online.kind,
            ...(error === undefined ? {} : { error }),
          },
        });
      });
    let rows: OnlineFeatureRow[];
    // Rows already in the online store when a write fails: the record says how far the view got.
    let written = 0;
    try {
      rows = latestInWindow(view, await sources.rowsFor(view), start, end);
      for (let i = 0; i < rows.length; i += WRITE_BATCH) {
        const batch = rows.slice(i, i + WRITE_BATCH);
        await online.write(view.name, batch, set.version, startedAt);
        written += batch.length;
      }
    } catch (error) {
      await record('failed', written, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await record('succeeded', rows.length);
    results.push({ view: view.name, startTime, endTime, rows: rows.length, status: 'succeeded' });
  }
  return { featureSetVersion: set.version, onlineStore: online.kind, views: results };
}

/** Per key, the latest source row with start < event ≤ end (ties as the point-in-time join decides them). */
function latestInWindow(view: FeatureViewDefinition, source: SourceRows, start: number | null, end: number): OnlineFeatureRow[] {
  // Rows outside the window lose their key, so the index skips them and row numbers stay the file's.
  const inWindow = source.times.map((t) => (start !== null && t.eventTime <= start ? { ...t, key: null } : t));
  const column = new Map(source.columns.map((name, i) => [name, i]));
  const rows: OnlineFeatureRow[] = [];
  for (const [key, at] of new PointInTimeIndex(inWindow).latest(end)) {
    const cells = source.cells[at]!;
    const values = computeViewFeatures(view, (name) => {
      const i = column.get(name);
      return i === undefined ? undefined : cells[i];
    });
    rows.push({ entityKey: key, values, eventTime: new Date(source.times[at]!.eventTime).toISOString() });
  }
  return rows;
}

/** Each source read once per run, with the columns of every view materialised from it. */
class SourceCache {
  private readonly reads = new Map<string, Promise<SourceRows>>();
  private readonly columns = new Map<string, string[]>();

  constructor(
    private readonly ctx: AppContext,
    private readonly definitions: FeatureDefinitions,
    views: readonly FeatureViewDefinition[],
  ) {
    for (const view of views) {
      const id = this.idOf(view);
      const columns = this.columns.get(id) ?? [];
      for (const c of viewSourceColumns(view)) if (!columns.includes(c)) columns.push(c);
      this.columns.set(id, columns);
    }
  }

  rowsFor(view: FeatureViewDefinition): Promise<SourceRows> {
    const id = this.idOf(view);
    let read = this.reads.get(id);
    if (read === undefined) {
      const source = this.definitions.sources.find((s) => s.name === view.source)!;
      read = readSourceRows(source, this.keyOf(view), this.columns.get(id)!, { db: this.ctx.store.db });
      this.reads.set(id, read);
    }
    return read;
  }

  private keyOf(view: FeatureViewDefinition): string {
    return this.definitions.entities.find((e) => e.name === view.entity)!.key;
  }

  private idOf(view: FeatureViewDefinition): string {
    return JSON.stringify([view.source, this.keyOf(view)]);
  }
}

function selectedViews(definitions: FeatureDefinitions, names: readonly string[] | undefined): FeatureViewDefinition[] {
  if (names === undefined || names.length === 0) return [...definitions.featureViews];
  const unknown = names.filter((n) => !definitions.featureViews.some((v) => v.name === n));
  if (unknown.length > 0)
    throw new BallastError(
      'feature_not_found',
      `no feature view is named ${unknown.map((n) => `"${n}"`).join(', ')} (views: ${definitions.featureViews.map((v) => v.name).join(', ') || 'none'})`,
    );
  return definitions.featureViews.filter((v) => names.includes(v.name));
}

function checkedTime(text: string, option: string): number {
  const time = parseTimestamp(text);
  if (time === undefined)
    throw new BallastError(
      'invalid_argument',
      `${option} ${JSON.stringify(text)} is not a time: write ISO 8601, e.g. 2026-01-02T03:04:05Z`,
    );
  return time;
}
