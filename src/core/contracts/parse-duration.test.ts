import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './parse-duration.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1h30m', 5_400_000],
    ['1d12h', 129_600_000],
    ['1.5h', 5_400_000],
    [' 2h ', 7_200_000],
    ['PT24H', 86_400_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['PT1.5H', 5_400_000],
    ['PT90S', 90_000],
    ['P2W', 1_209_600_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '24', 'h', '1x', '30m1h', '1h1h', '1mo', 'P1M', 'P1Y', 'P', 'PT', 'P1DT', '-1h', '1 h'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('prints the largest units first', () => {
    expect(formatDuration(90_061_000)).toBe('1d 1h');
    expect(formatDuration(28_488_410_000)).toBe('329d 17h');
    expect(formatDuration(86_460_000)).toBe('1d');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(90_000)).toBe('1m 30s');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(250)).toBe('250ms');
  });
});
