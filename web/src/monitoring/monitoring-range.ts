import type { MonitoringWindowSize } from '../api/monitoring-types.ts';

/**
 * What the monitoring page asks the server for: a range ending now and a window length. The page
 * offers few choices on purpose; each range has a window length that gives a readable chart.
 */

export interface MonitoringRangePreset {
  readonly id: '1h' | '6h' | '24h';
  readonly label: string;
  readonly ms: number;
  /** The window length picked when the range is chosen: 60, 72 and 24 points. */
  readonly defaultWindow: MonitoringWindowSize;
}

export const monitoringRanges: readonly MonitoringRangePreset[] = [
  { id: '1h', label: 'Last hour', ms: 3_600_000, defaultWindow: '1m' },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000, defaultWindow: '5m' },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000, defaultWindow: '1h' },
];

export interface WindowSizeOption {
  readonly id: MonitoringWindowSize;
  readonly label: string;
  readonly ms: number;
}

export const windowSizes: readonly WindowSizeOption[] = [
  { id: '1m', label: '1 minute', ms: 60_000 },
  { id: '5m', label: '5 minutes', ms: 5 * 60_000 },
  { id: '1h', label: '1 hour', ms: 3_600_000 },
];

/**
 * Every window carries a drift report with both distributions of every column; past this many the
 * answer grows to megabytes and the points are too close to click. 24 hours per minute is refused.
 */
export const MAX_WINDOWS = 360;

export function windowCount(range: MonitoringRangePreset, size: WindowSizeOption): number {
  return Math.ceil(range.ms / size.ms);
}

export function isWindowSizeAllowed(range: MonitoringRangePreset, size: WindowSizeOption): boolean {
  return windowCount(range, size) <= MAX_WINDOWS;
}

export interface MonitoringQuery {
  readonly from: string;
  readonly to: string;
  readonly window: MonitoringWindowSize;
}

/**
 * The range to ask for: it ends at the end of the window `now` is in (that window is still open and
 * shown as live) and spans the preset, so every window asked for is whole and aligned to its length.
 */
export function monitoringQuery(nowMs: number, range: MonitoringRangePreset, size: WindowSizeOption): MonitoringQuery {
  const to = (Math.floor(nowMs / size.ms) + 1) * size.ms;
  const from = to - Math.ceil(range.ms / size.ms) * size.ms;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), window: size.id };
}

export function findRange(id: string): MonitoringRangePreset {
  return monitoringRanges.find((r) => r.id === id) ?? monitoringRanges[0]!;
}

export function findWindowSize(id: string): WindowSizeOption {
  return windowSizes.find((w) => w.id === id) ?? windowSizes[0]!;
}

/**
 * Fewest windows a fitted chart spans: five minutes of traffic fill a chart of ten, not the whole
 * width, so a single window still reads as a point in time rather than a bar across the chart.
 */
export const MIN_FITTED_WINDOWS = 10;

/**
 * The part of an answered range that holds data: from one window before the first window with
 * traffic to the range's end, but never fewer than MIN_FITTED_WINDOWS windows, and never beyond
 * what was asked. "Last hour" with five minutes of traffic then draws those minutes across the
 * chart instead of squeezed against its right edge; a range full of traffic is left as it is.
 */
export function fittedRange(answer: {
  readonly from: string;
  readonly to: string;
  readonly window_ms: number;
  readonly windows: readonly { readonly start: string; readonly rows: number }[];
}): { from: string; to: string } {
  const step = answer.window_ms;
  const from = Date.parse(answer.from);
  const to = Date.parse(answer.to);
  const starts = answer.windows
    .filter((w) => w.rows > 0)
    .map((w) => Date.parse(w.start))
    .filter((t) => Number.isFinite(t) && t >= from && t < to);
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to) || starts.length === 0) return { from: answer.from, to: answer.to };
  const first = Math.min(...starts);
  // Aligned to the grid of windows the answer's range starts on, so every window still lands on a point.
  const start = Math.max(from, Math.min(first - step, to - MIN_FITTED_WINDOWS * step));
  const aligned = from + Math.floor((start - from) / step) * step;
  return { from: new Date(aligned).toISOString(), to: answer.to };
}
