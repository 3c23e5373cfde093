import { addCounts, burnRate, NO_EVENTS, type SloCounts } from './error-budget.ts';

/**
 * The windows burn rates are read over, and the workbook's multiwindow, multi-burn-rate alerts on
 * them. Each alert pairs a long window (is enough budget being spent to matter?) with a short one
 * twelve times shorter (is it still being spent now?), and fires only while both burn above the
 * pair's factor: the long window keeps one bad minute from paging, the short one lets the alert
 * stop soon after the problem does. The factors are those of a 30-day budget (the workbook's):
 * 14.4 over 1h spends 2% of it, 6 over 6h 5%, 1 over 3d 10%. With Ballast's default 28-day period
 * the same factors spend a little more of the budget (2.1%, 5.4%, 10.7%); they are kept as they
 * are because they are what teams know and tune from.
 */

export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export const BURN_WINDOW_MS: Record<BurnWindow, number> = {
  '5m': 300_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '3d': 259_200_000,
};

export interface BurnRatePair {
  readonly long: BurnWindow;
  readonly short: BurnWindow;
  readonly factor: number;
}

export const MULTIWINDOW_ALERTS: Record<'page' | 'ticket', readonly BurnRatePair[]> = {
  page: [
    { long: '1h', short: '5m', factor: 14.4 },
    { long: '6h', short: '30m', factor: 6 },
  ],
  ticket: [{ long: '3d', short: '6h', factor: 1 }],
};

/** The events of one stretch of time: a monitoring window's, or a judged behaviour window's. */
export interface CountedWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly counts: SloCounts;
}

/**
 * The events of the closed windows that lie whole inside [now − lengthMs, now). A window still open,
 * or one that began before the span, is left out, so a burn rate never rests on part of a window.
 */
export function countsWithin(windows: readonly CountedWindow[], nowMs: number, lengthMs: number): SloCounts {
  const from = nowMs - lengthMs;
  let counts = NO_EVENTS;
  for (const w of windows) if (w.startMs >= from && w.endMs <= nowMs) counts = addCounts(counts, w.counts);
  return counts;
}

/** The burn rate over each of the workbook's windows (null where a window holds no event). */
export function burnRates(windows: readonly CountedWindow[], nowMs: number, target: number): Record<BurnWindow, number | null> {
  const rates = {} as Record<BurnWindow, number | null>;
  for (const w of BURN_WINDOWS) rates[w] = burnRate(countsWithin(windows, nowMs, BURN_WINDOW_MS[w]), target);
  return rates;
}

/**
 * 1 when some pair of the alert burns above its factor in both windows, 0 when none does, null when
 * no pair can be judged (one of its windows holds no event): no data, never a false "all is well".
 */
export function multiwindowAlert(rates: Readonly<Record<BurnWindow, number | null>>, severity: 'page' | 'ticket'): 0 | 1 | null {
  let judged = false;
  for (const pair of MULTIWINDOW_ALERTS[severity]) {
    const long = rates[pair.long];
    const short = rates[pair.short];
    if (long === null || short === null) continue;
    if (long > pair.factor && short > pair.factor) return 1;
    judged = true;
  }
  return judged ? 0 : null;
}
