import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimestamp } from './timestamps.ts';

describe('parseTimestamp', () => {
  it('reads ISO dates and times, zoneless as UTC', () => {
    expect(parseTimestamp('2026-01-02')).toBe(Date.UTC(2026, 0, 2));
    expect(parseTimestamp('2026-01-02T03:04:05')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseTimestamp('2026-01-02 03:04:05.123')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
    expect(parseTimestamp('2026-01-02T03:04:05.123456Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
    expect(parseTimestamp('2026-01-02T03:04:05+02:00')).toBe(Date.UTC(2026, 0, 2, 1, 4, 5));
    expect(parseTimestamp('2026-01-02T03:04-0130')).toBe(Date.UTC(2026, 0, 2, 4, 34));
    expect(parseTimestamp('2026-01-02 03:04:05+00')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5)); // DuckDB's TIMESTAMPTZ text
  });

  it('refuses numbers, impossible dates and other text', () => {
    for (const text of ['1700000000', '2026-02-30', '2026-13-01', '2026-01-02T24:00:00', 'yesterday', ''])
      expect(parseTimestamp(text), text).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads units and plain seconds; zero is no limit', () => {
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('12h')).toBe(43200);
    expect(parseDuration('2w')).toBe(1209600);
    expect(parseDuration(90)).toBe(90);
    expect(parseDuration('0')).toBeNull();
    expect(parseDuration(0)).toBeNull();
    expect(parseDuration('7 days')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
});
