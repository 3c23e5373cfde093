import { describe, expect, it } from 'vitest';
import {
  findRange,
  findWindowSize,
  fittedRange,
  isWindowSizeAllowed,
  MAX_WINDOWS,
  MIN_FITTED_WINDOWS,
  monitoringQuery,
  monitoringRanges,
  windowCount,
  windowSizes,
} from './monitoring-range.ts';

describe('monitoringQuery', () => {
  it('ends at the end of the open window and spans the range in whole windows', () => {
    const now = Date.parse('2026-11-25T10:02:11.500Z');
    expect(monitoringQuery(now, findRange('1h'), findWindowSize('1m'))).toEqual({
      from: '2026-11-25T09:03:00.000Z',
      to: '2026-11-25T10:03:00.000Z',
      window: '1m',
    });
    expect(monitoringQuery(now, findRange('6h'), findWindowSize('5m'))).toEqual({
      from: '2026-11-25T04:05:00.000Z',
      to: '2026-11-25T10:05:00.000Z',
      window: '5m',
    });
    expect(monitoringQuery(now, findRange('24h'), findWindowSize('1h'))).toEqual({
      from: '2026-11-24T11:00:00.000Z',
      to: '2026-11-25T11:00:00.000Z',
      window: '1h',
    });
  });

  it('counts a window that has just begun as open', () => {
    expect(monitoringQuery(Date.parse('2026-11-25T10:05:00.000Z'), findRange('1h'), findWindowSize('5m')).to).toBe(
      '2026-11-25T10:10:00.000Z',
    );
  });

  it('always asks for a whole number of aligned windows', () => {
    const now = Date.parse('2026-11-25T10:02:11.500Z');
    for (const range of monitoringRanges) {
      for (const size of windowSizes) {
        const query = monitoringQuery(now, range, size);
        const from = Date.parse(query.from);
        const to = Date.parse(query.to);
        expect(from % size.ms).toBe(0);
        expect((to - from) / size.ms).toBe(windowCount(range, size));
        expect(to).toBeGreaterThan(now);
      }
    }
  });
});

describe('window sizes', () => {
  it('refuses a day per minute but allows every preset with its default', () => {
    expect(isWindowSizeAllowed(findRange('24h'), findWindowSize('1m'))).toBe(false);
    expect(isWindowSizeAllowed(findRange('6h'), findWindowSize('1m'))).toBe(true);
    for (const range of monitoringRanges) {
      const size = findWindowSize(range.defaultWindow);
      expect(size.id).toBe(range.defaultWindow);
      expect(windowCount(range, size)).toBeLessThanOrEqual(MAX_WINDOWS);
    }
  });

  it('falls back to the first choice for an unknown id', () => {
    expect(findRange('7d').id).toBe('1h');
    expect(findWindowSize('1d').id).toBe('1m');
  });
});

describe('fittedRange', () => {
  const minute = 60_000;
  const lastHour = { from: '2026-11-25T09:03:00.000Z', to: '2026-11-25T10:03:00.000Z', window_ms: minute };
  const at = (iso: string, rows = 20) => ({ start: iso, rows });

  it('draws five minutes of traffic in the last hour across the chart, not against its right edge', () => {
    const windows = ['09:55', '09:56', '09:57', '09:58', '09:59'].map((t) => at(`2026-11-25T${t}:00.000Z`));
    const fitted = fittedRange({ ...lastHour, windows });
    // Ten windows (the least a chart spans), ending where the asked range ends.
    expect(fitted).toEqual({ from: '2026-11-25T09:53:00.000Z', to: lastHour.to });
    expect((Date.parse(fitted.to) - Date.parse(fitted.from)) / minute).toBe(MIN_FITTED_WINDOWS);
  });

  it('starts one window before the first traffic when that is more than the least span', () => {
    const windows = [at('2026-11-25T09:30:00.000Z'), at('2026-11-25T10:02:00.000Z')];
    expect(fittedRange({ ...lastHour, windows }).from).toBe('2026-11-25T09:29:00.000Z');
  });

  it('leaves a range full of traffic, or without any, as it was asked', () => {
    expect(fittedRange({ ...lastHour, windows: [at('2026-11-25T09:03:00.000Z')] })).toEqual({ from: lastHour.from, to: lastHour.to });
    expect(fittedRange({ ...lastHour, windows: [at('2026-11-25T09:04:00.000Z')] })).toEqual({ from: lastHour.from, to: lastHour.to });
    expect(fittedRange({ ...lastHour, windows: [] })).toEqual({ from: lastHour.from, to: lastHour.to });
    expect(fittedRange({ ...lastHour, windows: [at('2026-11-25T09:55:00.000Z', 0)] })).toEqual({ from: lastHour.from, to: lastHour.to });
  });

  it('stays on the grid of windows of the asked range', () => {
    const fiveMinutes = { from: '2026-11-25T04:05:00.000Z', to: '2026-11-25T10:05:00.000Z', window_ms: 5 * minute };
    const fitted = fittedRange({ ...fiveMinutes, windows: [at('2026-11-25T08:20:00.000Z')] });
    expect(fitted.from).toBe('2026-11-25T08:15:00.000Z');
    expect((Date.parse(fitted.from) - Date.parse(fiveMinutes.from)) % (5 * minute)).toBe(0);
  });
});
