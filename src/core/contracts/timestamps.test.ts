import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from './timestamps.ts';

describe('parseTimestamp', () => {
  it('reads dates and date-times as UTC milliseconds', () => {
    expect(parseTimestamp('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimestamp('2024-03-01T12:30')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseTimestamp('2024-03-01 12:30:05')).toBe(Date.UTC(2024, 2, 1, 12, 30, 5));
    expect(parseTimestamp('2024-03-01T12:30:05.123Z')).toBe(Date.UTC(2024, 2, 1, 12, 30, 5, 123));
    expect(parseTimestamp('2024-03-01T12:30:05.1234567Z')).toBe(Date.UTC(2024, 2, 1, 12, 30, 5, 123));
    expect(parseTimestamp(' 2024-03-01 ')).toBe(Date.UTC(2024, 2, 1));
  });

  it('applies offsets', () => {
    expect(parseTimestamp('2024-03-01T12:00:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parseTimestamp('2024-03-01T12:00:00-0530')).toBe(Date.UTC(2024, 2, 1, 17, 30));
    expect(parseTimestamp('2024-03-01T12:00:00+01')).toBe(Date.UTC(2024, 2, 1, 11));
  });

  it.each([
    '',
    '2024',
    '2024-3-1',
    '2023-02-29',
    '2024-13-01',
    '2024-04-31',
    '2024-01-01T24:00',
    '2024-01-01T12:60',
    '2024-01-01T12:00:60',
    '1700000000',
    '2024-01-01T12:00+25:00',
    'yesterday',
    '2024-01-01T',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseTimestamp('1900-02-29')).toBeUndefined();
  });

  it('reads the common layouts (date, date-time with space or T, Z) as the general form does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }),
        fc.constantFrom(' ', 'T'),
        fc.constantFrom('', 'Z', 'z'),
        (seconds, separator, zone) => {
          const iso = formatTimestamp(seconds * 1000);
          const dateTime = `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}${zone}`;
          expect(parseTimestamp(dateTime)).toBe(seconds * 1000);
          expect(parseTimestamp(`${iso.slice(0, 19)}.000+00:00`)).toBe(seconds * 1000);
          expect(parseTimestamp(iso.slice(0, 10))).toBe(Math.floor(seconds / 86_400) * 86_400_000);
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseTimestamp('2024-02-30 10:00:00')).toBeUndefined();
    expect(parseTimestamp('2024-01-01 25:00:00')).toBeUndefined();
    expect(parseTimestamp('2024-01-01x10:00:00')).toBeUndefined();
    expect(parseTimestamp('２０２４-01-01')).toBeUndefined();
  });

  it('agrees with Date for every instant it formats (years 0001-9999)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });
});
