import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { BallastError } from '../../core/errors.ts';

/** Windows one answer may hold; a longer range asks for a coarser window. */
const MAX_WINDOWS = 1440;
const DEFAULT_RANGE_MS = 3_600_000;

export interface WindowRangeQuery {
  readonly from?: string;
  readonly to?: string;
  /** A duration such as 1m, 5m, 1h, 1d: a multiple of the base window the server profiles in. */
  readonly window?: string;
}

export interface WindowRange {
  readonly windowText: string;
  readonly windowMs: number;
  /** Aligned down to a whole window, so the first window is whole. */
  readonly from: number;
  readonly to: number;
  readonly fromIso: string;
  readonly toIso: string;
}

/**
 * The range and window length of a per-window answer (monitoring, performance), checked the same way
 * for every route and command: `to` defaults to now, `from` to an hour before `to`, the window to the
 * base window, and at most MAX_WINDOWS windows.
 */
export function windowRange(query: WindowRangeQuery, baseWindowMs: number, now: () => Date): WindowRange {
  const windowText = query.window ?? formatWindow(baseWindowMs);
  const windowMs = parseWindow(windowText, baseWindowMs);
  const to = query.to === undefined ? now().getTime() : parseTime(query.to, 'to');
  const requestedFrom = query.from === undefined ? to - DEFAULT_RANGE_MS : parseTime(query.from, 'from');
  if (requestedFrom >= to)
    throw new BallastError('invalid_argument', '"from" must be before "to"', [
      { code: 'invalid_value', path: ['from'], message: 'must be before "to"' },
    ]);
  const from = Math.floor(requestedFrom / windowMs) * windowMs;
  if ((to - from) / windowMs > MAX_WINDOWS) {
    throw new BallastError(
      'invalid_argument',
      `the range holds more than ${MAX_WINDOWS} windows of ${windowText}; ask for a coarser window or a shorter range`,
      [{ code: 'too_big', path: ['window'], message: `more than ${MAX_WINDOWS} windows` }],
    );
  }
  return { windowText, windowMs, from, to, fromIso: new Date(from).toISOString(), toIso: new Date(to).toISOString() };
}

function parseWindow(text: string, baseMs: number): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < baseMs || ms % baseMs !== 0) {
    throw new BallastError(
      'invalid_argument',
      `window "${text}" must be a duration that is a multiple of the ${formatWindow(baseMs)} base window (e.g. 1m, 5m, 1h, 1d)`,
      [{ code: 'invalid_value', path: ['window'], message: 'not a multiple of the base window' }],
    );
  }
  return ms;
}

function parseTime(text: string, field: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw new BallastError('invalid_argument', `"${field}" is not a time (use ISO 8601, e.g. 2026-11-25T10:00:00Z)`, [
      { code: 'invalid_format', path: [field], message: 'not an ISO 8601 time' },
    ]);
  return ms;
}

function formatWindow(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
