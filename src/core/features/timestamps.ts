/**
 * Event times as feature sources and entity files write them. Accepted: ISO 8601 dates and times
 * (`2026-01-02`, `2026-01-02T03:04:05`, `2026-01-02 03:04:05.123`, with `Z` or `±hh:mm`); a time
 * without a zone is UTC, as Feast reads naive timestamps. Numbers are refused: epoch seconds and
 * milliseconds cannot be told apart, and guessing would shift every feature by a factor of 1000.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?|UTC)?$/;

/** Epoch milliseconds, or undefined when the text is not a timestamp of the accepted forms. */
export function parseTimestamp(text: string): number | undefined {
  const match = ISO.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = fraction === '' ? 0 : Math.floor(Number(`0${fraction}`) * 1000 + 1e-6);
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2026-02-30 over into March; such a date does not exist.
  if (new Date(time).getUTCDate() !== day) return undefined;
  if (zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return time;
}

/** `7d`, `12h`, `30m`, `45s`, `2w` or a number of seconds; 0 means no limit (null). Undefined when unreadable. */
export function parseDuration(value: string | number): number | null | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? (value === 0 ? null : value) : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(w|d|h|m|s)?\s*$/.exec(value);
  if (match === null) return undefined;
  const unit = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 }[(match[2] ?? 's') as 'w' | 'd' | 'h' | 'm' | 's'];
  const seconds = Number(match[1]) * unit;
  return seconds === 0 ? null : seconds;
}
