import { describe, expect, it } from 'vitest';
import { entityKeyText, PointInTimeIndex } from './point-in-time.ts';

const HOUR = 3_600_000;

describe('PointInTimeIndex', () => {
  const rows = [
    { key: 'a', eventTime: 10 * HOUR },
    { key: 'a', eventTime: 20 * HOUR },
    { key: 'b', eventTime: 5 * HOUR },
    { key: 'a', eventTime: 20 * HOUR, createdTime: 1 }, // same event time, created later: wins
    { key: null, eventTime: 1 * HOUR },
  ];
  const index = new PointInTimeIndex(rows);

  it('takes the latest row at or before the entity time, never one from the future', () => {
    expect(index.lookup({ key: 'a', time: 15 * HOUR }, null)).toBe(0);
    expect(index.lookup({ key: 'a', time: 9 * HOUR }, null)).toBe(-1);
    expect(index.lookup({ key: 'a', time: 10 * HOUR }, null)).toBe(0); // equal time is included
  });

  it('breaks ties of event time by created time, then by file order', () => {
    expect(index.lookup({ key: 'a', time: 30 * HOUR }, null)).toBe(3);
    const tie = new PointInTimeIndex([
      { key: 'x', eventTime: 1 },
      { key: 'x', eventTime: 1 },
    ]);
    expect(tie.lookup({ key: 'x', time: 1 }, null)).toBe(1);
  });

  it('honours the TTL with both ends inclusive', () => {
    expect(index.lookup({ key: 'a', time: 30 * HOUR }, 10 * HOUR)).toBe(3);
    expect(index.lookup({ key: 'a', time: 30 * HOUR + 1 }, 10 * HOUR)).toBe(-1);
  });

  it('gives nothing to a missing or unknown key', () => {
    expect(index.lookup({ key: null, time: 100 * HOUR }, null)).toBe(-1);
    expect(index.lookup({ key: 'zzz', time: 100 * HOUR }, null)).toBe(-1);
  });

  it('lists the latest row per key up to a time', () => {
    expect([...index.latest(12 * HOUR)]).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
  });
});

describe('entityKeyText', () => {
  it('makes numbers and their text one key, and blanks missing', () => {
    expect(entityKeyText(42)).toBe(entityKeyText('42'));
    expect(entityKeyText(' ')).toBeNull();
    expect(entityKeyText(null)).toBeNull();
    expect(entityKeyText(Number.NaN)).toBeNull();
  });
});
