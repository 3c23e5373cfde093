/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: the offset of a zone at an instant,
 * and the instant of a local date and time. On-call handoffs are written as local times ("09:00 in
 * Europe/Berlin"), so a shift is 23 or 25 hours long on the days the clocks change, and the handoff
 * stays at 09:00 on the wall.
 */

/** A calendar date and a time of day, as a clock on the wall in some zone shows them. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `timeZone` at the instant `ms` (seconds dropped), and the instant it reads as in UTC. */
function wallClock(ms: number, timeZone: string): LocalDateTime & { readonly asUtc: number } {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const local = { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute! };
  return { ...local, asUtc: Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, fields.second!) };
}

/** The local date and time in `timeZone` at the instant `ms`. */
export function toLocal(ms: number, timeZone: string): LocalDateTime {
  const { year, month, day, hour, minute } = wallClock(ms, timeZone);
  return { year, month, day, hour, minute };
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (+3,600,000 for CET). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, timeZone).asUtc - whole;
}

const sameLocal = (a: LocalDateTime, b: LocalDateTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * The instant a wall clock in `timeZone` shows `local`. Where the clocks go back and the time occurs
 * twice, the first; where they go forward and it does not occur, the instant as long after the gap's
 * start as `local` is (02:30 on a spring-forward night is 03:30), as Temporal's `compatible` does.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offsets a day either side bound every offset this local time can have.
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((ms) => sameLocal(toLocal(ms, timeZone), local)).sort((a, b) => a - b);
  return candidates[0] ?? asUtc - before;
}

/** Days from the civil date a to b (b − a), whatever the zone: dates are counted, not hours. */
export function daysBetween(a: LocalDateTime, b: LocalDateTime): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** The civil date `days` after `date` (its time of day kept). */
export function addDays<T extends LocalDateTime>(date: T, days: number): T {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { ...date, year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The weekday of a civil date. */
export function weekdayOf(date: LocalDateTime): Weekday {
  // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday, as ISO 8601 weeks do.
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;
}
