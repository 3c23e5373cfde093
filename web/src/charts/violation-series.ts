import type { ViolationPolicy, ViolationWindow } from '../api/contract-types.ts';

/**
 * A deployment's violation windows (sparse: the server stores only minutes with violations) as a
 * dense time series for the chart — one series per column and policy, zero where nothing broke —
 * and as totals for the table beside it.
 */

export interface RangePreset {
  readonly id: string;
  readonly label: string;
  readonly seconds: number;
  /** Per minute where that stays readable; coarser buckets over days. */
  readonly bucketSeconds: number;
}

/** Buckets are chosen so a range has at most ~100 bars: each stays wide enough to see and point at. */
export const rangePresets: readonly RangePreset[] = [
  { id: '1h', label: 'Last hour', seconds: 3_600, bucketSeconds: 60 },
  { id: '6h', label: 'Last 6 hours', seconds: 6 * 3_600, bucketSeconds: 5 * 60 },
  { id: '24h', label: 'Last 24 hours', seconds: 24 * 3_600, bucketSeconds: 15 * 60 },
  { id: '7d', label: 'Last 7 days', seconds: 7 * 24 * 3_600, bucketSeconds: 2 * 3_600 },
];

export interface ViolationRange {
  readonly from: string;
  readonly to: string;
  readonly bucketSeconds: number;
}

/**
 * The range to ask for: it ends after the minute `now` is in (that minute's counts are still
 * growing) and on a bucket boundary, so every bucket covers whole minutes.
 */
export function violationRange(nowMs: number, preset: RangePreset): ViolationRange {
  const bucketMs = preset.bucketSeconds * 1000;
  const endOfMinute = (Math.floor(nowMs / 60_000) + 1) * 60_000;
  const to = Math.ceil(endOfMinute / bucketMs) * bucketMs;
  return { from: new Date(to - preset.seconds * 1000).toISOString(), to: new Date(to).toISOString(), bucketSeconds: preset.bucketSeconds };
}

export interface ViolationSeries {
  readonly column: string;
  readonly policy: ViolationPolicy;
  readonly counts: number[];
  readonly total: number;
}

export interface ViolationChartData {
  /** Bucket starts in Unix seconds, ascending, as uPlot wants. */
  readonly times: number[];
  /** The end of the last bucket, in Unix seconds: the chart's x axis runs from times[0] to here. */
  readonly end: number;
  /** Rejects first (they cost a user an answer), then flags; columns by name within each. */
  readonly series: ViolationSeries[];
}

export function violationChartData(windows: readonly ViolationWindow[], range: ViolationRange): ViolationChartData {
  const bucket = range.bucketSeconds;
  const start = Math.floor(Date.parse(range.from) / 1000 / bucket) * bucket;
  const end = Date.parse(range.to) / 1000;
  const times: number[] = [];
  for (let t = start; t < end; t += bucket) times.push(t);

  const byKey = new Map<string, { column: string; policy: ViolationPolicy; counts: number[]; total: number }>();
  for (const window of windows) {
    const at = Date.parse(window.window_start) / 1000;
    const index = Math.floor((at - start) / bucket);
    // A window outside the asked range (or with an unreadable time) has no bucket to land in.
    if (!Number.isFinite(index) || index < 0 || index >= times.length) continue;
    const key = `${window.policy}\u0000${window.column}`;
    let series = byKey.get(key);
    if (series === undefined) {
      series = { column: window.column, policy: window.policy, counts: times.map(() => 0), total: 0 };
      byKey.set(key, series);
    }
    series.counts[index]! += window.count;
    series.total += window.count;
  }
  const series: ViolationSeries[] = [...byKey.values()].sort(
    (a, b) => policyOrder(a.policy) - policyOrder(b.policy) || compareText(a.column, b.column),
  );
  return { times, end: start + times.length * bucket, series };
}

export interface ViolationTotal {
  readonly column: string;
  readonly code: string;
  readonly policy: ViolationPolicy;
  readonly count: number;
  /** The newest minute it happened in. */
  readonly lastSeen: string;
}

/** Totals per column, code and policy over the windows given; the most frequent first. */
export function violationTotals(windows: readonly ViolationWindow[]): ViolationTotal[] {
  const byKey = new Map<string, { column: string; code: string; policy: ViolationPolicy; count: number; lastSeen: string }>();
  for (const window of windows) {
    const key = `${window.column}\u0000${window.code}\u0000${window.policy}`;
    const total = byKey.get(key);
    if (total === undefined) {
      byKey.set(key, {
        column: window.column,
        code: window.code,
        policy: window.policy,
        count: window.count,
        lastSeen: window.window_start,
      });
    } else {
      total.count += window.count;
      if (window.window_start > total.lastSeen) total.lastSeen = window.window_start;
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.count - a.count || policyOrder(a.policy) - policyOrder(b.policy) || compareText(a.column, b.column) || compareText(a.code, b.code),
  );
}

/** Violations per policy over the windows given. */
export function policyTotals(windows: readonly ViolationWindow[]): Record<ViolationPolicy, number> {
  const totals: Record<ViolationPolicy, number> = { reject: 0, flag: 0 };
  for (const window of windows) totals[window.policy] += window.count;
  return totals;
}

function policyOrder(policy: ViolationPolicy): number {
  return policy === 'reject' ? 0 : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Running totals for stacked bars: the k-th array is the sum of series 0..k, so drawing the last
 * (tallest) first and the first last leaves each series' own count visible as its band.
 */
export function stackCounts(series: readonly ViolationSeries[]): number[][] {
  const stacked: number[][] = [];
  series.forEach((s, k) => stacked.push(s.counts.map((count, i) => count + (k === 0 ? 0 : stacked[k - 1]![i]!))));
  return stacked;
}

/** `per minute`, `per 5 minutes`, `per hour`. */
export function bucketLabel(seconds: number): string {
  if (seconds === 60) return 'per minute';
  if (seconds === 3_600) return 'per hour';
  if (seconds % 3_600 === 0) return `per ${seconds / 3_600} hours`;
  return `per ${seconds / 60} minutes`;
}
