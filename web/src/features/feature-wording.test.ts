import { describe, expect, it } from 'vitest';
import { MAX_LOOKUP_KEYS, onlineRowsWording, parseLookupKeys, sourceWording, ttlWording, windowWording } from './feature-wording.ts';

describe('feature wording', () => {
  it('says a TTL in words, largest units first', () => {
    expect(ttlWording(90 * 86_400)).toBe('90 days');
    expect(ttlWording(86_400 + 12 * 3600)).toBe('1 day 12 hours');
    expect(ttlWording(3661)).toBe('1 hour 1 minute 1 second');
    expect(ttlWording(45)).toBe('45 seconds');
    expect(ttlWording(0)).toBe('0 seconds');
    expect(ttlWording(null)).toBe('never expire');
  });

  it('names a source by path or table, and online rows or why they are not counted', () => {
    expect(sourceWording({ name: 'bureau', path: '/data/bureau.csv', table: null })).toBe('bureau (/data/bureau.csv)');
    expect(sourceWording({ name: 'tx', path: null, table: 'transactions' })).toBe('tx (table transactions)');
    expect(onlineRowsWording(1500)).toBe('1,500 keys');
    expect(onlineRowsWording(1)).toBe('1 key');
    expect(onlineRowsWording(null)).toBe('not counted (Redis)');
  });

  it('says a materialisation window, open at the start when it had none', () => {
    const run = { end_time: '2026-06-01T00:00:00.000Z', rows: 3, status: 'succeeded', finished_at: null } as const;
    expect(windowWording({ ...run, start_time: null })).toBe('the beginning → 2026-06-01T00:00:00.000Z');
    expect(windowWording({ ...run, start_time: '2026-03-01T00:00:00.000Z' })).toBe('2026-03-01T00:00:00.000Z → 2026-06-01T00:00:00.000Z');
  });

  it('reads lookup keys separated by commas, spaces or lines, once each', () => {
    expect(parseLookupKeys(' AP-1, AP-2\nAP-3  AP-1,,')).toEqual({ keys: ['AP-1', 'AP-2', 'AP-3'] });
    expect(parseLookupKeys(' , \n')).toEqual({ error: 'Enter at least one entity key.' });
    const many = Array.from({ length: MAX_LOOKUP_KEYS + 1 }, (_, i) => `k${i}`).join(',');
    expect(parseLookupKeys(many)).toEqual({ error: `At most ${MAX_LOOKUP_KEYS} keys at once (${MAX_LOOKUP_KEYS + 1} entered).` });
  });
});
