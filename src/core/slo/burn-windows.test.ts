import { describe, expect, it } from 'vitest';
import { burnRates, countsWithin, multiwindowAlert, type CountedWindow } from './burn-windows.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const MIN = 60_000;

/** Minute windows ending at now, newest last: `bad(i)` of 1000 requests bad in the window i minutes before now. */
function minutes(count: number, bad: (minutesAgo: number) => number): CountedWindow[] {
  const windows: CountedWindow[] = [];
  for (let ago = count; ago >= 1; ago--)
    windows.push({ startMs: NOW - ago * MIN, endMs: NOW - (ago - 1) * MIN, counts: { total: 1000, bad: bad(ago) } });
  return windows;
}

describe('counts within a span', () => {
  it('takes the closed windows whole inside [now − length, now) only', () => {
    const windows: CountedWindow[] = [
      { startMs: NOW - 6 * MIN, endMs: NOW - 5 * MIN, counts: { total: 100, bad: 100 } }, // before the 5m span
      { startMs: NOW - 5 * MIN, endMs: NOW - 4 * MIN, counts: { total: 10, bad: 1 } },
      { startMs: NOW - MIN, endMs: NOW, counts: { total: 20, bad: 2 } },
      { startMs: NOW, endMs: NOW + MIN, counts: { total: 50, bad: 50 } }, // still open
    ];
    expect(countsWithin(windows, NOW, 5 * MIN)).toEqual({ total: 30, bad: 3 });
  });

  it('leaves out a window that began before the span even when it ends inside it', () => {
    const windows: CountedWindow[] = [{ startMs: NOW - 10 * MIN, endMs: NOW - MIN, counts: { total: 9, bad: 9 } }];
    expect(countsWithin(windows, NOW, 5 * MIN)).toEqual({ total: 0, bad: 0 });
  });
});

describe('burn rates over the workbook windows', () => {
  it('reads each window from the minutes inside it (hand-computed)', () => {
    // 99.9%: the last 5 minutes had 20 failures of 1000 each (2% → burn 20), the hour before none.
    const rates = burnRates(
      minutes(72 * 60, (ago) => (ago <= 5 ? 20 : 0)),
      NOW,
      0.999,
    );
    expect(rates['5m']).toBeCloseTo(20, 9);
    expect(rates['30m']).toBeCloseTo((5 * 20) / 30_000 / 0.001, 9); // 100 of 30,000 → 3.33
    expect(rates['1h']).toBeCloseTo(100 / 60_000 / 0.001, 9); // 1.67
    expect(rates['6h']).toBeCloseTo(100 / 360_000 / 0.001, 9);
    expect(rates['3d']).toBeCloseTo(100 / 4_320_000 / 0.001, 9);
  });

  it('is null for a window without events', () => {
    const rates = burnRates(
      minutes(10, () => 0),
      NOW,
      0.99,
    );
    expect(rates['5m']).toBe(0);
    expect(rates['1h']).toBe(0);
    expect(burnRates([], NOW, 0.99)['3d']).toBeNull();
  });
});

describe('multiwindow alerts', () => {
  const calm = { '5m': 0, '30m': 0, '1h': 0, '6h': 0, '3d': 0 };

  it('pages when 1h and 5m both burn above 14.4', () => {
    expect(multiwindowAlert({ ...calm, '1h': 15, '5m': 15 }, 'page')).toBe(1);
    // The long window alone (a burst that has stopped) does not page, nor the short one alone.
    expect(multiwindowAlert({ ...calm, '1h': 15, '5m': 2 }, 'page')).toBe(0);
    expect(multiwindowAlert({ ...calm, '1h': 2, '5m': 100 }, 'page')).toBe(0);
    // At the factor is not above it.
    expect(multiwindowAlert({ ...calm, '1h': 14.4, '5m': 14.4 }, 'page')).toBe(0);
  });

  it('pages when 6h and 30m both burn above 6', () => {
    expect(multiwindowAlert({ ...calm, '6h': 6.5, '30m': 7 }, 'page')).toBe(1);
    expect(multiwindowAlert({ ...calm, '6h': 6.5, '30m': 5 }, 'page')).toBe(0);
  });

  it('opens a ticket when 3d and 6h both burn above 1', () => {
    expect(multiwindowAlert({ ...calm, '3d': 1.2, '6h': 1.1 }, 'ticket')).toBe(1);
    expect(multiwindowAlert({ ...calm, '3d': 1.2, '6h': 0.9 }, 'ticket')).toBe(0);
    // A page's windows do not open a ticket.
    expect(multiwindowAlert({ ...calm, '1h': 50, '5m': 50 }, 'ticket')).toBe(0);
  });

  it('has no data when no pair can be judged, and judges the pairs it can', () => {
    const none = { '5m': null, '30m': null, '1h': null, '6h': null, '3d': null };
    expect(multiwindowAlert(none, 'page')).toBeNull();
    expect(multiwindowAlert(none, 'ticket')).toBeNull();
    expect(multiwindowAlert({ ...none, '1h': 20, '5m': 20 }, 'page')).toBe(1);
    expect(multiwindowAlert({ ...none, '1h': 1, '5m': 1 }, 'page')).toBe(0);
  });
});
