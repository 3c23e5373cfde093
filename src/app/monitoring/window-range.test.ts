import { describe, expect, it } from 'vitest';
import { windowRange } from './window-range.ts';

const now = () => new Date('2026-11-25T10:30:20.000Z');

describe('windowRange', () => {
  it('defaults to the hour before now in base windows, the first window aligned down', () => {
    expect(windowRange({}, 60_000, now)).toEqual({
      windowText: '1m',
      windowMs: 60_000,
      from: Date.parse('2026-11-25T09:30:00.000Z'),
      to: Date.parse('2026-11-25T10:30:20.000Z'),
      fromIso: '2026-11-25T09:30:00.000Z',
      toIso: '2026-11-25T10:30:20.000Z',
    });
    expect(windowRange({ from: '2026-11-25T10:07:00Z', to: '2026-11-25T11:00:00Z', window: '1h' }, 60_000, now)).toMatchObject({
      windowMs: 3_600_000,
      fromIso: '2026-11-25T10:00:00.000Z',
    });
  });

  it('refuses windows that are not multiples of the base, bad times, empty ranges and too many windows', () => {
    expect(() => windowRange({ window: '90s' }, 60_000, now)).toThrow(/multiple of the 1m base window/);
    expect(() => windowRange({ from: 'yesterday' }, 60_000, now)).toThrow(/"from" is not a time/);
    expect(() => windowRange({ from: '2026-11-25T11:00:00Z', to: '2026-11-25T10:00:00Z' }, 60_000, now)).toThrow(/before "to"/);
    expect(() => windowRange({ from: '2026-01-01T00:00:00Z' }, 60_000, now)).toThrow(/more than 1440 windows/);
  });
});
