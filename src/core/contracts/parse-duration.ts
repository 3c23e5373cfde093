/**
 * Durations in contracts (`freshness.max_delay`), read to milliseconds. Two spellings:
 *
 * - compact units, as in Prometheus and Go: `500ms`, `90s`, `15m`, `24h`, `7d`, `2w`, combined
 *   largest first: `1h30m`, `1d12h`;
 * - ISO-8601 durations: `PT24H`, `P1D`, `P1DT12H`, `PT1.5H`, `P2W`.
 *
 * Months and years are refused (`1mo`, `P1M`, `P1Y`): their length depends on the date they start
 * from, and a freshness bound should mean the same thing every day. Say `30d` instead.
 */

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const COMPACT_ORDER = ['w', 'd', 'h', 'm', 's', 'ms'] as const;
const COMPACT_PART = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/y;
const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds, or undefined when the text is not a duration in one of the two spellings. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  return trimmed[0] === 'P' ? parseIsoDuration(trimmed) : parseCompactDuration(trimmed);
}

function parseCompactDuration(text: string): number | undefined {
  let total = 0;
  let lastRank = -1;
  COMPACT_PART.lastIndex = 0;
  while (COMPACT_PART.lastIndex < text.length) {
    const part = COMPACT_PART.exec(text);
    if (part === null) return undefined;
    const unit = part[2] as keyof typeof UNIT_MS;
    const rank = COMPACT_ORDER.indexOf(unit);
    // Largest unit first and each once, so "30m1h" or "1h1h" is a typo rather than a sum.
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += Number(part[1]) * UNIT_MS[unit];
  }
  return Math.round(total);
}

function parseIsoDuration(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  // "P" and "PT" alone carry no amount.
  if (m === null || text === 'P' || text.endsWith('T')) return undefined;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return Math.round(weeks! * UNIT_MS.w + days! * UNIT_MS.d + hours! * UNIT_MS.h + minutes! * UNIT_MS.m + seconds! * UNIT_MS.s);
}

/**
 * A short human form of a duration: its two largest units, rounded down ("329d 17h" rather than
 * "329d 17h 46m 50s"); exact when it has no more than two units: 5400000 -> "1h 30m".
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0 || parts.length > 0) parts.push(`${amount}${unit}`);
    rest -= amount * size;
    if (parts.length === 2) break;
  }
  return parts.filter((part) => !part.startsWith('0')).join(' ');
}
