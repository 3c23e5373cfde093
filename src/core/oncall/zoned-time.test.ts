import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromLocal, isTimeZone, offsetAt, toLocal, weekdayOf } from './zoned-time.ts';

const at = (iso: string) => Date.parse(iso);
const local = (year: number, month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute });

describe('zoned time with Intl', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('+02:00')).toBe(false);
  });

  it('reads the offset on either side of a clock change', () => {
    // Berlin springs forward at 01:00Z on 29 March 2026, falls back at 01:00Z on 25 October.
    expect(offsetAt(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetAt(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(offsetAt(at('2026-10-25T00:59:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(offsetAt(at('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetAt(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(toLocal(at('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toEqual(local(2026, 3, 29, 3, 30));
  });

  it('maps a local time to its instant: a time in the spring gap moves past it, a doubled autumn time is the first', () => {
    expect(new Date(fromLocal(local(2026, 3, 28, 9), 'Europe/Berlin')).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(new Date(fromLocal(local(2026, 3, 29, 9), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // 02:30 does not exist in Berlin on 29 March: 03:30 CEST.
    expect(new Date(fromLocal(local(2026, 3, 29, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: first in CEST.
    expect(new Date(fromLocal(local(2026, 10, 25, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // New York: 02:30 on 8 March is 03:30 EDT; 01:30 on 1 November is first EDT.
    expect(new Date(fromLocal(local(2026, 3, 8, 2, 30), 'America/New_York')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(fromLocal(local(2026, 11, 1, 1, 30), 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(fromLocal(local(2026, 11, 1, 9), 'America/New_York')).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('counts civil days and weekdays', () => {
    expect(daysBetween(local(2026, 2, 27, 0), local(2026, 3, 2, 0))).toBe(3);
    expect(addDays(local(2026, 12, 30, 9), 3)).toEqual(local(2027, 1, 2, 9));
    expect(weekdayOf(local(2026, 3, 29, 0))).toBe('sunday');
    expect(weekdayOf(local(2026, 11, 30, 0))).toBe('monday');
  });
});
