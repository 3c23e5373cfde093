/**
 * Timestamps in contracts are ISO-8601 text, read to milliseconds since the Unix epoch (UTC):
 *
 * - a date: `2024-03-01` (midnight UTC);
 * - a date-time: `2024-03-01T12:30`, `2024-03-01T12:30:05`, `2024-03-01T12:30:05.123`, with `T` or
 *   a space between date and time (pandas writes a space), and optionally `Z` or an offset
 *   (`+02:00`, `+0200`, `-05`). A date-time without an offset is read as UTC.
 *
 * Epoch numbers are refused, in files and in requests: `1700000000` may be seconds or
 * milliseconds, and guessing wrong moves a date by a factor of a thousand without any error. A
 * service that holds epoch values sends them as ISO text (`new Date(ms).toISOString()`).
 *
 * The calendar is checked (no 2023-02-29, no hour 24, no second 60) so that a value that means
 * nothing is a type mismatch rather than a silently normalised date. Fractions beyond milliseconds
 * are truncated.
 */

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since 1970-01-01T00:00Z, or undefined when the text is not an ISO-8601 date or date-time. */
export function parseTimestamp(text: string): number | undefined {
  const common = parseCommonLayout(text);
  if (common !== null) return common;
  const padded = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);
  const m = ISO_TIMESTAMP.exec(padded ? text.trim() : text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = m[8] === undefined ? 0 : offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + millis;
}

/**
 * The layouts files hold most ("2024-03-01", "2024-03-01 12:30:05", "2024-03-01T12:30:05Z") read
 * with character arithmetic instead of the regular expression, which allocates a match and nine
 * substrings per value. Null when the text has another layout (the regular expression decides).
 */
function parseCommonLayout(text: string): number | undefined | null {
  const n = text.length;
  if (n !== 10 && n !== 19 && !(n === 20 && (text.charCodeAt(19) | 0x20) === 122)) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n > 10) {
    const separator = text.charCodeAt(10);
    if ((separator !== 84 && separator !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
    hour = digits(text, 11, 2);
    minute = digits(text, 14, 2);
    second = digits(text, 17, 2);
  }
  // NaN (a non-digit) fails every comparison below, so it lands in "not this layout".
  if (!(year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** The ISO-8601 text of an epoch-milliseconds value, for messages and examples. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

function offsetMinutes(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
