import { describe, expect, it } from 'vitest';
import { formatBytes, formatFeatureValue, formatInteger, formatLatency, formatNumber, formatTime, shortHash } from './format.ts';

describe('format', () => {
  it('groups integers the same way in every locale', () => {
    expect(formatInteger(20000)).toBe('20,000');
    expect(formatInteger(7)).toBe('7');
  });

  it('keeps four significant digits of fractions, three decimals above one, and whole numbers whole', () => {
    expect(formatNumber(0.823456)).toBe('0.8235');
    expect(formatNumber(0.0293685)).toBe('0.02937');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(123456)).toBe('123,456');
    expect(formatNumber(1234.56789)).toBe('1,234.568');
    expect(formatNumber(-12.34567)).toBe('-12.346');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('shows latency with a precision that suits its size', () => {
    expect(formatLatency(0.4213)).toBe('0.42 ms');
    expect(formatLatency(12.34)).toBe('12.3 ms');
    expect(formatLatency(2500)).toBe('2.50 s');
  });

  it('shows sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  it('formats an instant as local wall-clock time and leaves an unparsable one as it came', () => {
    const iso = '2025-03-01T14:02:11.000Z';
    const local = new Date(iso);
    expect(formatTime(iso)).toBe(
      `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} ` +
        `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}:${String(local.getSeconds()).padStart(2, '0')}`,
    );
    expect(formatTime('yesterday')).toBe('yesterday');
  });

  it('shortens hashes and names missing feature values', () => {
    expect(shortHash('a'.repeat(64))).toBe('a'.repeat(12));
    expect(shortHash('abc')).toBe('abc');
    expect(formatFeatureValue(null)).toBe('missing');
    expect(formatFeatureValue(undefined)).toBe('missing');
    expect(formatFeatureValue('rent')).toBe('rent');
    expect(formatFeatureValue(0.5)).toBe('0.5');
    expect(formatFeatureValue(67700)).toBe('67700');
    expect(formatFeatureValue(0.123456789)).toBe('0.123456789');
    expect(formatFeatureValue([1, 2])).toBe('[1,2]');
  });
});
