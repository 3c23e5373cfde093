import { describe, expect, it } from 'vitest';
import { parseDuration } from '../contracts/parse-duration.ts';
import { compactDuration } from './duration-text.ts';

describe('compactDuration', () => {
  it('writes each unit once, largest first, in a form parseDuration reads back', () => {
    expect(compactDuration(900_000)).toBe('15m');
    expect(compactDuration(5_400_000)).toBe('1h30m');
    expect(compactDuration(691_200_500)).toBe('1w1d500ms');
    expect(compactDuration(0)).toBe('0s');
    for (const ms of [1, 999, 1000, 61_000, 3_600_000, 90_061_001, 1_209_600_000]) expect(parseDuration(compactDuration(ms))).toBe(ms);
  });
});
