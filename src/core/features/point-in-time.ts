/**
 * Point-in-time lookup, Feast's semantics (feast/infra/offline_stores/file.py, `_filter_ttl` and
 * `_drop_duplicates`): an entity row at time t takes, from the source rows with its key, the one with
 * the latest event time e such that e <= t and, when the view has a TTL, e >= t - ttl (both ends
 * inclusive). Rows sharing that event time are decided by the created timestamp, the latest winning,
 * then by file order, the last winning (pandas' stable sort with `keep="last"`). No match: -1.
 *
 * This is the exact in-memory reference. The DuckDB engine (app/features) computes the same join at
 * scale and is tested against it and against pandas; skew checks over logged predictions use this one.
 *
 * Edge cases: a missing key never matches (an entity row without a key gets no features); a missing
 * source time makes that source row unusable (callers reject unparsable times before this point).
 */

export interface SourceRowTime {
  /** The entity key as text (numbers formatted by `entityKeyText`), or null when missing. */
  readonly key: string | null;
  /** Event time, epoch milliseconds. */
  readonly eventTime: number;
  /** Created time, epoch milliseconds, when the source has a created-timestamp column. */
  readonly createdTime?: number;
}

export interface EntityRowTime {
  readonly key: string | null;
  readonly time: number;
}

/** An index over one source's rows by key, sorted for lookups. */
export class PointInTimeIndex {
  private readonly byKey = new Map<string, { readonly times: Float64Array; readonly rows: Int32Array }>();

  constructor(rows: readonly SourceRowTime[]) {
    const groups = new Map<string, number[]>();
    rows.forEach((row, i) => {
      if (row.key === null || !Number.isFinite(row.eventTime)) return;
      let group = groups.get(row.key);
      if (group === undefined) groups.set(row.key, (group = []));
      group.push(i);
    });
    for (const [key, indices] of groups) {
      indices.sort((a, b) => rows[a]!.eventTime - rows[b]!.eventTime || (rows[a]!.createdTime ?? 0) - (rows[b]!.createdTime ?? 0) || a - b);
      this.byKey.set(key, {
        times: Float64Array.from(indices, (i) => rows[i]!.eventTime),
        rows: Int32Array.from(indices),
      });
    }
  }

  /** The source row an entity row takes, or -1. `ttlMs` null: no lower bound. */
  lookup(entity: EntityRowTime, ttlMs: number | null): number {
    if (entity.key === null || !Number.isFinite(entity.time)) return -1;
    const group = this.byKey.get(entity.key);
    if (group === undefined) return -1;
    // The last position whose time is <= entity.time.
    let lo = 0;
    let hi = group.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (group.times[mid]! <= entity.time) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return -1;
    const at = lo - 1;
    if (ttlMs !== null && group.times[at]! < entity.time - ttlMs) return -1;
    return group.rows[at]!;
  }

  /** The latest row per key with event time <= `until` (materialisation); keys in sorted order. */
  latest(until: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const key of [...this.byKey.keys()].sort()) {
      const found = this.lookup({ key, time: until }, null);
      if (found >= 0) out.set(key, found);
    }
    return out;
  }
}

/** The text form of an entity key, so `42` read from Parquet and `"42"` read from CSV are one key. */
export function entityKeyText(value: string | number | boolean | bigint | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return String(value);
}
