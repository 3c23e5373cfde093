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
